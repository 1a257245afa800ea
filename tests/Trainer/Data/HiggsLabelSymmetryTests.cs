using Goldstone.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Data;

/// <summary>Exactly and approximately invariant labels of the generator (<c>symmetry_breaking</c> b).</summary>
public sealed class HiggsLabelSymmetryTests
{
    public HiggsLabelSymmetryTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Generate_BreakingZero_GivesTheExactGeneratorsEventsAndLabels()
    {
        var exact = HiggsGenerator.Generate(500, 11, 1, DetectorTune.Nominal);

        var zero = HiggsGenerator.Generate(500, 11, 1, DetectorTune.Nominal, symmetryBreaking: 0);
        var broken = HiggsGenerator.Generate(500, 11, 1, DetectorTune.Nominal, symmetryBreaking: 0.3);

        Assert.Equal(exact.Features, zero.Features);
        Assert.Equal(exact.Labels, zero.Labels);
        // The breaking relabels some events and moves none.
        Assert.Equal(exact.Features, broken.Features);
        Assert.InRange(exact.Labels.Zip(broken.Labels).Count(pair => pair.First != pair.Second), 30, 120);
    }

    [Fact]
    public void SignalProbability_BreakingZero_IsExactlyInvariantOnGeneratedRows()
    {
        using var scope = torch.NewDisposeScope();
        var data = HiggsGenerator.Generate(300, 4, 1, DetectorTune.Nominal);
        var x = data.FeatureTensor();
        var angles = torch.rand(300, generator: new Generator(3)) * 20 - 10;

        var rotated = Rows(HiggsSymmetries.Rotate(x, angles));
        var flipped = Rows(HiggsSymmetries.FlipEta(x));

        for (var row = 0; row < data.Count; row++)
        {
            var original = HiggsGenerator.SignalProbability(0.37, data.Features.AsSpan(row * HiggsFeatures.Count, HiggsFeatures.Count), 0);
            Assert.Equal(0.37, original);
            Assert.Equal(original, HiggsGenerator.SignalProbability(0.37, rotated[row], 0));
            Assert.Equal(original, HiggsGenerator.SignalProbability(0.37, flipped[row], 0));
        }
    }

    [Theory]
    [InlineData(0.2, Math.PI)]
    [InlineData(0.5, Math.PI / 3)]
    public void SignalProbability_BreakingAboveZero_MovesUnderRotationByTheStatedAmount(double breaking, double alpha)
    {
        using var scope = torch.NewDisposeScope();
        var data = HiggsGenerator.Generate(300, 4, 1, DetectorTune.Nominal);
        var x = data.FeatureTensor();

        var rotated = Rows(HiggsSymmetries.Rotate(x, torch.full([300], alpha)));
        var flipped = Rows(HiggsSymmetries.FlipEta(x));

        double largest = 0;
        for (var row = 0; row < data.Count; row++)
        {
            var features = data.Features.AsSpan(row * HiggsFeatures.Count, HiggsFeatures.Count);
            var phi = 1.8 * features[HiggsFeatures.LeptonPhi];
            var before = HiggsGenerator.SignalProbability(0.37, features, breaking);
            // (1 − b)·q + b·(1 + cos φ_ℓ)/2 moves by (b/2)·(cos(φ_ℓ + α) − cos φ_ℓ); by −b·cos φ_ℓ for α = π.
            var expected = breaking / 2 * (Math.Cos(phi + alpha) - Math.Cos(phi));
            Assert.Equal((1 - breaking) * 0.37 + breaking * (1 + Math.Cos(phi)) / 2, before, 1e-12);
            Assert.Equal(expected, HiggsGenerator.SignalProbability(0.37, rotated[row], breaking) - before, 2e-6);
            Assert.Equal(before, HiggsGenerator.SignalProbability(0.37, flipped[row], breaking));
            largest = Math.Max(largest, Math.Abs(expected));
        }
        // Over 300 uniform azimuths the largest move comes close to its bound b·|sin(α/2)|.
        Assert.InRange(largest, 0.95 * breaking * Math.Sin(alpha / 2), breaking * Math.Sin(alpha / 2) + 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Generate_Labels_FollowTheLeptonAzimuthByTheStatedAmount(double breaking)
    {
        var data = HiggsGenerator.Generate(40_000, 13, 1, DetectorTune.Nominal, breaking);

        // E[y | φ_ℓ] = (1 − b)/2 + b·(1 + cos φ_ℓ)/2 (the physics class is balanced and independent of φ_ℓ), so the
        // signal share with cos φ_ℓ > 0 exceeds that with cos φ_ℓ < 0 by b·(E[cos | cos > 0] − E[cos | cos < 0]) = 2b/π.
        // 20 000 events a side: standard error 0.005.
        var forward = Enumerable.Range(0, data.Count).Where(r => Math.Cos(1.8 * data[r, HiggsFeatures.LeptonPhi]) > 0).ToArray();
        var backward = Enumerable.Range(0, data.Count).Where(r => Math.Cos(1.8 * data[r, HiggsFeatures.LeptonPhi]) <= 0).ToArray();
        var difference = forward.Average(r => data.Labels[r]) - backward.Average(r => data.Labels[r]);

        Assert.Equal(2 * breaking / Math.PI, difference, 0.02);
        Assert.Equal(0.5, data.Labels.Average(), 0.02);
    }

    [Fact]
    public void Generate_ShiftedTuneWithBreaking_KeepsTheLabels()
    {
        var nominal = HiggsGenerator.Generate(2000, 8, 2, DetectorTune.Nominal, symmetryBreaking: 0.5);
        var shifted = HiggsGenerator.Generate(2000, 8, 2, DetectorTune.Shifted(0.1), symmetryBreaking: 0.5);

        // The breaking reads the lepton, which the tune does not touch: one label set serves both test sets.
        Assert.Equal(nominal.Labels, shifted.Labels);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Generate_BreakingOutsideZeroToOne_Throws(double breaking)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HiggsGenerator.Generate(1, 1, 1, DetectorTune.Nominal, breaking));
    }

    private static float[][] Rows(Tensor features)
    {
        var values = features.data<float>().ToArray();
        return Enumerable.Range(0, (int)features.shape[0]).Select(r => values.AsSpan(r * HiggsFeatures.Count, HiggsFeatures.Count).ToArray()).ToArray();
    }
}
