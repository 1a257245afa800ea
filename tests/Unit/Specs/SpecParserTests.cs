using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

public sealed class SpecParserTests
{
    private static ParamValue Number(string name, double value) => new(name, ParamType.Number, value, null, false);

    private static ParamValue Text(string name, string value) => new(name, ParamType.Text, 0, value, false);

    [Fact]
    public void Parse_FullSpec_GivesEveryField()
    {
        var spec = SpecText.Valid(
            "name: sym-sweep_1",
            "kind: soft_symmetry",
            "params:",
            "  depth: 3",
            "  activation: tanh",
            "  lr: 0.001",
            "  data_path: \"/data/higgs.csv\"",
            "search:",
            "  algorithm: grid",
            "  space:",
            "    penalty:",
            "      values: [0, 0.1, 1]",
            "    width:",
            "      int: [64, 66]",
            "seeds: [3, 7]",
            "epochs: 20",
            "retries:",
            "  max_attempts: 5",
            "  backoff:",
            "    initial_seconds: 2",
            "    max_seconds: 30.5",
            "    jitter: true",
            "resources:",
            "  slots: 2",
            "  threads: 4",
            "  timeout_seconds: 900.5",
            "table:",
            "  baseline:",
            "    width: 64",
            "    penalty: 0",
            "  metrics: [auc, robust_noise@0.1, hessian_top]");

        Assert.Equal("sym-sweep_1", spec.Name);
        Assert.Equal("soft_symmetry", spec.Kind);
        Assert.Equal([Number("depth", 3), Text("activation", "tanh"), Number("lr", 0.001), Text("data_path", "/data/higgs.csv")], spec.Params);
        Assert.Equal(SearchAlgorithm.Grid, spec.Search.Algorithm);
        Assert.Equal(0, spec.Search.Samples);
        Assert.Equal(SpecDefaults.SearchSeed, spec.Search.Seed);
        Assert.Equal(2, spec.Search.Space.Count);
        var penalty = spec.Search.Space[0];
        Assert.Equal(("penalty", Distribution.Values), (penalty.Name, penalty.Distribution));
        Assert.Equal([Number("penalty", 0), Number("penalty", 0.1), Number("penalty", 1)], penalty.Values);
        var width = spec.Search.Space[1];
        Assert.Equal(("width", Distribution.Int, 64.0, 66.0), (width.Name, width.Distribution, width.Low, width.High));
        Assert.Empty(width.Values);
        Assert.Equal([3L, 7L], spec.Seeds);
        Assert.Equal(20, spec.Epochs);
        Assert.Equal(new RetryPolicy(5, 2, 30.5, Jitter: true), spec.Retry);
        Assert.Equal(new ResourceSpec(2, 4, 900.5), spec.Resources);
        // The baseline comes in space order (penalty, then width), whatever order the spec wrote it in.
        Assert.Equal([Number("penalty", 0), Number("width", 64)], spec.Table.Baseline!);
        Assert.Equal(["auc", "robust_noise@0.1", "hessian_top"], spec.Table.Metrics);
    }

    [Fact]
    public void Parse_MinimalSpec_TakesEveryDefault()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic");

