using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>The search block: algorithm, samples, seed, and the distributions of the space.</summary>
public sealed class SpecParserSearchErrorTests
{
    /// <summary>A spec that sweeps one synthetic parameter; the distribution is on line 6 (grid) or 8 (random).</summary>
    private static IReadOnlyList<string> Sweep(string parameter, string distribution, bool random = false, string kind = "synthetic") =>
        random
            ? SpecText.Errors("name: a", $"kind: {kind}", "search:", "  algorithm: random", "  samples: 4", "  space:", $"    {parameter}:", $"      {distribution}")
            : SpecText.Errors("name: a", $"kind: {kind}", "search:", "  space:", $"    {parameter}:", $"      {distribution}");

    [Fact]
    public void Parse_UnknownAlgorithm_ListsTheAlgorithms()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  algorithm: bayes");

        Assert.Equal(["error: spec.yaml:4: search.algorithm: unknown algorithm 'bayes' (allowed: grid, random, tpe)"], errors);
    }

    [Fact]
    public void Parse_SamplesWithGrid_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  samples: 5", "  space:", "    x:", "      values: [1]");

        Assert.Equal(["error: spec.yaml:4: search.samples: only used with algorithm: random (allowed: remove it, or set algorithm: random)"], errors);
    }

    [Fact]
    public void Parse_SeedWithGrid_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  seed: 5", "  space:", "    x:", "      values: [1]");

        Assert.Equal(["error: spec.yaml:4: search.seed: only used with algorithm: random or tpe (allowed: remove it, or set algorithm: random or tpe)"], errors);
    }

    [Fact]
    public void Parse_RandomWithoutSamples_RequiresSamples()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  algorithm: random", "  space:", "    x:", "      uniform: [0, 1]");

        Assert.Equal(["error: spec.yaml:4: search.samples: required with algorithm: random (allowed: an integer >= 1)"], errors);
    }

    [Fact]
    public void Parse_RandomWithZeroSamples_IsOutOfRange()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  algorithm: random", "  samples: 0", "  space:", "    x:", "      uniform: [0, 1]");

        Assert.Equal(["error: spec.yaml:5: search.samples: 0 is out of range (allowed: an integer from 1 to 1000000)"], errors);
    }

    [Fact]
    public void Parse_EmptySpace_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space: {}");

        Assert.Equal(["error: spec.yaml:4: search.space: is empty (allowed: one or more parameters, or leave out search)"], errors);
    }

    [Fact]
    public void Parse_NoDistribution_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space:", "    x: {}");

        Assert.Equal(["error: spec.yaml:5: search.space.x: no distribution given (allowed: one of values, uniform, log_uniform, int)"], errors);
    }

    [Fact]
    public void Parse_TwoDistributions_AreRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space:", "    x: {values: [1], int: [1, 2]}");

        Assert.Equal(["error: spec.yaml:5: search.space.x: give exactly one distribution, found values, int (allowed: one of values, uniform, log_uniform, int)"], errors);
    }

    [Fact]
    public void Parse_DistributionAsList_IsNotAMapping()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space:", "    x: [1, 2]");

        Assert.Equal(["error: spec.yaml:5: search.space.x: expected a mapping of keys, got a list"], errors);
    }

    [Fact]
    public void Parse_EmptyUniformRange_IsEmpty()
    {
        Assert.Equal(["error: spec.yaml:8: search.space.x.uniform: range [1, 1] is empty (allowed: [a, b] with a < b)"], Sweep("x", "uniform: [1, 1]", random: true));
    }

    [Fact]
    public void Parse_InvertedUniformRange_IsInverted()
    {
        Assert.Equal(["error: spec.yaml:8: search.space.x.uniform: range [2, 1.5] is inverted (allowed: [a, b] with a < b)"], Sweep("x", "uniform: [2, 1.5]", random: true));
    }

    [Fact]
    public void Parse_InvertedIntRange_IsInverted()
    {
        Assert.Equal(["error: spec.yaml:6: search.space.x.int: range [5, 3] is inverted (allowed: [a, b] with a <= b)"], Sweep("x", "int: [5, 3]"));
    }

    [Fact]
    public void Parse_InvertedLogRange_IsInverted()
    {
        Assert.Equal(["error: spec.yaml:8: search.space.x.log_uniform: range [0.1, 0.01] is inverted (allowed: [a, b] with a < b)"], Sweep("x", "log_uniform: [0.1, 0.01]", random: true));
    }

    [Theory]
    [InlineData("[0, 1]", "[0, 1]")]
    [InlineData("[-1, 1]", "[-1, 1]")]
    [InlineData("[-2, -1]", "[-2, -1]")]
    public void Parse_LogRangeNotAboveZero_IsRejected(string range, string shown)
    {
        Assert.Equal([$"error: spec.yaml:8: search.space.x.log_uniform: a log range must stay above 0, got {shown} (allowed: 0 < a < b)"], Sweep("x", $"log_uniform: {range}", random: true));
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("log_uniform")]
    public void Parse_ContinuousRangeUnderGrid_IsRejected(string distribution)
    {
        Assert.Equal(
            [$"error: spec.yaml:6: search.space.x.{distribution}: a continuous range cannot be enumerated by a grid (allowed: values or int with algorithm: grid, or algorithm: random)"],
            Sweep("x", $"{distribution}: [1, 2]"));
    }

    [Fact]
    public void Parse_RangeLeavingTheDomain_SaysTheDomain()
    {
        Assert.Equal(
            ["error: spec.yaml:8: search.space.fail_prob.uniform: range [0, 2] leaves the parameter's domain (allowed: a number >= 0 and <= 1)"],
            Sweep("fail_prob", "uniform: [0, 2]", random: true));
    }

    [Fact]
    public void Parse_IntRangeLeavingTheDomain_SaysTheDomain()
    {
        Assert.Equal(
            ["error: spec.yaml:6: search.space.width.int: range [0, 8] leaves the parameter's domain (allowed: an integer >= 1 and <= 4096)"],
            Sweep("width", "int: [0, 8]", kind: "soft_symmetry"));
    }

    [Fact]
    public void Parse_RangeTouchingAnExclusiveMinimum_LeavesTheDomain()
    {
        Assert.Equal(
            ["error: spec.yaml:8: search.space.lr.uniform: range [0, 0.1] leaves the parameter's domain (allowed: a number > 0)"],
            Sweep("lr", "uniform: [0, 0.1]", random: true, kind: "soft_symmetry"));
    }

    [Fact]
    public void Parse_RangeOnAChoiceParam_IsNotNumeric()
    {
        Assert.Equal(
            ["error: spec.yaml:6: search.space.failure_mode.int: failure_mode is not numeric (allowed: values: [error, exit, crash, malformed, hang])"],
            Sweep("failure_mode", "int: [0, 1]"));
    }

    [Fact]
    public void Parse_ContinuousRangeOnAnIntegerParam_AsksForInt()
    {
        Assert.Equal(
            ["error: spec.yaml:8: search.space.width.uniform: width takes integers (allowed: int: [a, b] or values)"],
            Sweep("width", "uniform: [1, 8]", random: true, kind: "soft_symmetry"));
    }

    [Fact]
    public void Parse_RangeThatIsNotAPair_SaysWhatWasFound()
    {
        Assert.Equal(
            ["error: spec.yaml:8: search.space.x.uniform: expected a pair, got a list of 3 (allowed: [a, b] of numbers)"],
            Sweep("x", "uniform: [1, 2, 3]", random: true));
    }

    [Fact]
    public void Parse_RangeAsScalar_SaysWhatWasFound()
    {
        Assert.Equal(["error: spec.yaml:6: search.space.x.int: expected a pair, got a value (allowed: [a, b] of integers)"], Sweep("x", "int: 3"));
    }

    [Fact]
    public void Parse_FloatBoundOfAnIntRange_IsReportedAtTheBound()
    {
        Assert.Equal(["error: spec.yaml:6: search.space.x.int[1]: expected an integer, got '2.5' (allowed: [a, b] of integers)"], Sweep("x", "int: [1, 2.5]"));
    }

    [Fact]
    public void Parse_StringBoundOfAUniformRange_IsReportedAtTheBound()
    {
        Assert.Equal(["error: spec.yaml:8: search.space.x.uniform[0]: expected a number, got 'low' (allowed: [a, b] of numbers)"], Sweep("x", "uniform: [low, 2]", random: true));
    }

    [Fact]
    public void Parse_EmptyValues_IsRejected()
    {
        Assert.Equal(["error: spec.yaml:6: search.space.x.values: is empty (allowed: one or more of a number)"], Sweep("x", "values: []"));
    }

    [Fact]
    public void Parse_ValuesAsScalar_AsksForAList()
    {
        Assert.Equal(["error: spec.yaml:6: search.space.x.values: expected a list, got a value (allowed: [a number, …])"], Sweep("x", "values: 3"));
    }

    [Fact]
    public void Parse_DuplicateValues_AreReportedAtTheRepeat()
    {
        Assert.Equal(["error: spec.yaml:6: search.space.x.values[2]: duplicate value 1 (allowed: each value once)"], Sweep("x", "values: [1, 2, 1.0]"));
    }

    [Fact]
    public void Parse_DuplicateChoiceValues_AreReportedAtTheRepeat()
    {
        Assert.Equal(["error: spec.yaml:6: search.space.failure_mode.values[1]: duplicate value hang (allowed: each value once)"], Sweep("failure_mode", "values: [hang, hang]"));
    }

    [Fact]
    public void Parse_InvalidValue_IsReportedAtItsIndex()
    {
        Assert.Equal(
            ["error: spec.yaml:6: search.space.fail_prob.values[1]: 2 is out of range (allowed: a number >= 0 and <= 1)"],
            Sweep("fail_prob", "values: [0.5, 2]"));
    }

    [Fact]
    public void Parse_GridIntRangeLargerThanMaxTrials_IsRejectedBeforeItIsEnumerated()
    {
        var errors = SpecText.Errors(
            "name: a",
            "kind: synthetic",
            "search:",
            "  space:",
            "    x:",
            "      int: [1, 100000000000]",
            "table:",
            "  baseline:",
            "    x: 1");

        Assert.Equal(
        [
            "error: spec.yaml:6: search.space.x.int: range [1, 100000000000] has 100000000000 values, too many for a grid (allowed: at most 1000000 values, or algorithm: random)",
            "error: spec.yaml:9: table.baseline.x: 'x' is not a swept parameter (allowed: none: nothing is swept)",
        ], errors);
    }

    [Fact]
    public void Parse_GridOfMoreThanMaxTrials_IsRejectedAtSearch()
    {
        var errors = SpecText.Errors(
            "name: a",
            "kind: synthetic",
            "search:",
            "  space:",
            "    x:",
            "      int: [1, 1000]",
            "    y:",
            "      int: [1, 1000]",
            "seeds: 2");

        Assert.Equal(["error: spec.yaml:4: search: the spec expands to 2000000 trials (allowed: at most 1000000; fewer values, samples or seeds)"], errors);
    }

    [Fact]
    public void Parse_RandomSamplesTimesSeedsAboveMaxTrials_IsRejectedAtSearch()
    {
        var errors = SpecText.Errors(
            "name: a",
            "kind: synthetic",
            "search:",
            "  algorithm: random",
            "  samples: 500001",
            "  space:",
            "    x:",
            "      uniform: [0, 1]",
            "seeds: [1, 2]");

        Assert.Equal(["error: spec.yaml:4: search: the spec expands to 1000002 trials (allowed: at most 1000000; fewer values, samples or seeds)"], errors);
        Assert.Equal(1_000_000, SpecParser.MaxTrials);
    }

    [Fact]
    public void Parse_RandomIntRangeLargerThanMaxTrials_IsAccepted()
    {
        var spec = SpecText.Valid(
            "name: a",
            "kind: synthetic",
            "search:",
            "  algorithm: random",
            "  samples: 3",
            "  space:",
            "    x:",
            "      int: [1, 100000000000]");

        Assert.Equal(100_000_000_000, spec.Search.Space[0].High);
    }
}
