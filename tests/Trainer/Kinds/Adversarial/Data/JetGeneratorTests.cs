using Goldstone.Trainer.Kinds.Adversarial.Data;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Data;

public sealed class JetGeneratorTests
{
    [Fact]
    public void Generate_SameSeedTwice_GivesIdenticalJets()
    {
        var first = JetGenerator.Generate(200, seed: 7, stream: 1, JetTune.Nominal);
        var second = JetGenerator.Generate(200, seed: 7, stream: 1, JetTune.Nominal);

        Assert.True(first.Features.SequenceEqual(second.Features));
        Assert.True(first.Labels.SequenceEqual(second.Labels));
    }

    [Fact]
    public void Generate_OtherSeedOrStream_GivesOtherJets()
    {
        var reference = JetGenerator.Generate(50, seed: 7, stream: 1, JetTune.Nominal);

        Assert.False(reference.Features.SequenceEqual(JetGenerator.Generate(50, seed: 8, stream: 1, JetTune.Nominal).Features));
        Assert.False(reference.Features.SequenceEqual(JetGenerator.Generate(50, seed: 7, stream: 2, JetTune.Nominal).Features));
    }

    [Fact]
    public void Generate_TwoThreads_GivesTheSameJetsAsOne()
    {
        var serial = JetGenerator.Generate(300, seed: 3, stream: 1, JetTune.Shifted, threads: 1);
        var parallel = JetGenerator.Generate(300, seed: 3, stream: 1, JetTune.Shifted, threads: 2);

        Assert.True(serial.Features.SequenceEqual(parallel.Features));
    }

    [Fact]
    public void Generate_AnyJet_IsSortedByPtAndZeroPaddedBeyondItsMultiplicity()
    {
        var jets = JetGenerator.Generate(400, seed: 11, stream: 1, JetTune.Nominal);

        for (var i = 0; i < jets.Count; i++)
        {
            var row = jets.Row(i);
            var slots = jets.Slots(i);
            Assert.Equal(Math.Min(jets.GeneratedMultiplicity[i], JetLayout.MaxConstituents), slots);
            Assert.Equal(i % 2 == 0 ? 1f : 0f, jets.Labels[i]);
            for (var slot = 1; slot < slots; slot++)
                Assert.True(row[slot * JetLayout.ConstituentFeatures + JetLayout.LogPt] <= row[(slot - 1) * JetLayout.ConstituentFeatures + JetLayout.LogPt]);
            for (var slot = 0; slot < slots; slot++)
            {
                var constituent = row.Slice(slot * JetLayout.ConstituentFeatures, JetLayout.ConstituentFeatures);
                Assert.True(constituent[JetLayout.RelPt] > 0);
                Assert.Equal(1f, constituent.Slice(JetLayout.FirstTypeFlag, 5).ToArray().Sum());
            }
            Assert.All(row[(slots * JetLayout.ConstituentFeatures)..JetLayout.ConstituentInputs].ToArray(), value => Assert.Equal(0f, value));
        }
    }

    [Fact]
    public void Generate_ShiftedTune_RaisesTheMeanMultiplicityByTenPercent()
    {
        var nominal = JetGenerator.Generate(20_000, seed: 5, stream: 2, JetTune.Nominal, threads: 2);
        var shifted = JetGenerator.Generate(20_000, seed: 5, stream: 2, JetTune.Shifted, threads: 2);

        var ratio = shifted.GeneratedMultiplicity.ToArray().Average() / nominal.GeneratedMultiplicity.ToArray().Average();

        Assert.InRange(ratio, 1.09, 1.11);
        Assert.True(shifted.Labels.SequenceEqual(nominal.Labels));
    }

    [Fact]
    public void Generate_ShiftedTune_ScalesTheJetPtByTheEnergyScale()
    {
        var nominal = JetGenerator.Generate(20_000, seed: 5, stream: 2, JetTune.Nominal, threads: 2);
        var shifted = JetGenerator.Generate(20_000, seed: 5, stream: 2, JetTune.Shifted, threads: 2);

        // Same hard process per jet: the log pT difference is log(1 + δ), δ ~ N(0.02, 0.03), plus a little extra soft
        // activity (+10% of ~12 GeV on ~600 GeV).
        var differences = Enumerable.Range(0, nominal.Count)
            .Select(i => (double)shifted.Row(i)[JetLayout.JetLogPt] - nominal.Row(i)[JetLayout.JetLogPt]).ToArray();
        var mean = differences.Average();
        var spread = Math.Sqrt(differences.Select(d => (d - mean) * (d - mean)).Average());

        Assert.InRange(mean, 0.017, 0.024);
        Assert.InRange(spread, 0.027, 0.034);
    }
}
