using Goldstone.Trainer.Data.RgClt;

namespace Goldstone.Tests.Trainer.Kinds.RgClt;

/// <summary>The exact map, the known cumulants of the inputs and the k-statistics, against each other and by hand.</summary>
public sealed class CumulantFlowTests
{
    private const int SampleLog2 = 21;
    private const int MaxSteps = 3;
    private const double StandardErrors = 4;

    public static TheoryData<InputDistribution> Distributions => new(InputDistributions.All);

    [Theory]
    [InlineData(InputDistribution.Uniform, -1.2, 0)]
    [InlineData(InputDistribution.Exponential, 6, 2)]
    [InlineData(InputDistribution.Laplace, 3, 0)]
    [InlineData(InputDistribution.Gaussian, 0, 0)]
    public void Cumulant_UnitVarianceInputs_AreTheKnownValues(InputDistribution distribution, double kappa4, double kappa3)
    {
        Assert.Equal(0, InputDistributions.Cumulant(distribution, 1));
        Assert.Equal(1, InputDistributions.Cumulant(distribution, 2));
        Assert.Equal(kappa3, InputDistributions.Cumulant(distribution, 3), 12);
        Assert.Equal(kappa4, InputDistributions.Cumulant(distribution, 4), 12);
    }

    /// <summary>
    /// 2^21 iid sites of each distribution, mapped 0 to 3 times by the exact block-sum step: every k-statistic lies
    /// within 4 standard errors of the recursion κₙ·2^(k(1 − n/2)). The standard errors are Fisher's exact variances
    /// of k₂, k₃, k₄, computed from the flowed cumulants up to order 8 — so this also checks κ₅..κ₈ of the inputs. The
    /// tolerance is tight enough that the unmapped value (the identity instead of the step) would fail for every
    /// non-zero κ₃ and κ₄.
    /// </summary>
    [Theory]
    [MemberData(nameof(Distributions))]
    public void Step_SampledCumulants_MatchTheExactRecursion(InputDistribution distribution)
    {
        var random = new Goldstone.Trainer.Common.SplitMix64(0xC17);
        var sites = new double[1 << SampleLog2];
        for (var i = 0; i < sites.Length; i++) sites[i] = InputDistributions.Sample(distribution, random);

        for (var steps = 0; steps <= MaxSteps; steps++)
        {
            var sampled = KStatistics.Of(sites);
            var exact = Enumerable.Range(0, InputDistributions.MaxCumulantOrder + 1)
                .Select(n => n == 0 ? 0 : BlockSumMap.CumulantAfter(InputDistributions.Cumulant(distribution, n), n, steps)).ToArray();
            var errors = StandardError(exact, sites.Length);
            foreach (var order in new[] { 2, 3, 4 })
            {
                var tolerance = StandardErrors * errors[order];
                Assert.True(Math.Abs(sampled.Cumulant(order) - exact[order]) <= tolerance,
                    $"{distribution}, {steps} steps: k{order} = {sampled.Cumulant(order)}, exact κ{order} = {exact[order]}, tolerance {tolerance}");
                if (steps > 0 && order > 2 && exact[order] != 0)
                {
                    var beforeStep = BlockSumMap.CumulantAfter(InputDistributions.Cumulant(distribution, order), order, steps - 1);
                    Assert.True(Math.Abs(beforeStep - exact[order]) > 2 * tolerance,
                        $"{distribution}, {steps} steps: the tolerance {tolerance} cannot tell κ{order} = {exact[order]} from its value one step earlier, {beforeStep}");
                }
            }
            sites = BlockSumMap.Step(sites);
        }
    }

    [Fact]
    public void CumulantAfter_OneStep_ScalesByTheBlockFactor()
    {
        Assert.Equal(1, BlockSumMap.CumulantAfter(1, 2, 5));
        Assert.Equal(2 / Math.Sqrt(2), BlockSumMap.CumulantAfter(2, 3, 1), 15);
        Assert.Equal(3, BlockSumMap.CumulantAfter(6, 4, 1));
        Assert.Equal(0.75, BlockSumMap.CumulantAfter(6, 4, 3));
    }

    [Fact]
    public void Step_FourSites_SumsEachPairOverRootTwo()
    {
        var mapped = BlockSumMap.Step([1, 3, -2, 2]);

        Assert.Equal([4 / Math.Sqrt(2), 0], mapped);
    }

    [Fact]
    public void Step_OddSites_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => BlockSumMap.Step([1, 2, 3]));
    }

    [Fact]
    public void Of_HandComputedSample_GivesTheUnbiasedKStatistics()
    {
        // By hand (exact fractions): mean 4, central sums 50, 180, 1394 → k₂ = 25/2, k₃ = 75, k₄ = 985/2.
        var statistics = KStatistics.Of([1, 2, 3, 4, 10]);

        Assert.Equal(5, statistics.Count);
        Assert.Equal(12.5, statistics.K2, 12);
        Assert.Equal(75, statistics.K3, 12);
        Assert.Equal(492.5, statistics.K4, 10);
    }

    [Fact]
    public void Of_ThreeValues_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => KStatistics.Of([1, 2, 3]));
    }

    [Fact]
    public void Parse_EveryName_RoundTrips()
    {
        Assert.Equal(["uniform", "exponential", "laplace", "gaussian"], InputDistributions.Names);
        Assert.All(InputDistributions.All, d => Assert.Equal(d, InputDistributions.Parse(InputDistributions.Name(d))));
        Assert.Null(InputDistributions.Parse("Gaussian"));
    }

    /// <summary>Standard errors of k₂, k₃, k₄ (indices 2..4) from cumulants κ₀..κ₈ (Fisher's exact sampling variances).</summary>
    private static double[] StandardError(double[] k, int count)
    {
        double n = count;
        var var2 = k[4] / n + 2 * k[2] * k[2] / (n - 1);
        var var3 = k[6] / n + 9 * k[2] * k[4] / (n - 1) + 9 * k[3] * k[3] / (n - 1) + 6 * n * Math.Pow(k[2], 3) / ((n - 1) * (n - 2));
        var var4 = k[8] / n + 16 * k[2] * k[6] / (n - 1) + 48 * k[3] * k[5] / (n - 1) + 34 * k[4] * k[4] / (n - 1)
            + 72 * n * k[2] * k[2] * k[4] / ((n - 1) * (n - 2)) + 144 * n * k[2] * k[3] * k[3] / ((n - 1) * (n - 2))
            + 24 * n * (n + 1) * Math.Pow(k[2], 4) / ((n - 1) * (n - 2) * (n - 3));
        return [0, 0, Math.Sqrt(var2), Math.Sqrt(var3), Math.Sqrt(var4)];
    }
}
