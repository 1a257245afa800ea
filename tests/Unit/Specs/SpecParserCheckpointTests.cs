using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>The <c>checkpoints: {every, keep}</c> block and how it reaches every trial.</summary>
public sealed class SpecParserCheckpointTests
{
    [Fact]
    public void Parse_CheckpointsBlock_GivesEveryAndKeepToEachTrial()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "seeds: 2", "checkpoints:", "  every: 5", "  keep: 3");

        Assert.Equal(new CheckpointSpec(5, 3), spec.Checkpoints);
        Assert.Equal([(5, 3), (5, 3)], TrialExpansion.Expand(spec).Select(t => (t.CheckpointEvery, t.CheckpointKeep)));
    }

    [Fact]
    public void Parse_NoCheckpointsBlock_TakesEveryOneKeepTwo()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic");

        Assert.Equal(new CheckpointSpec(1, 2), spec.Checkpoints);
        Assert.Equal((SpecDefaults.CheckpointEvery, SpecDefaults.CheckpointKeep), (spec.Checkpoints.Every, spec.Checkpoints.Keep));
        Assert.Equal((1, 2), TrialExpansion.Expand(spec).Select(t => (t.CheckpointEvery, t.CheckpointKeep)).Single());
    }

    [Theory]
    [InlineData("  every: 4", 4, 2)]
    [InlineData("  keep: 1", 1, 1)]
    public void Parse_OneCheckpointsKey_KeepsTheOtherDefault(string line, int every, int keep)
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "checkpoints:", line);

        Assert.Equal(new CheckpointSpec(every, keep), spec.Checkpoints);
    }

    [Fact]
    public void Parse_CheckpointsUpperBounds_AreAccepted()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "checkpoints: {every: 100000, keep: 1000}");

        Assert.Equal(new CheckpointSpec(100_000, 1000), spec.Checkpoints);
    }

    [Theory]
    [InlineData("  every: 0", "checkpoints.every: 0 is out of range (allowed: an integer from 1 to 100000)")]
    [InlineData("  every: 100001", "checkpoints.every: 100001 is out of range (allowed: an integer from 1 to 100000)")]
    [InlineData("  every: 2.5", "checkpoints.every: expected an integer, got '2.5' (allowed: an integer from 1 to 100000)")]
    [InlineData("  every: often", "checkpoints.every: expected an integer, got 'often' (allowed: an integer from 1 to 100000)")]
    [InlineData("  keep: 0", "checkpoints.keep: 0 is out of range (allowed: an integer from 1 to 1000)")]
    [InlineData("  keep: 1001", "checkpoints.keep: 1001 is out of range (allowed: an integer from 1 to 1000)")]
    [InlineData("  keep: [1, 2]", "checkpoints.keep: expected an integer, got a list (allowed: an integer from 1 to 1000)")]
    [InlineData("  interval: 3", "checkpoints.interval: unknown key 'interval' (allowed: every, keep)")]
    public void Parse_BadCheckpointsValue_IsOneErrorWithTheAllowedValues(string line, string expected)
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "checkpoints:", line);

        Assert.Equal([$"error: spec.yaml:4: {expected}"], errors);
    }

    [Fact]
    public void Parse_CheckpointsNotAMapping_SaysSo()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "checkpoints: 5");

        Assert.Equal(["error: spec.yaml:3: checkpoints: expected a mapping of keys, got a value"], errors);
    }

    [Fact]
    public void Parse_DifferentCheckpoints_IsADifferentSpec()
    {
        // The campaign grain compares specs as records: changing how a campaign checkpoints is a different spec.
        var first = SpecText.Valid("name: a", "kind: synthetic", "checkpoints: {every: 2}");
        var second = SpecText.Valid("name: a", "kind: synthetic", "checkpoints: {every: 3}");

        Assert.NotEqual(first.Checkpoints, second.Checkpoints);
    }
}
