using Goldstone.Contracts;
using Goldstone.Grains.Stopping;

namespace Goldstone.Tests.Unit.Stopping;

/// <summary>The median stopping rule against hand calculations.</summary>
public sealed class MedianRuleTests
{
    private static RungEntry Other(int trial, double runningAverage) => new(trial, double.NaN, runningAverage, double.NaN);

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 2)]
    [InlineData(7, 7)]
    public void RungAt_IsEveryEpochFromMinEpochs(int epoch, int? rung) => Assert.Equal(rung, new MedianRule(2, maximize: false).RungAt(epoch));

    [Theory]
    [InlineData(0.65, true)]
    [InlineData(0.6, false)]
    [InlineData(0.55, false)]
    public void Decide_MinMode_StopsWhenTheBestIsWorseThanTheMedianOfRunningAverages(double best, bool stop)
    {
        // Running averages 0.5, 0.7, 0.6: median 0.6.
        var verdict = new MedianRule(2, maximize: false).Decide(2, 2, new RungEntry(9, 0.9, 0.9, best), [Other(0, 0.5), Other(1, 0.7), Other(2, 0.6)]);

        Assert.Equal(stop, verdict.Stop);
    }

    [Fact]
    public void Decide_EvenCount_TakesTheMeanOfTheMiddleTwo()
    {
        // Running averages 0.2, 0.9, 0.5, 0.7: median (0.5 + 0.7) / 2 = 0.6; mode max, best 0.59 is worse.
        var verdict = new MedianRule(1, maximize: true).Decide(3, 3, new RungEntry(9, 0.59, 0.5, 0.59), [Other(0, 0.2), Other(1, 0.9), Other(2, 0.5), Other(3, 0.7)]);

        Assert.Equal(new StopVerdict(true, "median at epoch 3: best 0.59 is worse than the median 0.6 of 4 other trials' running averages"), verdict);
    }

    [Fact]
    public void Decide_NoOtherTrial_GoesOn() =>
        Assert.False(new MedianRule(1, maximize: false).Decide(1, 1, new RungEntry(0, 5, 5, 5), []).Stop);
}
