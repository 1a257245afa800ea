using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using static Goldstone.Tests.Unit.Analysis.Campaigns;

namespace Goldstone.Tests.Unit.Analysis;

/// <summary>The table's log-scale comparisons and trend tests, through <see cref="TableBuilder"/> and the renderers.</summary>
public sealed class TableStatisticsTests
{
    private const double Tolerance = 1e-12;

    /// <summary>The two-sided paired-t p-value with one degree of freedom (two pairs): P(|T| ≥ t) = 1 − 2·atan(t)/π.</summary>
    private static double PairedTwoPairs(double t) => 1 - 2 * Math.Atan(Math.Abs(t)) / Math.PI;

    /// <summary>x ∈ {0, 1, 2}, three seeds; per seed (a block) auc rises with x except seed 3 between x=0 and x=1.</summary>
    private static readonly TableDefinition Trend = SweepX(["auc"], [0, 1, 2], seeds: 3, baseline: 0) with { Trend = "x" };

    private static readonly double[][] TrendAuc = [[0.10, 0.20, 0.15], [0.20, 0.30, 0.10], [0.30, 0.50, 0.40]];

    /// <summary>Trial p·3 + s has x = p and seed s + 1; <c>TrendAuc[p][s]</c>.</summary>
    private static List<TrialOutcome> TrendOutcomes(params int[] failed) =>
        Enumerable.Range(0, 9).Select(i => failed.Contains(i) ? Ended(Trend, i, TrialStatus.Failed)
            : Succeeded(Trend, i, ("auc", TrendAuc[i / 3][i % 3]))).ToList();

