using Goldstone.Trainer.Data;
using Goldstone.Trainer.Kinds.SoftSymmetry;
using Goldstone.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Data;

public sealed class HiggsSymmetriesTests
{
    public HiggsSymmetriesTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Rotate_AnyAngles_LeavesNonAzimuthColumnsBitIdentical()
    {
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(500, 4, 1, DetectorTune.Nominal).FeatureTensor();
        var angles = torch.rand(500, generator: new Generator(3)) * 20 - 10;

        var rotated = HiggsSymmetries.Rotate(x, angles);

        var others = Enumerable.Range(0, HiggsFeatures.Count).Except(HiggsFeatures.PhiColumns).Select(c => (long)c).ToArray();
        Assert.True(rotated.index_select(1, torch.tensor(others)).eq(x.index_select(1, torch.tensor(others))).all().item<bool>());
    }

    [Fact]
    public void Rotate_AnyAngles_WrapsIntoRangeAndKeepsRelativeAzimuths()
    {
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(500, 4, 1, DetectorTune.Nominal).FeatureTensor();
        var angles = torch.rand(500, generator: new Generator(3)) * 20 - 10;

        var rotated = HiggsSymmetries.Rotate(x, angles);

        var phi = torch.tensor(HiggsFeatures.PhiColumns.Select(c => (long)c).ToArray());
        var after = rotated.index_select(1, phi);
        Assert.True(after.abs().max().item<float>() <= (float)HiggsFeatures.PhiBound + 1e-6f);
        // Relative azimuths to the lepton in radians, compared through cos and sin because a wrap can add 2π.
        var before = x.index_select(1, phi);
        var relativeBefore = (before - before[.., 0..1]) * HiggsFeatures.RadiansPerPhiUnit;
        var relativeAfter = (after - after[.., 0..1]) * HiggsFeatures.RadiansPerPhiUnit;
        Assert.True((relativeBefore.cos() - relativeAfter.cos()).abs().max().item<float>() < 1e-5f);
        Assert.True((relativeBefore.sin() - relativeAfter.sin()).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void FlipEta_Twice_IsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(100, 4, 1, DetectorTune.Nominal).FeatureTensor();

        var flipped = HiggsSymmetries.FlipEta(x);

        Assert.True(HiggsSymmetries.FlipEta(flipped).eq(x).all().item<bool>());
        Assert.Equal(-x[0, HiggsFeatures.LeptonEta].item<float>(), flipped[0, HiggsFeatures.LeptonEta].item<float>());
        Assert.Equal(x[0, HiggsFeatures.LeptonPhi].item<float>(), flipped[0, HiggsFeatures.LeptonPhi].item<float>());
    }

    [Fact]
    public void Rotate_WrongShape_ThrowsArgumentException()
    {
        using var scope = torch.NewDisposeScope();

        Assert.Throws<ArgumentException>(() => HiggsSymmetries.Rotate(torch.zeros(4, 27), torch.zeros(4)));
        Assert.Throws<ArgumentException>(() => HiggsSymmetries.Rotate(torch.zeros(4, 28), torch.zeros(3)));
    }

    [Theory]
    [InlineData(HiggsSymmetry.Rotation)]
    [InlineData(HiggsSymmetry.ZFlip)]
    public void Finite_InvariantModel_IsExactlyZero(HiggsSymmetry symmetry)
    {
        torch.manual_seed(5);
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(256, 4, 1, DetectorTune.Nominal).FeatureTensor();
        using var model = new InvariantProbe();

        var penalty = SymmetryPenalty.Finite(model, x, symmetry, new Generator(1));

        Assert.Equal(0f, penalty.item<float>());
    }

    [Theory]
    [InlineData(HiggsSymmetry.Rotation)]
    [InlineData(HiggsSymmetry.ZFlip)]
    public void Finite_RandomMlp_IsPositive(HiggsSymmetry symmetry)
    {
        torch.manual_seed(5);
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(256, 4, 1, DetectorTune.Nominal).FeatureTensor();
        var (mean, std) = Mlp.Standardisation(x);
        using var model = new Mlp(mean, std, 16, 2, Activation.Tanh);

        var penalty = SymmetryPenalty.Finite(model, x, symmetry, new Generator(1));

        Assert.True(penalty.item<float>() > 1e-5f, $"penalty {penalty.item<float>()}");
    }

    [Fact]
    public void Infinitesimal_InvariantModel_IsExactlyZero()
    {
        torch.manual_seed(5);
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(256, 4, 1, DetectorTune.Nominal).FeatureTensor();
        using var model = new InvariantProbe();

        var penalty = SymmetryPenalty.Infinitesimal(model, x, HiggsSymmetry.Rotation, createGraph: true);

        Assert.Equal(0f, penalty.item<float>());
    }

    [Theory]
    [InlineData(PenaltyVariant.Finite)]
    [InlineData(PenaltyVariant.Infinitesimal)]
    public void Compute_MlpBlindToAzimuths_IsExactlyZeroForTheRotationAndPositiveOtherwise(PenaltyVariant variant)
    {
        torch.manual_seed(5);
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(256, 4, 1, DetectorTune.Nominal).FeatureTensor();
        var (mean, std) = Mlp.Standardisation(x);
        using var model = new Mlp(mean, std, 16, 2, Activation.Silu);
        var before = Penalty(variant, model, x);
        using (torch.no_grad())
            foreach (var column in HiggsFeatures.PhiColumns) model.HiddenLayers[0].weight![.., column] = 0;

        var after = Penalty(variant, model, x);

        Assert.True(before > 1e-6f, $"penalty of a generic model {before}");
        Assert.Equal(0f, after);
    }

    [Fact]
    public void Infinitesimal_SmoothModel_IsTheLimitOfTheFiniteDifferenceAlongTheRotation()
    {
        torch.manual_seed(6);
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(300, 4, 1, DetectorTune.Nominal).FeatureTensor().to(ScalarType.Float64);
        // Events with an azimuth near ±π wrap under a small rotation: the model sees a jump there, not a rotation.
        var phi = torch.tensor(HiggsFeatures.PhiColumns.Select(c => (long)c).ToArray());
        x = x[x.index_select(1, phi).abs().amax([1]).lt(HiggsFeatures.PhiBound - 1e-3)];
        var (mean, std) = Mlp.Standardisation(x);
        using var model = new Mlp(mean, std, 16, 2, Activation.Tanh, ScalarType.Float64);
        const double delta = 1e-6;

        var penalty = SymmetryPenalty.Infinitesimal(model, x, HiggsSymmetry.Rotation, createGraph: false).item<double>();

        using var noGrad = torch.no_grad();
        var plus = torch.sigmoid(model.call(HiggsSymmetries.Rotate(x, torch.full([x.shape[0]], delta, dtype: ScalarType.Float64))));
        var minus = torch.sigmoid(model.call(HiggsSymmetries.Rotate(x, torch.full([x.shape[0]], -delta, dtype: ScalarType.Float64))));
        var finiteDifference = ((plus - minus) / (2 * delta)).square().mean().item<double>();
        Assert.True(x.shape[0] > 250, $"{x.shape[0]} events kept");
        Assert.True(penalty > 1e-6);
        Assert.Equal(finiteDifference, penalty, penalty * 1e-6);
    }

    [Fact]
    public void Infinitesimal_ZFlip_ThrowsBecauseADiscreteSymmetryHasNoGenerator()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new InvariantProbe();

        Assert.Throws<ArgumentException>(() => SymmetryPenalty.Infinitesimal(model, torch.zeros(2, 28), HiggsSymmetry.ZFlip, createGraph: false));
    }

