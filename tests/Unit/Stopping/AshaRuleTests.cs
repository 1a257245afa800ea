using Goldstone.Contracts;
using Goldstone.Grains.Stopping;

namespace Goldstone.Tests.Unit.Stopping;

/// <summary>ASHA's rungs and decisions against hand calculations.</summary>
public sealed class AshaRuleTests
{
    /// <summary>Feeds values to one rung in order, as the rung grain does; the trials it stops.</summary>
    internal static List<int> Stopped(IStoppingRule rule, params double[] values)
    {
        var earlier = new List<RungEntry>();
        var stopped = new List<int>();
        for (var trial = 0; trial < values.Length; trial++)
        {
            var entry = new RungEntry(trial, values[trial], values[trial], values[trial]);
            if (rule.Decide(0, 1, entry, earlier).Stop) stopped.Add(trial);
            earlier.Add(entry);
        }
        return stopped;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, null)]
    [InlineData(3, 1)]
    [InlineData(8, null)]
    [InlineData(9, 2)]
    [InlineData(27, 3)]
    public void RungAt_MinEpochsOneEtaThree_IsAtPowersOfThree(int epoch, int? rung) =>
        Assert.Equal(rung, new AshaRule(1, 3, maximize: false).RungAt(epoch));

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 0)]
    [InlineData(4, 1)]
    [InlineData(6, null)]
    [InlineData(8, 2)]
    public void RungAt_MinEpochsTwoEtaTwo_IsAtTwoFourEight(int epoch, int? rung) =>
        Assert.Equal(rung, new AshaRule(2, 2, maximize: false).RungAt(epoch));

    [Fact]
    public void Decide_MinMode_StopsWhatTheHandCalculationSays()
    {
        // n=1..5 keep the best 1: 0.6 (best 0.4) and 0.7 (best 0.3) stop; n=6 keeps 2, cutoff 0.4: 0.45 stops;
        // n=7 keeps 2 of [0.3, 0.35, 0.4, …]: cutoff 0.35, so 0.35 goes on.
        var stopped = Stopped(new AshaRule(1, 3, maximize: false), 0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.35);

        Assert.Equal([2, 4, 5], stopped);
    }

    [Fact]
    public void Decide_MaxMode_StopsTheMirrorImage()
    {
        var stopped = Stopped(new AshaRule(1, 3, maximize: true), -0.5, -0.4, -0.6, -0.3, -0.7, -0.45, -0.35);

        Assert.Equal([2, 4, 5], stopped);
    }

    [Fact]
    public void Decide_TieWithTheCutoff_GoesOn()
    {
        var stopped = Stopped(new AshaRule(1, 2, maximize: false), 0.5, 0.5, 0.5, 0.6);

        // n=4 keeps 2 of [0.5, 0.5, 0.5, 0.6]: cutoff 0.5, so only 0.6 stops.
        Assert.Equal([3], stopped);
    }

    [Fact]
    public void Decide_Stop_SaysRungEpochRankAndCutoff()
    {
        var rule = new AshaRule(1, 3, maximize: false);
        var verdict = rule.Decide(1, 3, new RungEntry(5, 0.6, 0.7, 0.6), [new RungEntry(0, 0.4, 0.5, 0.4), new RungEntry(1, 0.5, 0.6, 0.5)]);

        Assert.Equal(new StopVerdict(true, "asha rung 1 (epoch 3): 0.6 is not in the best 1 of 3 (cutoff 0.4)"), verdict);
    }
}
