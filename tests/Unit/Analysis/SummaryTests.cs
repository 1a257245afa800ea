using Goldstone.Grains.Analysis;

namespace Goldstone.Tests.Unit.Analysis;

public sealed class SummaryTests
{
    [Fact]
    public void Of_FourValues_GivesMeanAndStudentTHalfWidth()
    {
        // mean 2.5, sample variance 5/3, standard error √(5/12); t₀.₉₇₅ with 3 degrees of freedom is 3.182446305284263.
        var summary = Summary.Of([1, 2, 3, 4]);

        Assert.Equal((4, 2.5, 0), (summary.N, summary.Mean, summary.NaNCount));
        Assert.Equal(2.054260256760879, summary.HalfWidth, 1e-12);
    }

    [Fact]
    public void Of_TwoValues_UsesOneDegreeOfFreedom()
    {
        // variance ((−1)² + 1²) / 1 = 2, standard error √(2/2) = 1: the half-width is t₀.₉₇₅(1) itself.
        var summary = Summary.Of([1, 3]);

        Assert.Equal((2, 2.0), (summary.N, summary.Mean));
        Assert.Equal(12.706204736174707, summary.HalfWidth, 1e-9);
    }

    [Fact]
    public void Of_EqualValues_HasZeroHalfWidth()
    {
        Assert.Equal(new Summary(3, 0.25, 0, 0), Summary.Of([0.25, 0.25, 0.25]));
    }

    [Fact]
    public void Of_OneValue_HasNaNHalfWidth()
    {
        var summary = Summary.Of([5]);

        Assert.Equal((1, 5.0, 0), (summary.N, summary.Mean, summary.NaNCount));
        Assert.True(double.IsNaN(summary.HalfWidth));
    }

    [Fact]
    public void Of_NaNValues_AreExcludedAndCounted()
    {
        var summary = Summary.Of([1, double.NaN, 3, double.NaN]);

        Assert.Equal((2, 2.0, 2), (summary.N, summary.Mean, summary.NaNCount));
        Assert.Equal(12.706204736174707, summary.HalfWidth, 1e-9);
    }

    [Fact]
    public void Of_OneValueAndNaNs_HasNaNHalfWidthAndCountsTheNaNs()
    {
        var summary = Summary.Of([double.NaN, 4]);

        Assert.Equal((1, 4.0, 1), (summary.N, summary.Mean, summary.NaNCount));
        Assert.True(double.IsNaN(summary.HalfWidth));
    }

    [Fact]
    public void Of_OnlyNaNs_HasNoMeanAndCountsThem()
    {
        var summary = Summary.Of([double.NaN, double.NaN]);

        Assert.Equal((0, 2), (summary.N, summary.NaNCount));
        Assert.True(double.IsNaN(summary.Mean));
        Assert.True(double.IsNaN(summary.HalfWidth));
    }

    [Fact]
    public void Of_Empty_HasNoMeanAndNoNaNs()
    {
        var summary = Summary.Of([]);

        Assert.Equal((0, 0), (summary.N, summary.NaNCount));
        Assert.True(double.IsNaN(summary.Mean));
        Assert.True(double.IsNaN(summary.HalfWidth));
    }

    [Fact]
    public void Confidence_Constant_Is95Percent()
    {
        Assert.Equal(0.95, Summary.Confidence);
    }
}
