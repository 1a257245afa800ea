using Goldstone.Contracts;
using Goldstone.Grains.Search;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>The table block's <c>correction</c>, <c>trend</c> and <c>log_scale</c>.</summary>
public sealed class SpecParserTableStatisticsTests
{
    /// <summary>A grid over x ∈ {1, 2, 3}, y ∈ {1, 2} and noise ∈ {0.1, 0.2, 0.3}, then a table whose first extra line is line 11.</summary>
    private static string[] Spec(params string[] table) =>
        ["name: a", "kind: synthetic", "search:", "  space:", "    x: {values: [1, 2, 3]}", "    y: {values: [1, 2]}", "    noise: {values: [0.1, 0.2, 0.3]}",
            "seeds: 2", "table:", "  metrics: [score, loss]", .. table];

    [Fact]
    public void Parse_NoStatisticsKeys_HolmNoTrendNoLogScale()
    {
        var spec = SpecText.Valid(Spec());

        Assert.Equal((MultipleTestCorrection.Holm, null, 0), (spec.Table.Correction, spec.Table.Trend, spec.Table.LogScale.Count));
    }

    [Theory]
    [InlineData("holm", MultipleTestCorrection.Holm)]
    [InlineData("bh", MultipleTestCorrection.BenjaminiHochberg)]
    [InlineData("none", MultipleTestCorrection.None)]
    public void Parse_Correction_IsCarriedIntoTheTableDefinition(string name, MultipleTestCorrection expected)
    {
        var spec = SpecText.Valid(Spec($"  correction: {name}", "  trend: x", "  log_scale: [loss]"));

        var definition = TrialExpansion.Table(spec);
        Assert.Equal((expected, "x"), (definition.Correction, definition.Trend));
        Assert.Equal(["loss"], definition.LogScaleMetrics);
    }

    [Fact]
    public void Parse_UnknownCorrection_ListsTheAllowedOnes()
    {
        var errors = SpecText.Errors(Spec("  correction: bonferroni"));

        Assert.Equal(["error: spec.yaml:11: table.correction: 'bonferroni' is not a correction (allowed: holm, bh, none)"], errors);
    }

    [Fact]
    public void Parse_TrendOverAnUnsweptParameter_ListsTheOrderedOnes()
    {
        var errors = SpecText.Errors(Spec("  trend: width"));

        Assert.Equal(["error: spec.yaml:11: table.trend: 'width' is not a swept parameter (allowed: x, noise)"], errors);
    }

    [Fact]
    public void Parse_TrendOverTwoValues_SaysItNeedsThree()
    {
        var errors = SpecText.Errors(Spec("  trend: y"));

        Assert.Equal(["error: spec.yaml:11: table.trend: 'y' is not a swept parameter with three or more numeric values (allowed: x, noise)"], errors);
    }

    [Fact]
    public void Parse_LogScaleOfAMetricNotInTheTable_AndARepeat_AreEachReported()
    {
        var errors = SpecText.Errors(Spec("  log_scale: [loss, score, loss, auc]"));

        Assert.Equal([
            "error: spec.yaml:11: table.log_scale[2]: duplicate metric 'loss' (allowed: each metric once)",
            "error: spec.yaml:11: table.log_scale[3]: 'auc' is not a metric of the table (allowed: score, loss)",
        ], errors);
    }

    [Fact]
    public void Parse_LogScaleNotAList_IsRejected()
    {
        var errors = SpecText.Errors(Spec("  log_scale: loss"));

        Assert.Equal(["error: spec.yaml:11: table.log_scale: expected a list of the table's metrics, got a value (allowed: score, loss)"], errors);
    }
}
