using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Search;

public sealed class TrialExpansionTests
{
    private static readonly RetryPolicy Retry = new(4, 0.5, 8, Jitter: true);
    private static readonly ResourceSpec Resources = new(2, 3, 120.5);

    private static ParamValue Number(string name, double value) => new(name, ParamType.Number, value, null, false);

    private static ParamValue Text(string name, string value) => new(name, ParamType.Text, 0, value, false);

    /// <summary>A grid over penalty ∈ {0, 0.5} × width ∈ {8, 16, 32}, seeds 11 and 12, depth fixed at 2.</summary>
    private static CampaignSpec GridSpec(IReadOnlyList<ParamValue>? baseline = null) => new(
        "sweep",
        "soft_symmetry",
        [Number("depth", 2), Text("activation", "relu")],
        new SearchSpec(SearchAlgorithm.Grid, 0, 0,
        [
            new SpaceParam("penalty", Distribution.Values, [Number("penalty", 0), Number("penalty", 0.5)], 0, 0),
            new SpaceParam("width", Distribution.Values, [Number("width", 8), Number("width", 16), Number("width", 32)], 0, 0),
        ]),
        [11, 12],
        5,
        Retry,
        Resources,
        new TableSpec(baseline, ["auc", "robust_noise@0.1"]),
        new CheckpointSpec(4, 3));

    [Fact]
    public void Expand_Grid_GivesPointsTimesSeedsTrialsNumberedPointMajor()
    {
        var trials = TrialExpansion.Expand(GridSpec());

        Assert.Equal(Enumerable.Range(0, 12), trials.Select(t => t.Index));
        Assert.Equal(
        [
            ("penalty=0, width=8", 11L), ("penalty=0, width=8", 12L),
            ("penalty=0, width=16", 11L), ("penalty=0, width=16", 12L),
            ("penalty=0, width=32", 11L), ("penalty=0, width=32", 12L),
            ("penalty=0.5, width=8", 11L), ("penalty=0.5, width=8", 12L),
            ("penalty=0.5, width=16", 11L), ("penalty=0.5, width=16", 12L),
            ("penalty=0.5, width=32", 11L), ("penalty=0.5, width=32", 12L),
        ], trials.Select(t => (t.Setting, t.Seed)));
    }

    [Fact]
    public void Expand_Trial_HasTheFixedParamsThenThePoint()
    {
        var trial = TrialExpansion.Expand(GridSpec())[2 * 4 + 1];

        Assert.Equal([Number("depth", 2), Text("activation", "relu"), Number("penalty", 0.5), Number("width", 16)], trial.Params);
        Assert.Equal(("penalty=0.5, width=16", 12L, 9), (trial.Setting, trial.Seed, trial.Index));
    }

    [Fact]
    public void Expand_Trial_CopiesCampaignKindEpochsRetryResourcesMetricsAndCheckpoints()
    {
        var trial = TrialExpansion.Expand(GridSpec())[3];

        Assert.Equal(("sweep", "soft_symmetry", 5), (trial.Campaign, trial.Kind, trial.Epochs));
        Assert.Equal(Retry, trial.Retry);
        Assert.Equal((3, 2, 120.5), (trial.Threads, trial.Slots, trial.TimeoutSeconds));
        Assert.Equal(["auc", "robust_noise@0.1"], trial.Metrics);
        Assert.Equal((4, 3), (trial.CheckpointEvery, trial.CheckpointKeep));
        Assert.Equal("sweep/3", trial.TrialKey);
    }

    [Fact]
    public void Expand_NothingSwept_GivesOneTrialPerSeedWithSettingAll()
    {
        var spec = GridSpec() with { Search = new SearchSpec(SearchAlgorithm.Grid, 0, 0, []), Seeds = [0, 1, 2] };

        var trials = TrialExpansion.Expand(spec);

        Assert.Equal([("(all)", 0L, 0), ("(all)", 1L, 1), ("(all)", 2L, 2)], trials.Select(t => (t.Setting, t.Seed, t.Index)));
        Assert.All(trials, t => Assert.Equal([Number("depth", 2), Text("activation", "relu")], t.Params));
    }