        Assert.Equal("a", spec.Name);
        Assert.Equal("synthetic", spec.Kind);
        Assert.Empty(spec.Params);
        Assert.Equal((SearchAlgorithm.Grid, 0, SpecDefaults.SearchSeed), (spec.Search.Algorithm, spec.Search.Samples, spec.Search.Seed));
        Assert.Empty(spec.Search.Space);
        Assert.Equal([0L], spec.Seeds);
        Assert.Equal(SpecDefaults.Epochs, spec.Epochs);
        Assert.Equal(new RetryPolicy(SpecDefaults.MaxAttempts, SpecDefaults.InitialDelaySeconds, SpecDefaults.MaxDelaySeconds, Jitter: false), spec.Retry);
        Assert.Equal(new ResourceSpec(SpecDefaults.Slots, SpecDefaults.Threads, SpecDefaults.TimeoutSeconds), spec.Resources);
        Assert.Null(spec.Table.Baseline);
        Assert.Equal(["score", "loss"], spec.Table.Metrics);
    }

    [Fact]
    public void Parse_NoOptionalKeys_TakesTheDocumentedDefaultValues()
    {
        var spec = SpecText.Valid("name: a", "kind: soft_symmetry");

        Assert.Equal([0L], spec.Seeds);
        Assert.Equal(1, spec.Epochs);
        Assert.Equal(new RetryPolicy(3, 1, 60, Jitter: false), spec.Retry);
        Assert.Equal(new ResourceSpec(1, 1, 3600), spec.Resources);
        Assert.Equal(["auc", "shift_auc", "gen_gap"], spec.Table.Metrics);
    }

    [Fact]
    public void Parse_PartialRetriesAndResources_KeepTheOtherDefaults()
    {
        var spec = SpecText.Valid(
            "name: a",
            "kind: synthetic",
            "retries:",
            "  backoff:",
            "    max_seconds: 90",
            "resources:",
            "  threads: 8");

        Assert.Equal(new RetryPolicy(3, 1, 90, Jitter: false), spec.Retry);
        Assert.Equal(new ResourceSpec(1, 8, 3600), spec.Resources);
    }

    [Fact]
    public void Parse_RandomSearch_TakesSamplesSeedAndRanges()
    {
        var spec = SpecText.Valid(
            "name: a",
            "kind: soft_symmetry",
            "search:",
            "  algorithm: random",
            "  samples: 12",
            "  seed: 42",
            "  space:",
            "    lr:",
            "      log_uniform: [1e-4, 0.1]",
            "    penalty:",
            "      uniform: [0, 2.5]",
            "    depth:",
            "      int: [1, 4]",
            "    activation:",
            "      values: [relu, silu]");

        Assert.Equal((SearchAlgorithm.Random, 12, 42L), (spec.Search.Algorithm, spec.Search.Samples, spec.Search.Seed));
        Assert.Equal(
            [("lr", Distribution.LogUniform, 1e-4, 0.1), ("penalty", Distribution.Uniform, 0.0, 2.5), ("depth", Distribution.Int, 1.0, 4.0), ("activation", Distribution.Values, 0.0, 0.0)],
            spec.Search.Space.Select(p => (p.Name, p.Distribution, p.Low, p.High)));
        Assert.Equal([Text("activation", "relu"), Text("activation", "silu")], spec.Search.Space[3].Values);
    }

    [Fact]
    public void Parse_SeedsAsCount_NumbersSeedsFromZero()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "seeds: 3");

        Assert.Equal([0L, 1L, 2L], spec.Seeds);
    }

    [Fact]
    public void Parse_SeedsAsList_KeepsTheListedSeedsInOrder()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "seeds: [5, 1, 9]");

        Assert.Equal([5L, 1L, 9L], spec.Seeds);
    }

    [Fact]
    public void Parse_SingleIntRange_IsOneGridValue()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "search:", "  space:", "    x:", "      int: [3, 3]");

        Assert.Equal((Distribution.Int, 3.0, 3.0), (spec.Search.Space[0].Distribution, spec.Search.Space[0].Low, spec.Search.Space[0].High));
    }

    [Fact]
    public void Parse_ParametricMetricForSoftSymmetry_IsAccepted()
    {
        var spec = SpecText.Valid("name: a", "kind: soft_symmetry", "table:", "  metrics: [robust_noise@0.1, auc]");

        Assert.Equal(["robust_noise@0.1", "auc"], spec.Table.Metrics);
    }

    [Fact]
    public void Parse_QuotedNumberForChoiceAndPlainWordForText_AreStrings()
    {
        var spec = SpecText.Valid("name: a", "kind: soft_symmetry", "params:", "  symmetry: 'zflip'", "  data_path: higgs.csv");

        Assert.Equal([Text("symmetry", "zflip"), Text("data_path", "higgs.csv")], spec.Params);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0run")]
    [InlineData("run-2024_01")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01")]
    public void Parse_ValidName_IsAccepted(string name)
    {
        var spec = SpecText.Valid($"name: {name}", "kind: synthetic");

        Assert.Equal(name, spec.Name);
    }

    [Fact]
    public void Parse_BaselineWithEverySweptParameter_IsKeptInSpaceOrder()
    {
        var spec = SpecText.Valid(
            "name: a",
            "kind: synthetic",
            "search:",
            "  space:",
            "    x:",
            "      int: [1, 3]",
            "    failure_mode:",
            "      values: [error, hang]",
            "table:",
            "  baseline:",
            "    failure_mode: hang",
            "    x: 2");

        Assert.Equal([Number("x", 2), Text("failure_mode", "hang")], spec.Table.Baseline!);
    }

    [Fact]
    public void Parse_GridOfExactlyMaxTrials_IsAccepted()
    {
        var spec = SpecText.Valid(
            "name: a",
            "kind: synthetic",
            "search:",
            "  space:",
            "    x:",
            "      int: [1, 1000]",
            "    y:",
            "      int: [1, 500]",
            "seeds: 2");

        Assert.Equal(SpecParser.MaxTrials, 1000 * 500 * spec.Seeds.Count);
    }

    [Fact]
    public void ParseFile_ValidFile_GivesTheSpec()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "spec.yaml");
        File.WriteAllText(path, SpecText.Of("name: from-file", "kind: synthetic", "epochs: 4"));

        var result = SpecParser.ParseFile(path);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(("from-file", 4), (result.Spec!.Name, result.Spec.Epochs));
    }

    [Fact]
    public void Format_Error_IsFileLinePathMessage()
    {
        var error = new SpecError(7, "search.space.x", "is wrong (allowed: right)");

        Assert.Equal("error: specs/a.yaml:7: search.space.x: is wrong (allowed: right)", error.Format("specs/a.yaml"));
    }
}
