using Goldstone.Grains.Search;

namespace Goldstone.Tests.Unit.Search;

public sealed class ParzenEstimatorTests
{
    [Fact]
    public void LogDensity_Continuous_IntegratesToOne()
    {
        var estimator = new ParzenEstimator([0.1, 0.15, 0.8], [1, 1, 1], 0, 1, null, 1.0);
        const int steps = 20000;
        var integral = Enumerable.Range(0, steps).Sum(i => Math.Exp(estimator.LogDensity((i + 0.5) / steps)) / steps);
        Assert.Equal(1.0, integral, 4);
    }

    [Fact]
    public void LogDensity_Integer_SumsToOneOverTheIntegers()
    {
        var estimator = new ParzenEstimator([2, 2, 5], [1, 0.5, 1], 1, 6, 1.0, 1.0);
        Assert.Equal(1.0, Enumerable.Range(1, 6).Sum(v => Math.Exp(estimator.LogDensity(v))), 10);
    }

    [Theory]
    // scipy.stats.truncnorm.logpdf over Optuna's own mus, sigmas and weights for these observations gives -0.2047369.
    [InlineData(false, -0.2047369)]
    // Debian's Optuna 3.1.0 (_ParzenEstimator.log_pdf of the same observations) gives -1.22536464: its truncated normal
    // lacks the 1/σ factor, which DensityWithoutScale reproduces for the benchmark.
    [InlineData(true, -1.22536464)]
    public void LogDensity_SevenObservations_MatchesTheReference(bool withoutScale, double expected)
    {
        var estimator = new ParzenEstimator([0.1, 0.15, 0.8, 0.33, 0.34, 0.9, 0.05], Enumerable.Repeat(1.0, 7).ToList(), -0.5, 1.5, null, 1.0, withoutScale);
        Assert.Equal(expected, estimator.LogDensity(0.0), 6);
    }

    [Fact]
    public void Sample_Integer_GivesIntegersInTheRange()
    {
        var estimator = new ParzenEstimator([1, 6], [1, 1], 1, 6, 1.0, 1.0);
        var random = new SplitMixRandom(1);
        var draws = Enumerable.Range(0, 2000).Select(_ => estimator.Sample(random)).ToList();
        Assert.All(draws, d => Assert.Equal(Math.Round(d), d));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], draws.Distinct().Order());
    }

    [Fact]
    public void Sample_Continuous_FollowsTheDensity()
    {
        // Most mass near the two clustered observations: the draws' share below 0.3 matches the density's.
        var estimator = new ParzenEstimator([0.1, 0.15, 0.8], [1, 1, 1], 0, 1, null, 1.0);
        var random = new SplitMixRandom(2);
        var share = Enumerable.Range(0, 20000).Count(_ => estimator.Sample(random) < 0.3) / 20000.0;
        var mass = Enumerable.Range(0, 3000).Sum(i => Math.Exp(estimator.LogDensity((i + 0.5) / 10000)) / 10000);
        Assert.Equal(mass, share, 1);
        Assert.InRange(share, mass - 0.02, mass + 0.02);
    }

    [Fact]
    public void Categorical_PriorSmoothing_LeavesEveryChoicePossible()
    {
        var estimator = new CategoricalEstimator([1, 1, 1], [1, 1, 1], 3, 1.0);
        // Each observation's row: 1/4 smoothing everywhere, +1 at choice 1 (then normalised); the prior row is uniform.
        var observed = 3.0 / 4 * (1.25 / 1.75) + 1.0 / 4 / 3;
        Assert.Equal(observed, Math.Exp(estimator.LogProbability(1)), 12);
        Assert.Equal((1 - observed) / 2, Math.Exp(estimator.LogProbability(0)), 12);
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(-1.5)]
    [InlineData(0)]
    [InlineData(0.7)]
    [InlineData(-6)]
    public void InverseCdf_OfCdf_GivesBackTheValue(double z)
    {
        Assert.Equal(z, NormalDistribution.InverseCdf(NormalDistribution.Cdf(z)), 9);
    }

    [Fact]
    public void Cdf_KnownValues()
    {
        Assert.Equal(0.5, NormalDistribution.Cdf(0), 15);
        Assert.Equal(0.9750021048517795, NormalDistribution.Cdf(1.96), 12);
        Assert.Equal(2.866515718791939e-7, NormalDistribution.Cdf(-5), 2.866515718791939e-7 * 1e-10);
    }

    [Fact]
    public void SampleTruncated_FarTail_StaysInside()
    {
        for (var u = 0.0; u < 1; u += 0.125)
            Assert.InRange(NormalDistribution.SampleTruncated(0, 1, 8, 9, u), 8, 9);
    }
}
