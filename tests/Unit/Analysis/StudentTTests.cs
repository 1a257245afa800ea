using Goldstone.Grains.Analysis;

namespace Goldstone.Tests.Unit.Analysis;

public sealed class StudentTTests
{
    private const double Relative = 1e-9;

    private static void AssertClose(double expected, double actual, double relative = Relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(1, 12.706204736174707)]
    [InlineData(2, 4.302652729749464)]
    [InlineData(3, 3.182446305284263)]
    [InlineData(5, 2.5705818366147395)]
    [InlineData(10, 2.2281388519649385)]
    [InlineData(30, 2.0422724563012373)]
    public void Quantile_975_MatchesTheTables(int degreesOfFreedom, double expected)
    {
        AssertClose(expected, StudentT.Quantile(0.975, degreesOfFreedom));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(30)]
    public void Quantile_LowerTail_IsTheNegatedUpperTail(int degreesOfFreedom)
    {
        Assert.Equal(-StudentT.Quantile(0.975, degreesOfFreedom), StudentT.Quantile(0.025, degreesOfFreedom));
    }

    [Fact]
    public void Quantile_Median_IsZero()
    {
        Assert.Equal(0, StudentT.Quantile(0.5, 4));
    }

    [Fact]
    public void Quantile_ManyDegreesOfFreedom_ApproachesTheNormalQuantile()
    {
        AssertClose(1.959963984540054, StudentT.Quantile(0.975, 1e7), relative: 1e-6);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Quantile_ProbabilityOutsideTheOpenUnitInterval_Throws(double p)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(p, 3));

        Assert.Equal("p", error.ParamName);
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1.3, 2)]
    [InlineData(2.0, 7)]
    [InlineData(4.5, 30)]
    public void Cdf_OppositeT_SumsToOne(double t, double degreesOfFreedom)
    {
        AssertClose(1, StudentT.Cdf(t, degreesOfFreedom) + StudentT.Cdf(-t, degreesOfFreedom), relative: 1e-12);
    }

    [Fact]
    public void Cdf_AtZero_IsOneHalf()
    {
        Assert.Equal(0.5, StudentT.Cdf(0, 6));
    }

    [Fact]
    public void Cdf_OneDegreeOfFreedom_IsTheCauchyDistribution()
    {
        // Cauchy: F(t) = 1/2 + atan(t)/π, so F(1) = 3/4.
        AssertClose(0.75, StudentT.Cdf(1, 1), relative: 1e-12);
        AssertClose(0.5 + Math.Atan(3) / Math.PI, StudentT.Cdf(3, 1), relative: 1e-12);
    }

    [Fact]
    public void Cdf_TwoDegreesOfFreedom_MatchesTheClosedForm()
    {
        // F(t) = 1/2 + t / (2 √(2 + t²)).
        AssertClose(0.9082482904638631, StudentT.Cdf(2, 2), relative: 1e-12);
    }

    [Theory]
    [InlineData(0.9, 4)]
    [InlineData(0.975, 12)]
    [InlineData(0.995, 3)]
    public void Cdf_OfTheQuantile_IsTheProbability(double p, double degreesOfFreedom)
    {
        AssertClose(p, StudentT.Cdf(StudentT.Quantile(p, degreesOfFreedom), degreesOfFreedom), relative: 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Cdf_NonPositiveDegreesOfFreedom_Throws(double degreesOfFreedom)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, degreesOfFreedom));
    }
}
