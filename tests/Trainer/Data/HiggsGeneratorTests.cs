using Goldstone.Trainer.Data;

namespace Goldstone.Tests.Trainer.Data;

public sealed class HiggsGeneratorTests
{
    [Fact]
    public void Generate_SameSeedAndStream_GivesBitIdenticalEvents()
    {
        var first = HiggsGenerator.Generate(500, 11, 1, DetectorTune.Nominal);
        var second = HiggsGenerator.Generate(500, 11, 1, DetectorTune.Nominal);

        Assert.Equal(first.Features, second.Features);
        Assert.Equal(first.Labels, second.Labels);
    }

    [Fact]
    public void Generate_OtherSeedOrStream_GivesOtherEvents()
    {
        var reference = HiggsGenerator.Generate(50, 11, 1, DetectorTune.Nominal);

        Assert.NotEqual(reference.Features, HiggsGenerator.Generate(50, 12, 1, DetectorTune.Nominal).Features);
        Assert.NotEqual(reference.Features, HiggsGenerator.Generate(50, 11, 2, DetectorTune.Nominal).Features);
    }

    [Fact]
    public void Generate_FirstEvents_DoNotDependOnHowManyAreGenerated()
    {
        var few = HiggsGenerator.Generate(10, 5, 1, DetectorTune.Nominal);
        var many = HiggsGenerator.Generate(100, 5, 1, DetectorTune.Nominal);

        Assert.Equal(few.Features, many.Slice(0, 10).Features);
    }

    [Fact]
    public void Generate_Events_StayInsideTheFormatsRanges()
    {
        var data = HiggsGenerator.Generate(4000, 3, 1, DetectorTune.Nominal);

        for (var row = 0; row < data.Count; row++)
        {
            // The file's units: azimuths within ±π / 1.8, each jet's b-tag at its own column's levels.
            foreach (var column in HiggsFeatures.PhiColumns)
                Assert.InRange(data[row, column], -(float)HiggsFeatures.PhiBound, (float)HiggsFeatures.PhiBound);
            foreach (var column in HiggsFeatures.EtaColumns)
                Assert.InRange(data[row, column], -2.6f, 2.6f);
            for (var jet = 0; jet < HiggsFeatures.JetCount; jet++)
                Assert.Contains(data[row, HiggsFeatures.JetPt(jet) + 3], HiggsFeatures.BTagLevels[jet]);
            for (var jet = 1; jet < HiggsFeatures.JetCount; jet++)
                Assert.True(data[row, HiggsFeatures.JetPt(jet)] <= data[row, HiggsFeatures.JetPt(jet - 1)], "jets are ordered by pT");
            for (var column = HiggsFeatures.FirstMass; column < HiggsFeatures.Count; column++)
                Assert.True(data[row, column] > 0);
        }
        Assert.InRange(data.Labels.Average(), 0.45, 0.55);
        // Every level of every jet occurs: the columns do not share one set of values.
        for (var jet = 0; jet < HiggsFeatures.JetCount; jet++)
            Assert.Equal(HiggsFeatures.BTagLevels[jet], Enumerable.Range(0, data.Count).Select(r => data[r, HiggsFeatures.JetPt(jet) + 3]).Distinct().Order());
        // Azimuths fill the file's range: the generator does not write radians.
        Assert.InRange(Enumerable.Range(0, data.Count).Max(r => data[r, HiggsFeatures.LeptonPhi]), 1.74f, (float)HiggsFeatures.PhiBound);
    }

    [Fact]
    public void Generate_ShiftScaleZero_ShiftedTuneEqualsNominal()
    {
        var nominal = HiggsGenerator.Generate(300, 8, 2, DetectorTune.Nominal);
        var shifted = HiggsGenerator.Generate(300, 8, 2, DetectorTune.Shifted(0));

        Assert.Equal(nominal.Features, shifted.Features);
    }

