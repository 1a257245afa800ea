using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

public sealed class SpecGrowthTests
{
    private static CampaignSpec Grid(string space = "x: {values: [1, 2]}", string seeds = "seeds: 2", string more = "epochs: 2") =>
        SpecText.Valid("name: g", "kind: synthetic", "params: {duration: 0}", "search:", "  space:", $"    {space}", seeds, more);

    private static CampaignSpec Random(int samples, string space = "x: {uniform: [0, 1]}", string extra = "  seed: 7") =>
        SpecText.Valid("name: r", "kind: synthetic", "search:", "  algorithm: random", $"  samples: {samples}", extra, "  space:", $"    {space}", "seeds: 2");

    private static string? Refusal(CampaignSpec old, CampaignSpec grown) =>
        SpecGrowth.FirstChange(old, grown) is { } change ? SpecGrowth.Refusal("spec.yaml", "g", change) : null;

    [Theory]
    [InlineData("x: {values: [1, 2]}", "seeds: 3")]
    [InlineData("x: {values: [1, 2]}", "seeds: [0, 1, 7]")]
    [InlineData("x: {values: [3, 1, 2]}", "seeds: 2")]
    [InlineData("x: {values: [2, 1]}", "seeds: 2")]
    public void FirstChange_MoreSeedsOrValues_IsNone(string space, string seeds) =>
        Assert.Null(SpecGrowth.FirstChange(Grid(), Grid(space, seeds)));

    [Fact]
    public void FirstChange_WiderIntRange_IsNone() =>
        Assert.Null(SpecGrowth.FirstChange(Grid("x: {int: [1, 4]}"), Grid("x: {int: [0, 6]}")));

    [Fact]
    public void FirstChange_MoreSamples_IsNone() =>
        Assert.Null(SpecGrowth.FirstChange(Random(4), Random(9)));

    [Theory]
    [InlineData("x: {values: [1, 3]}", "seeds: 2", "error: spec.yaml: campaign 'g' already exists; 'search.space.x.values' changed (a value was removed): a grown spec may only add seeds, values to a values list, widen an int range or raise samples")]
    [InlineData("x: {values: [1, 2]}", "seeds: [1, 2]", "error: spec.yaml: campaign 'g' already exists; 'seeds' changed (a seed was removed): a grown spec may only add seeds, values to a values list, widen an int range or raise samples")]
    [InlineData("x: {int: [1, 2]}", "seeds: 2", "error: spec.yaml: campaign 'g' already exists; 'search.space.x' changed (values to int): a grown spec may only add seeds, values to a values list, widen an int range or raise samples")]
    [InlineData("y: {values: [1, 2]}", "seeds: 2", "error: spec.yaml: campaign 'g' already exists; 'search.space.x' changed (it was removed): a grown spec may only add seeds, values to a values list, widen an int range or raise samples")]
    public void Refusal_SpaceOrSeedsShrink_NamesTheKey(string space, string seeds, string expected) =>
        Assert.Equal(expected, Refusal(Grid(), Grid(space, seeds)));

    [Fact]
    public void Refusal_NarrowedIntRange_NamesTheKeyAndBothRanges() =>
        Assert.Equal("error: spec.yaml: campaign 'g' already exists; 'search.space.x.int' changed (the range was narrowed from [1, 4] to [2, 6]): "
            + "a grown spec may only add seeds, values to a values list, widen an int range or raise samples",
            Refusal(Grid("x: {int: [1, 4]}"), Grid("x: {int: [2, 6]}")));

    [Theory]
    [InlineData("epochs: 3", "'epochs' changed (2 to 3): ")]
    [InlineData("retries: {max_attempts: 1}", "'retries.max_attempts' changed (3 to 1): ")]
    [InlineData("resources: {timeout_seconds: 5}", "'resources.timeout_seconds' changed (3600 to 5): ")]
    [InlineData("table: {metrics: [loss]}", "'table.metrics' changed ([score, loss] to [loss]): ")]
    [InlineData("checkpoints: {keep: 4}", "'checkpoints.keep' changed (2 to 4): ")]
    [InlineData("stopping: {algorithm: asha, metric: loss, mode: min}", "'stopping' changed (the early-stopping rule changed): ")]
    public void Refusal_AnyOtherKey_NamesIt(string line, string expected)
    {
        var old = Grid(more: line.StartsWith("epochs", StringComparison.Ordinal) ? "epochs: 2" : "epochs: 3");
        var changed = Grid(more: line.StartsWith("epochs", StringComparison.Ordinal) ? line : "epochs: 3\n" + line);

        Assert.Equal($"error: spec.yaml: campaign 'g' already exists; {expected}{SpecGrowth.Allowed}", Refusal(old, changed));
    }

    [Fact]
    public void Refusal_FixedParamChanged_NamesIt()
    {
        var changed = SpecText.Valid("name: g", "kind: synthetic", "params: {duration: 0.5}", "search:", "  space:", "    x: {values: [1, 2]}", "seeds: 2", "epochs: 2");

        Assert.StartsWith("error: spec.yaml: campaign 'g' already exists; 'params.duration' changed (0 to 0.5): ", Refusal(Grid(), changed));
    }

    [Fact]
    public void Refusal_FewerSamples_NamesSamples() =>
        Assert.Equal(new SpecChange("search.samples", "lowered from 9 to 4"), SpecGrowth.FirstChange(Random(9), Random(4)));

    [Fact]
    public void Refusal_RandomSpaceWidened_SaysEveryDrawWouldChange() =>
        Assert.Equal(new SpecChange("search.space.x.values", "a random search's draws would all change"),
            SpecGrowth.FirstChange(Random(4, "x: {values: [1, 2]}"), Random(4, "x: {values: [1, 2, 3]}")));

    [Fact]
    public void Refusal_RandomSeedChanged_NamesIt() =>
        Assert.Equal(new SpecChange("search.seed", "7 to 8"), SpecGrowth.FirstChange(Random(4), Random(4, extra: "  seed: 8")));
}
