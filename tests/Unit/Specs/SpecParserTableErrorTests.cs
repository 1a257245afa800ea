namespace Goldstone.Tests.Unit.Specs;

/// <summary>Seeds, metrics and the baseline.</summary>
public sealed class SpecParserTableErrorTests
{
    private const string SoftSymmetryMetrics =
        "auc, train_auc, train_loss, test_loss, shift_auc, shift_gap, gen_gap, gen_gap_loss, symmetry_violation, hessian_top, hessian_trace, " +
        "hessian_spectrum, soft_modes_exact, reduced_hessian_w, reduced_hessian_x, sharpness_ga_w, sharpness_ga_x, distill_ratio, distill_control_ratio, distill_gain, loss_slice, loss_plane, lmc_barrier, " +
        "bkg_rejection@<x> for a number > 0 and < 1, compress@<x> for a number > 0 and <= 1, quant@<x> for an integer >= 1 and <= 16, " +
        "robust_fgsm@<x> for a number > 0, robust_noise@<x> for a number > 0, soft_modes@<x> for a number > 0 and < 1, " +
        "soft_mode_count@<x> for a number > 0 and < 1";

    /// <summary>A grid over x ∈ {1, 2} (lines 3-6) followed by <paramref name="tail"/> from line 7.</summary>
    private static IReadOnlyList<string> GridOverX(params string[] tail) =>
        SpecText.Errors(["name: a", "kind: synthetic", "search:", "  space:", "    x:", "      values: [1, 2]", .. tail]);