    [Fact]
    public void Generate_ShiftedTune_MeasuresTheSameEventsWithScaledJets()
    {
        var nominal = HiggsGenerator.Generate(4000, 8, 2, DetectorTune.Nominal);
        var shifted = HiggsGenerator.Generate(4000, 8, 2, DetectorTune.Shifted(0.1));

        Assert.Equal(nominal.Labels, shifted.Labels);
        var ratios = new List<double>();
        for (var row = 0; row < nominal.Count; row++)
        {
            // The lepton is not a jet: the tune leaves it alone.
            Assert.Equal(nominal[row, HiggsFeatures.LeptonPt], shifted[row, HiggsFeatures.LeptonPt]);
            Assert.Equal(nominal[row, HiggsFeatures.LeptonEta], shifted[row, HiggsFeatures.LeptonEta]);
            ratios.Add(HiggsFeatures.JetPtColumns.Sum(c => shifted[row, c]) / HiggsFeatures.JetPtColumns.Sum(c => (double)nominal[row, c]));
        }
        Assert.InRange(ratios.Average(), 1.09, 1.11);
    }

    [Fact]
    public void Generate_RotatedEvents_HaveTheDistributionOfFreshEvents()
    {
        var sample = HiggsGenerator.Generate(20_000, 21, 1, DetectorTune.Nominal);
        var fresh = HiggsGenerator.Generate(20_000, 21, 2, DetectorTune.Nominal);
        var angles = new Goldstone.Trainer.Common.SplitMix64(99);
        var rotated = sample.MapFeatures((_, features) =>
        {
            var alpha = 2 * Math.PI * angles.NextDouble();
            foreach (var column in HiggsFeatures.PhiColumns)
                features[column] = (float)HiggsFeatures.PhiFromRadians(HiggsFeatures.PhiToRadians(features[column]) + alpha);
        });

        AssertSameDistribution(rotated, fresh);
    }

    [Fact]
    public void Generate_FlippedEvents_HaveTheDistributionOfFreshEvents()
    {
        var sample = HiggsGenerator.Generate(20_000, 21, 1, DetectorTune.Nominal);
        var fresh = HiggsGenerator.Generate(20_000, 21, 2, DetectorTune.Nominal);
        var flipped = sample.MapFeatures((_, features) =>
        {
            foreach (var column in HiggsFeatures.EtaColumns) features[column] = -features[column];
        });

        AssertSameDistribution(flipped, fresh);
    }

    [Fact]
    public void WrapAngle_Boundaries_MapIntoHalfOpenInterval()
    {
        Assert.Equal(Math.PI, HiggsGenerator.WrapAngle(-Math.PI));
        Assert.Equal(Math.PI, HiggsGenerator.WrapAngle(Math.PI));
        Assert.Equal(0.5, HiggsGenerator.WrapAngle(0.5 + 4 * Math.PI), 12);
        Assert.Equal(-0.5, HiggsGenerator.WrapAngle(-0.5 - 2 * Math.PI), 12);
    }

    /// <summary>
    /// Two-sample Kolmogorov-Smirnov distances on every feature and on sums of feature pairs that are not
    /// invariant (so that a broken joint symmetry shows even when the marginals are symmetric). With 20 000 events
    /// per sample, 0.025 is above the 0.1% critical value (0.0195); a missing global rotation or flip gives ~1.
    /// </summary>
    private static void AssertSameDistribution(HiggsDataset a, HiggsDataset b)
    {
        var probes = Enumerable.Range(0, HiggsFeatures.Count)
            .Select(c => (Name: HiggsFeatures.Names[c], Value: (Func<HiggsDataset, int, double>)((d, r) => d[r, c])))
            .Append(("lepton_phi + jet1_phi", (d, r) => HiggsGenerator.WrapAngle(HiggsFeatures.PhiToRadians(d[r, 2] + d[r, 7]))))
            .Append(("missing_energy_phi + jet2_phi", (d, r) => HiggsGenerator.WrapAngle(HiggsFeatures.PhiToRadians(d[r, 4] + d[r, 11]))))
            .Append(("lepton_eta + jet1_eta", (d, r) => d[r, 1] + d[r, 6]))
            .Append(("jet3_eta + jet4_eta", (d, r) => d[r, 14] + d[r, 18]));
        foreach (var (name, value) in probes)
        {
            var distance = KolmogorovSmirnov(
                Enumerable.Range(0, a.Count).Select(r => value(a, r)).ToArray(),
                Enumerable.Range(0, b.Count).Select(r => value(b, r)).ToArray());
            Assert.True(distance < 0.025, $"{name}: KS distance {distance}");
        }
    }

    private static double KolmogorovSmirnov(double[] a, double[] b)
    {
        Array.Sort(a);
        Array.Sort(b);
        int i = 0, j = 0;
        double distance = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
            distance = Math.Max(distance, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return distance;
    }
}
