using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>The keys of <c>search.algorithm: tpe</c>: trials, parallel, seed, objective, and what tpe refuses.</summary>
public sealed class SpecParserTpeTests
{
    private static readonly string[] Head = ["name: a", "kind: synthetic", "search:", "  algorithm: tpe"];
    private static readonly string[] Space = ["  space:", "    x: {uniform: [0, 1]}", "    y: {uniform: [-1, 1]}"];

    private static string[] Lines(params string[] search) => [.. Head, .. search, .. Space];

    [Fact]
    public void Parse_FullTpeSearch_GivesEveryKey()
    {
        var spec = SpecText.Valid(Lines("  trials: 30", "  parallel: 3", "  seed: 7", "  objective: {metric: score, mode: max}"));

        Assert.Equal(SearchAlgorithm.Tpe, spec.Search.Algorithm);
        Assert.Equal((30, 3, 7L), (spec.Search.Trials, spec.Search.Parallel, spec.Search.Seed));
        Assert.Equal(new ObjectiveSpec("score", ObjectiveMode.Max), spec.Search.Objective);
        Assert.Equal(["x", "y"], spec.Search.Space.Select(p => p.Name));
    }

    [Fact]
    public void Parse_TpeWithoutParallelAndSeed_TakesTheDefaults()
    {
        var spec = SpecText.Valid(Lines("  trials: 5", "  objective: {metric: loss, mode: min}"));

        Assert.Equal((SpecDefaults.Parallel, SpecDefaults.SearchSeed), (spec.Search.Parallel, spec.Search.Seed));
    }

    [Fact]
    public void Parse_TpeWithoutTrialsAndObjective_RequiresBoth()
    {
        Assert.Equal([
            $"error: spec.yaml:4: search.objective: required with algorithm: tpe (allowed: {{metric: M, mode: min | max}}; or search.objectives: a list of 2 or 3 of them)",
            $"error: spec.yaml:4: search.trials: required with algorithm: tpe (allowed: an integer from 1 to {SpecDefaults.MaxTpeTrials})",
        ], SpecText.Errors(Lines()));
    }

    [Fact]
    public void Parse_ObjectiveWithUnknownMetricAndMode_NamesBothKeys()
    {
        Assert.Equal([
            "error: spec.yaml:6: search.objective.metric: unknown metric 'auc' for kind synthetic (allowed: score, loss)",
            "error: spec.yaml:6: search.objective.mode: unknown mode 'lowest' (allowed: min, max)",
        ], SpecText.Errors(Lines("  trials: 5", "  objective: {metric: auc, mode: lowest}")));
    }

    [Fact]
    public void Parse_TooManyTrials_IsRejected()
    {
        var errors = SpecText.Errors(Lines($"  trials: {SpecDefaults.MaxTpeTrials + 1}", "  objective: {metric: score, mode: max}"));

        Assert.Single(errors);
        Assert.StartsWith($"error: spec.yaml:5: search.trials: ", errors[0]);
    }

    [Fact]
    public void Parse_TpeWithSeveralSeeds_IsRejectedAtSeeds()
    {
        var errors = SpecText.Errors([.. Lines("  trials: 5", "  objective: {metric: score, mode: max}"), "seeds: 3"]);

        Assert.Equal(["error: spec.yaml:10: seeds: algorithm: tpe runs each suggested point once, with one seed; got 3 (allowed: seeds: 1 or a one-element list such as [7])"], errors);
    }

    [Fact]
    public void Parse_TrialsWithRandom_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  algorithm: random", "  samples: 4", "  trials: 5", "  space:", "    x: {uniform: [0, 1]}");

        Assert.Equal(["error: spec.yaml:6: search.trials: only used with algorithm: tpe (allowed: remove it, or set algorithm: tpe)"], errors);
    }

    [Fact]
    public void Parse_TpeWithBaseline_IsRejected()
    {
        var errors = SpecText.Errors([.. Lines("  trials: 5", "  objective: {metric: score, mode: max}"), "table:", "  baseline: {x: 0.5}"]);

        Assert.Equal(["error: spec.yaml:11: table.baseline: a tpe search has no fixed points to compare with (allowed: a baseline with algorithm: grid)"], errors);
    }

    [Fact]
    public void Parse_Objectives_GivesThemInOrder_AndTheTableShowsEach()
    {
        var spec = SpecText.Valid([.. Lines("  trials: 20", "  objectives:", "    - {metric: score, mode: max}", "    - {metric: loss, mode: min}"),
            "table:", "  metrics: [loss]"]);

        Assert.Equal([new ObjectiveSpec("score", ObjectiveMode.Max), new ObjectiveSpec("loss", ObjectiveMode.Min)], spec.Search.Objectives);
        Assert.True(spec.Search.IsMultiObjective);
        Assert.Null(spec.Search.Objective);
        // The trials report what the searcher optimises: an objective the table leaves out is appended to its metrics.
        Assert.Equal(["loss", "score"], spec.Table.Metrics);
    }

    [Fact]
    public void Parse_ObjectiveAndObjectives_IsRejected()
    {
        var errors = SpecText.Errors(Lines("  trials: 5", "  objective: {metric: score, mode: max}", "  objectives: [{metric: score, mode: max}, {metric: loss, mode: min}]"));

        Assert.Equal(["error: spec.yaml:7: search.objectives: give search.objective or search.objectives, not both (allowed: objective for one metric, objectives for 2 or 3)"], errors);
    }

    [Fact]
    public void Parse_OneOrFourObjectives_IsRejectedWithTheCount()
    {
        const string allowed = "(allowed: a list of 2 or 3 entries {metric: M, mode: min | max}; one objective goes in search.objective)";
        Assert.Equal([$"error: spec.yaml:6: search.objectives: expected 2 or 3 objectives, got 1 {allowed}"],
            SpecText.Errors(Lines("  trials: 5", "  objectives: [{metric: score, mode: max}]")));
        Assert.Equal([$"error: spec.yaml:6: search.objectives: expected 2 or 3 objectives, got 4 {allowed}"],
            SpecText.Errors(Lines("  trials: 5", "  objectives: [{metric: score, mode: max}, {metric: loss, mode: min}, {metric: score, mode: min}, {metric: loss, mode: max}]")));
        Assert.Equal([$"error: spec.yaml:6: search.objectives: expected a list, got a mapping {allowed}"],
            SpecText.Errors(Lines("  trials: 5", "  objectives: {metric: score, mode: max}")));
    }

    [Fact]
    public void Parse_ObjectivesWithDuplicateOrBadEntries_NamesTheEntry()
    {
        Assert.Equal(["error: spec.yaml:8: search.objectives[1].metric: duplicate metric 'score' (allowed: each metric once)"],
            SpecText.Errors(Lines("  trials: 5", "  objectives:", "    - {metric: score, mode: max}", "    - {metric: score, mode: min}")));
        Assert.Equal(["error: spec.yaml:8: search.objectives[1].mode: unknown mode 'up' (allowed: min, max)"],
            SpecText.Errors(Lines("  trials: 5", "  objectives:", "    - {metric: score, mode: max}", "    - {metric: loss, mode: up}")));
    }
}
