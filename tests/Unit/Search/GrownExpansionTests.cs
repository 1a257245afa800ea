using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;
using Goldstone.Tests.Unit.Specs;

namespace Goldstone.Tests.Unit.Search;

public sealed class GrownExpansionTests
{
    private static CampaignSpec Grid(string values, int seeds) =>
        SpecText.Valid("name: g", "kind: synthetic", "search:", "  space:", $"    x: {values}", "    failure_mode: {values: [error, exit]}", $"seeds: {seeds}");

    private static CampaignSpec Random(int samples) =>
        SpecText.Valid("name: r", "kind: synthetic", "search:", "  algorithm: random", $"  samples: {samples}", "  seed: 3", "  space:",
            "    x: {uniform: [0, 1]}", "    y: {int: [1, 5]}", "seeds: 2");

    private static List<(string Setting, long Seed)> Keys(IEnumerable<TrialConfig> trials) => trials.Select(t => (t.Setting, t.Seed)).ToList();

    /// <summary>What names a trial and what it runs: index, setting, seed and every parameter.</summary>
    private static List<(int Index, string Setting, long Seed, string Params)> Identities(IEnumerable<TrialConfig> trials) =>
        trials.Select(t => (t.Index, t.Setting, t.Seed, ParamFormat.Setting(t.Params))).ToList();

    [Fact]
    public void Expand_GrownByValuesAndSeeds_KeepsEveryOldTrialAtItsIndexAndAppendsTheNew()
    {
        var old = Grid("{values: [1, 2]}", 2);
        var grown = Grid("{values: [0, 1, 2, 3]}", 3);

        var before = TrialExpansion.Expand(old);
        var after = TrialExpansion.Expand([old, grown]);

        Assert.Equal(Identities(before), Identities(after.Take(before.Count)));
        Assert.Equal(Enumerable.Range(0, 24), after.Select(t => t.Index));
        // The new trials in the grown spec's own order: point-major, then seed.
        Assert.Equal(Keys(TrialExpansion.Expand(grown)).Except(Keys(before)), Keys(after.Skip(before.Count)));
    }

    [Fact]
    public void Expand_GrownInOneOrTwoSteps_GivesTheSameTrialsAndTheSameTable()
    {
        var first = Grid("{int: [1, 2]}", 1);
        var middle = Grid("{int: [1, 3]}", 2);
        var last = Grid("{int: [0, 4]}", 3);

        var oneStep = TrialExpansion.Expand([first, last]);
        var twoSteps = TrialExpansion.Expand([first, middle, last]);

        Assert.Equal(Keys(TrialExpansion.Expand(last)).Order(), Keys(oneStep).Order());
        Assert.Equal(Keys(oneStep).Order(), Keys(twoSteps).Order());
        Assert.Equal(Identities(TrialExpansion.Expand(first)), Identities(twoSteps.Take(4)));
        AssertTableFindsEachTrial([first, last], oneStep);
        AssertTableFindsEachTrial([first, middle, last], twoSteps);
    }

    /// <summary>The table lists the last spec's points in its order, each (point, seed) at the trial that has it.</summary>
    private static void AssertTableFindsEachTrial(IReadOnlyList<CampaignSpec> generations, IReadOnlyList<TrialConfig> trials)
    {
        var table = TrialExpansion.Table(generations, trials);

        Assert.Equal(TrialExpansion.Table(generations[^1]).Points, table.Points);
        Assert.NotNull(table.TrialIndices);
        for (var p = 0; p < table.Points.Count; p++)
            for (var s = 0; s < table.SeedsPerSetting; s++)
            {
                var trial = trials[table.TrialIndex(p, s)];
                Assert.Equal((ParamFormat.Setting(table.Points[p]), table.Seeds[s]), (trial.Setting, trial.Seed));
            }
    }

    [Fact]
    public void Table_NeverGrown_HasNoIndexMap()
    {
        var spec = Grid("{values: [1, 2]}", 2);

        var table = TrialExpansion.Table([spec], TrialExpansion.Expand(spec));

        Assert.Null(table.TrialIndices);
        Assert.Equal(3, table.TrialIndex(1, 1));
    }

    [Fact]
    public void Expand_MoreSamples_KeepsTheFirstSamplesParams()
    {
        var before = TrialExpansion.Expand(Random(5));
        var after = TrialExpansion.Expand([Random(5), Random(12)]);

        Assert.Equal(Identities(before), Identities(after.Take(before.Count)));
        Assert.Equal(TrialExpansion.Points(Random(5)), TrialExpansion.Points(Random(12)).Take(TrialExpansion.Points(Random(5)).Count));
        Assert.Equal(Keys(TrialExpansion.Expand(Random(12))).Order(), Keys(after).Order());
    }
}