    [Fact]
    public void Expand_ParsedSpec_FormatsNumbersInShortestRoundTripForm()
    {
        var spec = SpecParser.Parse("name: a\nkind: synthetic\nsearch:\n  space:\n    x:\n      values: [0.1, 2, -3.25]\n").Spec!;

        Assert.Equal(["x=0.1", "x=2", "x=-3.25"], TrialExpansion.Expand(spec).Select(t => t.Setting));
    }

    [Fact]
    public void Expand_Random_IsTheRandomSearchPointsTimesSeeds()
    {
        var space = new SpaceParam[] { new("x", Distribution.Uniform, [], 0, 1), new("y", Distribution.Int, [], 1, 100) };
        var spec = GridSpec() with { Params = [], Search = new SearchSpec(SearchAlgorithm.Random, 4, 99, space) };

        var trials = TrialExpansion.Expand(spec);

        var expected = RandomSearch.Points(space, 4, 99).Select(ParamFormat.Setting).SelectMany(s => new[] { (s, 11L), (s, 12L) });
        Assert.Equal(expected, trials.Select(t => (t.Setting, t.Seed)));
        Assert.Equal(8, trials.Count);
    }

    [Fact]
    public void Expand_RandomDrawingAPointTwice_RunsItOnce()
    {
        var space = new SpaceParam[] { new("activation", Distribution.Values, [Text("activation", "relu"), Text("activation", "tanh")], 0, 0) };
        var spec = GridSpec() with { Params = [], Search = new SearchSpec(SearchAlgorithm.Random, 30, 5, space) };

        var trials = TrialExpansion.Expand(spec);

        Assert.Equal(30, RandomSearch.Points(space, 30, 5).Count);
        Assert.Equal(["activation=relu", "activation=tanh"], trials.Select(t => t.Setting).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(4, trials.Count);
        Assert.Equal([0, 1, 2, 3], trials.Select(t => t.Index));
        Assert.Equal(TrialExpansion.Table(spec).Points.Select(ParamFormat.Setting), trials.Select(t => t.Setting).Distinct());
    }

    [Fact]
    public void Table_Grid_ListsSettingsInTrialOrderWithTheBaselineSetting()
    {
        var table = TrialExpansion.Table(GridSpec(baseline: [Number("penalty", 0), Number("width", 16)]));

        Assert.Equal("sweep", table.Campaign);
        Assert.Equal(["auc", "robust_noise@0.1"], table.Metrics);
        Assert.Equal("penalty=0, width=16", ParamFormat.Setting(table.Baseline!));
        Assert.Equal(
            ["penalty=0, width=8", "penalty=0, width=16", "penalty=0, width=32", "penalty=0.5, width=8", "penalty=0.5, width=16", "penalty=0.5, width=32"],
            table.Points.Select(ParamFormat.Setting));
        Assert.Equal(2, table.SeedsPerSetting);
        Assert.Equal(["penalty", "width"], table.SweptParams);
    }

    [Fact]
    public void Table_NoBaseline_HasNoBaselineSetting()
    {
        Assert.Null(TrialExpansion.Table(GridSpec()).Baseline);
    }

    [Fact]
    public void Table_ParsedBaselineWrittenOutOfOrder_MatchesATrialSetting()
    {
        var spec = SpecParser.Parse(string.Join("\n",
            "name: a", "kind: synthetic", "search:", "  space:", "    x:", "      int: [1, 2]", "    y:", "      values: [0.5, 1]",
            "seeds: 3", "table:", "  baseline:", "    y: 1", "    x: 2")).Spec!;

        var table = TrialExpansion.Table(spec);

        Assert.Equal("x=2, y=1", ParamFormat.Setting(table.Baseline!));
        Assert.Contains(ParamFormat.Setting(table.Baseline!), TrialExpansion.Expand(spec).Select(t => t.Setting));
        Assert.Equal(["x=1, y=0.5", "x=1, y=1", "x=2, y=0.5", "x=2, y=1"], table.Points.Select(ParamFormat.Setting));
        Assert.Equal(3, table.SeedsPerSetting);
    }

    [Fact]
    public void Table_NothingSwept_HasTheSingleSettingAll()
    {
        var table = TrialExpansion.Table(GridSpec() with { Search = new SearchSpec(SearchAlgorithm.Grid, 0, 0, []) });

        Assert.Equal(["(all)"], table.Points.Select(ParamFormat.Setting));
        Assert.Empty(table.SweptParams);
    }
}