    [Fact]
    public void Infinitesimal_WithGraph_HasAGradientInTheParameters()
    {
        torch.manual_seed(5);
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(64, 4, 1, DetectorTune.Nominal).FeatureTensor();
        var (mean, std) = Mlp.Standardisation(x);
        using var model = new Mlp(mean, std, 8, 2, Activation.Relu);

        SymmetryPenalty.Infinitesimal(model, x, HiggsSymmetry.Rotation, createGraph: true).backward();

        Assert.True(model.HiddenLayers[0].weight!.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void RotationGenerator_IsTheDerivativeOfRotateAtZero()
    {
        using var scope = torch.NewDisposeScope();
        var x = HiggsGenerator.Generate(200, 4, 1, DetectorTune.Nominal).FeatureTensor().to(ScalarType.Float64);
        var phi = torch.tensor(HiggsFeatures.PhiColumns.Select(c => (long)c).ToArray());
        x = x[x.index_select(1, phi).abs().amax([1]).lt(HiggsFeatures.PhiBound - 1e-3)];
        const double delta = 1e-4;

        var rate = (HiggsSymmetries.Rotate(x, torch.full([x.shape[0]], delta, dtype: ScalarType.Float64)) - x) / delta;

        var generator = torch.tensor(HiggsSymmetries.RotationGenerator());
        Assert.True((rate - generator).abs().max().item<double>() < 1e-9);
        // A stored azimuth is φ / 1.8: it moves at 1 / 1.8 per radian of rotation.
        Assert.All(HiggsFeatures.PhiColumns, column => Assert.Equal(1 / 1.8, HiggsSymmetries.RotationGenerator()[column]));
        // pT, η, missing energy, b-tags and masses do not move: their rate is exactly zero.
        var others = Enumerable.Range(0, HiggsFeatures.Count).Except(HiggsFeatures.PhiColumns).ToArray();
        Assert.All(others, column => Assert.Equal(0.0, HiggsSymmetries.RotationGenerator()[column]));
        Assert.True(rate.index_select(1, torch.tensor(others.Select(c => (long)c).ToArray())).eq(0).all().item<bool>());
    }

    private static float Penalty(PenaltyVariant variant, Mlp model, Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return SymmetryPenalty.Compute(variant, model, x, HiggsSymmetry.Rotation, new Generator(1), model.call(x), createGraph: false).item<float>();
    }

    [Fact]
    public void ApplyTune_NominalTune_ChangesNothing()
    {
        var data = HiggsGenerator.Generate(100, 4, 1, DetectorTune.Nominal);

        Assert.Equal(data.Features, HiggsSymmetries.ApplyTune(data, DetectorTune.Nominal, 1, 7).Features);
    }

    [Fact]
    public void ApplyTune_ScaleOnly_ScalesJetPtAndJetMassesAndNothingElse()
    {
        var data = HiggsGenerator.Generate(100, 4, 1, DetectorTune.Nominal);

        var tuned = HiggsSymmetries.ApplyTune(data, new DetectorTune(1.25, 0), 1, 7);

        var scaled = HiggsFeatures.JetPtColumns.Concat(HiggsFeatures.JetMassColumns).ToHashSet();
        for (var row = 0; row < data.Count; row++)
            for (var column = 0; column < HiggsFeatures.Count; column++)
                Assert.Equal(scaled.Contains(column) ? (float)(data[row, column] * 1.25) : data[row, column], tuned[row, column]);
    }

    /// <summary>A model that sees neither azimuths nor the sign of η: invariant under both symmetries.</summary>
    private sealed class InvariantProbe : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear _layer = nn.Linear(HiggsFeatures.Count, 1);

        public InvariantProbe() : base(nameof(InvariantProbe)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            var keep = torch.ones(HiggsFeatures.Count);
            foreach (var column in HiggsFeatures.PhiColumns) keep[column] = 0;
            var features = input * keep;
            var eta = torch.zeros(HiggsFeatures.Count, dtype: ScalarType.Bool);
            foreach (var column in HiggsFeatures.EtaColumns) eta[column] = true;
            return _layer.call(torch.where(eta, features.abs(), features)).squeeze(-1);
        }
    }
}