    [Fact]
    public void Build_LogScaleMetric_TestsLogValuesAndGivesTheRatioOfGeometricMeans()
    {
        // Baseline 1, 2; x=1 has 2, 8: log differences ln 2 and 2 ln 2, mean 1.5 ln 2 (ratio 2^1.5), standard error
        // ln 2 / 2, so t = 3. The arithmetic difference of means stays 5 − 1.5.
        var definition = SweepX(["mse"], [0, 1], seeds: 2, baseline: 0);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("mse", 1)), Succeeded(definition, 1, ("mse", 2)),
            Succeeded(definition, 2, ("mse", 2)), Succeeded(definition, 3, ("mse", 8)),
        ];

        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default with { LogScale = ["mse"] });

        var cell = table.Rows[1].Cells[0];
        Assert.Equal(["mse"], table.LogScale);
        Assert.Equal(Math.Pow(2, 1.5), cell.RatioToBaseline!.Value, Tolerance);
        Assert.Equal(PairedTwoPairs(3), cell.PValue, Tolerance);
        Assert.Equal(3.5, cell.DiffToBaseline!.Value, Tolerance);
        Assert.Null(table.Rows[0].Cells[0].RatioToBaseline);
        Assert.Equal($"×2.828 ({TableRenderer.PValue(cell.PAdjusted)})", TableRenderer.DifferenceText(cell));
    }

    [Fact]
    public void Build_LogScaleFromTheSpec_AppliesUnlessTheQueryTurnsItOff()
    {
        var definition = SweepX(["mse"], [0, 1], seeds: 2, baseline: 0) with { LogScaleMetrics = ["mse"] };
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("mse", 1)), Succeeded(definition, 1, ("mse", 2)),
            Succeeded(definition, 2, ("mse", 2)), Succeeded(definition, 3, ("mse", 8)),
        ];

        var fromSpec = TableBuilder.Build(definition, outcomes, TableQuery.Default);
        var off = TableBuilder.Build(definition, outcomes, TableQuery.Default with { LogScale = [] });

        Assert.Equal(Math.Pow(2, 1.5), fromSpec.Rows[1].Cells[0].RatioToBaseline!.Value, Tolerance);
        Assert.Null(off.Rows[1].Cells[0].RatioToBaseline);
        // Differences 1 and 6: mean 3.5, standard error 2.5, t = 1.4.
        Assert.Equal(PairedTwoPairs(1.4), off.Rows[1].Cells[0].PValue, Tolerance);
    }

    [Fact]
    public void Build_LogScaleWithAValueAtOrBelowZero_NamesTheMetricValueAndRow()
    {
        var definition = SweepX(["mse"], [0, 1], seeds: 2, baseline: 0);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("mse", 1)), Succeeded(definition, 1, ("mse", 2)),
            Succeeded(definition, 2, ("mse", 0)), Succeeded(definition, 3, ("mse", 8)),
        ];

        var error = Assert.Throws<TableQueryException>(() => TableBuilder.Build(definition, outcomes, TableQuery.Default with { LogScale = ["mse"] }));

        Assert.Equal("log scale: metric 'mse' has the value 0 in row 'x=1' (allowed on a log scale: values > 0)", error.Message);
    }

    [Fact]
    public void Build_LogScaleOfAMetricNotInTheTable_IsAQueryError()
    {
        var definition = SweepX(["mse"], [0, 1], seeds: 2, baseline: 0);

        var error = Assert.Throws<TableQueryException>(() => TableBuilder.Build(definition, [], TableQuery.Default with { LogScale = ["auc"] }));

        Assert.Equal("--log-scale: 'auc' is not a column of this table (allowed: mse)", error.Message);
    }

    [Fact]
    public void Build_TrendFromTheSpec_IsPagesTestOverSeedBlocksAndSpearmanOverTrials()
    {
        // Ranks within the seed blocks: [1,2,3], [1,2,3], [2,1,3]; column sums 4, 5, 9; L = 4 + 10 + 27 = 41. A single
        // block's L (over the 6 orders of 1..3) is 10, 11, 11, 13, 13, 14; three blocks reach 41 or more as 14+14+14
        // (1 way) or 14+14+13 (3 positions × 2 ways): P = 7/216, doubled for two sides.
        var table = TableBuilder.Build(Trend, TrendOutcomes(), TableQuery.Default);

        var trend = Assert.Single(table.Trend!.Metrics);
        Assert.Equal(("x", 3), (table.Trend.Parameter, table.Trend.Levels));
        Assert.Equal((41.0, 3, "exact"), (trend.PageL, trend.Blocks, trend.PageMethod));
        Assert.Equal(14.0 / 216, trend.PageP, Tolerance);
        var x = Enumerable.Range(0, 9).Select(i => (double)(i / 3)).ToList();
        var y = Enumerable.Range(0, 9).Select(i => TrendAuc[i / 3][i % 3]).ToList();
        var (rho, p) = TrendTests.Spearman(x, y);
        Assert.Equal((9, rho, p), (trend.SpearmanN, trend.SpearmanRho, trend.SpearmanP));
        Assert.True(rho > 0.6, $"the rising data give a clearly positive ρ, got {rho}");
    }

    [Fact]
    public void Build_TrendWithAFailedTrial_DropsItsBlockFromPageButKeepsTheOtherTrialsInSpearman()
    {
        // Trial 5 is x=1, seed 3: blocks of seeds 1 and 2 remain, both ranked [1,2,3]: L = 2·(1 + 4 + 9) = 28, the
        // largest possible, P = (1/6)² doubled.
        var table = TableBuilder.Build(Trend, TrendOutcomes(failed: 5), TableQuery.Default);

        var trend = Assert.Single(table.Trend!.Metrics);
        Assert.Equal((28.0, 2, 8), (trend.PageL, trend.Blocks, trend.SpearmanN));
        Assert.Equal(2.0 / 36, trend.PageP, Tolerance);
    }

    [Fact]
    public void Build_TrendNone_TurnsOffTheSpecsTrend()
    {
        Assert.Null(TableBuilder.Build(Trend, TrendOutcomes(), TableQuery.Default with { Trend = "" }).Trend);
    }

    [Fact]
    public void Build_SpecTrendHeldFixed_IsLeftOutButAnAskedOneIsAnError()
    {
        var fixedX = TableQuery.Default with { Fixed = [Num("x", 1)] };

        Assert.Null(TableBuilder.Build(Trend, TrendOutcomes(), fixedX).Trend);
        var error = Assert.Throws<TableQueryException>(() => TableBuilder.Build(Trend, TrendOutcomes(), fixedX with { Trend = "x" }));
        Assert.Equal("--trend: 'x' is held fixed by --fix (allowed: a parameter with three or more values in the table)", error.Message);
    }

    [Fact]
    public void Build_TrendOverAParameterThatIsNotSweptAndNumeric_IsAQueryError()
    {
        var error = Assert.Throws<TableQueryException>(() => TableBuilder.Build(Trend, TrendOutcomes(), TableQuery.Default with { Trend = "width" }));

        Assert.Equal("--trend: 'width' is not a swept numeric parameter of campaign grid (allowed: x, or none)", error.Message);
    }

    [Fact]
    public void Build_TrendOverTwoValues_IsAQueryError()
    {
        var definition = SweepX(["auc"], [0, 1], seeds: 2, baseline: 0);

        var error = Assert.Throws<TableQueryException>(() => TableBuilder.Build(definition, [], TableQuery.Default with { Trend = "x" }));

        Assert.Equal("--trend: 'x' takes 2 value(s) in this table (allowed: a parameter with three or more values in the table)", error.Message);
    }

    [Fact]
    public void Text_TableWithATrend_EndsWithTheTrendRowAndItsNote()
    {
        var table = TableBuilder.Build(Trend, TrendOutcomes(), TableQuery.Default);
        var rho = table.Trend!.Metrics[0].SpearmanRho;

        var lines = TableRenderer.Text(table).Split('\n');

        var trendLine = Array.FindIndex(lines, l => l.StartsWith("trend over x", StringComparison.Ordinal));
        Assert.True(trendLine > 0, "a trend row");
        Assert.Matches("^-+  -+", lines[trendLine - 1]);
        Assert.EndsWith($"ρ=+{rho:0.00} (p=0.06)", lines[trendLine].TrimEnd());
        Assert.Contains("trend over x (3 values): ρ = Spearman's rank correlation with x over the trials; p = two-sided Page's L test over " +
            "blocks of trials equal in seed and every other parameter (exact up to 8 values and 12 blocks, else the normal approximation); " +
            "one trend test per metric, not adjusted", lines);
        Assert.Contains("Δ = difference of means to the baseline row; p = two-sided paired t-test over trials matched by seed, " +
            "Holm-adjusted within each metric: its family is that metric's 2 comparisons against the baseline", lines);
    }

    [Fact]
    public void Latex_TableWithATrendAndBenjaminiHochberg_EscapesTheTrendRowAndNamesTheCorrection()
    {
        var table = TableBuilder.Build(Trend, TrendOutcomes(), TableQuery.Default with { Correction = MultipleTestCorrection.BenjaminiHochberg });

        var latex = TableRenderer.Latex(table);

        Assert.Contains("\\midrule\ntrend over x &  & $\\rho$=+", latex);
        Assert.Contains("Benjamini--Hochberg-adjusted (false discovery rate) within each metric: its family is that metric's 2 comparisons", latex);
    }
}