    [Fact]
    public void Parse_UnknownMetric_ListsTheKindsMetrics()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "table:", "  metrics: [score, accuracy]");

        Assert.Equal(["error: spec.yaml:4: table.metrics[1]: unknown metric 'accuracy' for kind synthetic (allowed: score, loss)"], errors);
    }

    [Fact]
    public void Parse_DuplicateMetric_IsReportedAtTheRepeat()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "table:", "  metrics:", "    - score", "    - loss", "    - score");

        Assert.Equal(["error: spec.yaml:7: table.metrics[2]: duplicate metric 'score' (allowed: each metric once)"], errors);
    }

    [Theory]
    [InlineData("robust_noise@-1")]
    [InlineData("robust_noise@0")]
    [InlineData("robust_noise@x")]
    [InlineData("robust_noise@")]
    [InlineData("robust_noise")]
    public void Parse_ParametricMetricWithoutAPositiveNumber_IsRejected(string metric)
    {
        var errors = SpecText.Errors("name: a", "kind: soft_symmetry", "table:", $"  metrics: [auc, '{metric}']");

        Assert.Equal([$"error: spec.yaml:4: table.metrics[1]: unknown metric '{metric}' for kind soft_symmetry (allowed: {SoftSymmetryMetrics})"], errors);
    }

    [Fact]
    public void Parse_ParametricMetricOfAnotherKind_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "table:", "  metrics: [robust_noise@0.1]");

        Assert.Equal(["error: spec.yaml:4: table.metrics[0]: unknown metric 'robust_noise@0.1' for kind synthetic (allowed: score, loss)"], errors);
    }

    [Fact]
    public void Parse_EmptyMetrics_AsksForANonEmptyList()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "table:", "  metrics: []");

        Assert.Equal(["error: spec.yaml:4: table.metrics: expected a non-empty list (allowed: score, loss)"], errors);
    }

    [Fact]
    public void Parse_DuplicateSeeds_AreReportedAtTheRepeat()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "seeds: [1, 2, 1]");

        Assert.Equal(["error: spec.yaml:3: seeds[2]: duplicate seed 1 (allowed: each seed once)"], errors);
    }

    [Fact]
    public void Parse_EmptySeedList_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "seeds: []");

        Assert.Equal(["error: spec.yaml:3: seeds: is empty (allowed: a count >= 1 or a list of distinct integers)"], errors);
    }

    [Fact]
    public void Parse_ZeroSeedCount_IsOutOfRange()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "seeds: 0");

        Assert.Equal(["error: spec.yaml:3: seeds: 0 is out of range (allowed: an integer from 1 to 100000)"], errors);
    }

    [Fact]
    public void Parse_NegativeOrFloatSeed_IsReportedAtItsIndex()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "seeds:", "  - 4", "  - -1", "  - 2.5");

        Assert.Equal(
        [
            "error: spec.yaml:5: seeds[1]: -1 is out of range (allowed: an integer >= 0)",
            "error: spec.yaml:6: seeds[2]: expected an integer, got '2.5' (allowed: an integer >= 0)",
        ], errors);
    }

    [Fact]
    public void Parse_BaselineNamingANonSweptParam_ListsTheSweptParams()
    {
        var errors = GridOverX("table:", "  baseline:", "    x: 1", "    y: 1");

        Assert.Equal(["error: spec.yaml:10: table.baseline.y: 'y' is not a swept parameter (allowed: x)"], errors);
    }

    [Fact]
    public void Parse_BaselineWithNothingSwept_SaysNothingIsSwept()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "table:", "  baseline:", "    x: 1");

        Assert.Equal(["error: spec.yaml:5: table.baseline.x: 'x' is not a swept parameter (allowed: none: nothing is swept)"], errors);
    }

    [Fact]
    public void Parse_BaselineValueNotInTheGrid_ListsTheGridValues()
    {
        var errors = GridOverX("table:", "  baseline:", "    x: 3");

        Assert.Equal(["error: spec.yaml:9: table.baseline.x: 3 is not a point of the space (allowed: 1, 2)"], errors);
    }

    [Fact]
    public void Parse_BaselineValueOutsideAnIntRange_ListsTheRangesValues()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space:", "    x:", "      int: [1, 3]", "table:", "  baseline:", "    x: 5");

        Assert.Equal(["error: spec.yaml:9: table.baseline.x: 5 is not a point of the space (allowed: 1, 2, 3)"], errors);
    }

    [Fact]
    public void Parse_BaselineValueOfTheWrongType_SaysTheParamsDomain()
    {
        var errors = GridOverX("table:", "  baseline:", "    x: one");

        Assert.Equal(["error: spec.yaml:9: table.baseline.x: expected a number, got 'one' (allowed: a number)"], errors);
    }

    [Fact]
    public void Parse_BaselineMissingASweptParam_NamesIt()
    {
        var errors = SpecText.Errors(
            "name: a",
            "kind: synthetic",
            "search:",
            "  space:",
            "    x:",
            "      values: [1, 2]",
            "    y:",
            "      values: [3, 4]",
            "    noise:",
            "      values: [0, 1]",
            "table:",
            "  baseline:",
            "    y: 3");

        Assert.Equal(["error: spec.yaml:13: table.baseline: missing swept parameter(s) x, noise (allowed: a value for every swept parameter)"], errors);
    }

    [Fact]
    public void Parse_BaselineNamingOnlyANonSweptParam_ReportsItAndTheMissingOne()
    {
        var errors = GridOverX("table:", "  baseline:", "    y: 1");

        Assert.Equal(
        [
            "error: spec.yaml:9: table.baseline: missing swept parameter(s) x (allowed: a value for every swept parameter)",
            "error: spec.yaml:9: table.baseline.y: 'y' is not a swept parameter (allowed: x)",
        ], errors);
    }

    [Theory]
    [InlineData("uniform: [0, 1]", "0.5")]
    [InlineData("values: [1, 2]", "3")]
    [InlineData("int: [1, 3]", "2")]
    public void Parse_BaselineWithRandomSearch_IsOneError(string distribution, string baselineValue)
    {
        var errors = SpecText.Errors(
            "name: a",
            "kind: synthetic",
            "search:",
            "  algorithm: random",
            "  samples: 3",
            "  space:",
            "    x:",
            $"      {distribution}",
            "table:",
            "  baseline:",
            $"    x: {baselineValue}");

        Assert.Equal(["error: spec.yaml:11: table.baseline: a random search has no fixed points to compare with (allowed: a baseline with algorithm: grid)"], errors);
    }

    [Fact]
    public void Parse_BaselineAsList_IsNotAMapping()
    {
        var errors = GridOverX("table:", "  baseline: [1]");

        Assert.Equal(["error: spec.yaml:8: table.baseline: expected a mapping of keys, got a list"], errors);
    }
}
