using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using static Goldstone.Tests.Unit.Analysis.Campaigns;

namespace Goldstone.Tests.Unit.Analysis;

public sealed class TableBuilderTests
{
    private const double Tolerance = 1e-9;

    /// <summary>x ∈ {0, 1} × y ∈ {10, 20}, two seeds, baseline x=0, y=10; trials 0–7 in point order.</summary>
    private static readonly TableDefinition Grid = Define(["auc", "loss"],
        [[Num("x", 0), Num("y", 10)], [Num("x", 0), Num("y", 20)], [Num("x", 1), Num("y", 10)], [Num("x", 1), Num("y", 20)]],
        seeds: 2, baseline: [Num("x", 0), Num("y", 10)]);

    private static readonly double[] GridAuc = [0.70, 0.72, 0.74, 0.80, 0.75, 0.78, 0.79, 0.86];
    private static readonly double[] GridLoss = [0.50, 0.48, 0.45, 0.40, 0.44, 0.42, 0.41, 0.30];

    private static IEnumerable<TrialOutcome> GridOutcomes(params int[] failed) =>
        Enumerable.Range(0, 8).Select(i => failed.Contains(i) ? Ended(Grid, i, TrialStatus.Failed)
            : Succeeded(Grid, i, ("auc", GridAuc[i]), ("loss", GridLoss[i])));

    private static TableQuery Query(string[]? by = null, string[]? metrics = null, ParamValue[]? fix = null,
        string? paretoX = null, string? paretoY = null, IntervalMethod interval = IntervalMethod.StudentT, PairedTestMethod test = PairedTestMethod.PairedT) =>
        new(by, metrics, fix, interval, test, paretoX, paretoY);

    /// <summary>The two-sided paired-t p-value with one degree of freedom (two pairs): t is Cauchy, P(|T| ≥ t) = 1 − 2·atan(t)/π.</summary>
    private static double PairedTwoPairs(double t) => 1 - 2 * Math.Atan(Math.Abs(t)) / Math.PI;

    [Fact]
    public void Build_DefaultQuery_HasOneRowPerPointInPointOrder()
    {
        var definition = SweepX(["auc"], [2, 0, 1], seeds: 1, baseline: 0);

        var table = TableBuilder.Build(definition, [], TableQuery.Default);

        Assert.Equal(["x=2", "x=0", "x=1"], table.Rows.Select(r => r.Setting));
        Assert.Equal(["x"], table.By);
        Assert.Equal([false, true, false], table.Rows.Select(r => r.IsBaseline));
        Assert.Equal("x=0", table.Baseline);
    }

    [Fact]
    public void Build_BySubset_PoolsTheOtherParameters()
    {
        var table = TableBuilder.Build(Grid, GridOutcomes(), Query(by: ["x"]));

        Assert.Equal(["x=0", "x=1"], table.Rows.Select(r => r.Setting));
        Assert.Equal([4, 4], table.Rows.Select(r => r.Trials));
        Assert.Equal((0.70 + 0.72 + 0.74 + 0.80) / 4, table.Rows[0].Cells[0].Mean, Tolerance);
        Assert.Equal((0.75 + 0.78 + 0.79 + 0.86) / 4, table.Rows[1].Cells[0].Mean, Tolerance);
        Assert.Equal([4, 4], table.Rows.Select(r => r.Cells[0].N));
    }

    [Fact]
    public void Build_BySubsetWithFix_KeepsOnlyTrialsWithTheFixedValue()
    {
        var table = TableBuilder.Build(Grid, GridOutcomes(), Query(by: ["x"], fix: [Num("y", 20)]));

        Assert.Equal(["x=0", "x=1"], table.Rows.Select(r => r.Setting));
        Assert.Equal([2, 2], table.Rows.Select(r => r.Trials));
        Assert.Equal((0.74 + 0.80) / 2, table.Rows[0].Cells[0].Mean, Tolerance);
        Assert.Equal((0.79 + 0.86) / 2, table.Rows[1].Cells[0].Mean, Tolerance);
    }

    [Fact]
    public void Build_BySubset_FindsTheBaselineRestrictedToTheGrouping()
    {
        var byX = TableBuilder.Build(Grid, GridOutcomes(), Query(by: ["x"]));
        var byY = TableBuilder.Build(Grid, GridOutcomes(), Query(by: ["y"]));

        Assert.Equal("x=0", byX.Baseline);
        Assert.Equal([true, false], byX.Rows.Select(r => r.IsBaseline));
        Assert.Equal("y=10", byY.Baseline);
        Assert.Equal([true, false], byY.Rows.Select(r => r.IsBaseline));
    }

    [Fact]
    public void Build_GroupingParameterWithoutBaselineValue_HasNoBaseline()
    {
        var partial = Grid with { Baseline = [Num("x", 0)] };

        var table = TableBuilder.Build(partial, GridOutcomes(), TableQuery.Default);

        Assert.Null(table.Baseline);
        Assert.False(table.HasBaseline);
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.Equal((null, 0), (c.DiffToBaseline, c.PairedN)));
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.True(double.IsNaN(c.PValue) && double.IsNaN(c.PAdjusted)));
    }

    [Fact]
    public void Build_UnpairedTrials_PairsBySeedAndPooledParametersOnly()
    {
        // Trial 0 (x=0, y=10, seed 1) and trial 7 (x=1, y=20, seed 2) failed. Against the pooled baseline x=0, row x=1
        // pairs (y=10, seed 2): 0.78 − 0.72 and (y=20, seed 1): 0.79 − 0.74; its trial 4 and the baseline's trial 3 have
        // no partner. Differences 0.06 and 0.05: mean 0.055, standard error |0.06 − 0.05|/2 = 0.005, t = 11, 1 df.
        var table = TableBuilder.Build(Grid, GridOutcomes(failed: [0, 7]), Query(by: ["x"], metrics: ["auc"]));

        var cell = table.Rows[1].Cells[0];
        Assert.Equal((3, 2), (cell.N, cell.PairedN));
        Assert.Equal(PairedTwoPairs(11), cell.PValue, Tolerance);
        Assert.Equal(cell.PValue, cell.PAdjusted);
        // The difference is of the row means, all succeeded trials included: (0.75 + 0.78 + 0.79)/3 − (0.72 + 0.74 + 0.80)/3.
        Assert.Equal(0.02, cell.DiffToBaseline!.Value, Tolerance);
        Assert.Equal((3, 0, null), (table.Rows[0].Cells[0].N, table.Rows[0].Cells[0].PairedN, table.Rows[0].Cells[0].DiffToBaseline));
    }

    [Theory]
    [InlineData(MultipleTestCorrection.Holm)]
    [InlineData(MultipleTestCorrection.BenjaminiHochberg)]
    public void Build_SeveralRowsAndMetrics_AdjustsEachMetricAsItsOwnFamily(MultipleTestCorrection correction)
    {
        // Baseline 0.5 everywhere; differences per pair: x=1 auc (0.1, 0.3) → t = 2, loss (−0.1, −0.2) → t = 3;
        // x=2 auc (0.2, 0.3) → t = 5, loss (0.1, 0.11) → t = 21. One family per metric, two tests each. Holm: the
        // smaller p doubled, the larger kept (it is above the doubled one). Benjamini–Hochberg: the larger kept, the
        // smaller the least of 2·p and the larger; here the same numbers.
        var definition = SweepX(["auc", "loss"], [0, 1, 2], seeds: 2, baseline: 0);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("auc", 0.5), ("loss", 0.5)), Succeeded(definition, 1, ("auc", 0.5), ("loss", 0.5)),
            Succeeded(definition, 2, ("auc", 0.6), ("loss", 0.4)), Succeeded(definition, 3, ("auc", 0.8), ("loss", 0.3)),
            Succeeded(definition, 4, ("auc", 0.7), ("loss", 0.6)), Succeeded(definition, 5, ("auc", 0.8), ("loss", 0.61)),
        ];

        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default with { Correction = correction });

        var (x1, x2) = (table.Rows[1].Cells, table.Rows[2].Cells);
        Assert.Equal(correction, table.Correction);
        Assert.Equal(PairedTwoPairs(2), x1[0].PValue, Tolerance);
        Assert.Equal(PairedTwoPairs(3), x1[1].PValue, Tolerance);
        Assert.Equal(PairedTwoPairs(5), x2[0].PValue, Tolerance);
        Assert.Equal(PairedTwoPairs(21), x2[1].PValue, Tolerance);
        Assert.True(2 * PairedTwoPairs(5) < PairedTwoPairs(2) && 2 * PairedTwoPairs(21) < PairedTwoPairs(3), "the worked numbers above");
        Assert.Equal(PairedTwoPairs(2), x1[0].PAdjusted, Tolerance);
        Assert.Equal(2 * PairedTwoPairs(5), x2[0].PAdjusted, Tolerance);
        Assert.Equal(PairedTwoPairs(3), x1[1].PAdjusted, Tolerance);
        Assert.Equal(2 * PairedTwoPairs(21), x2[1].PAdjusted, Tolerance);
    }

    [Fact]
    public void Build_CorrectionNone_KeepsTheRawPValues()
    {
        var definition = SweepX(["auc"], [0, 1, 2], seeds: 2, baseline: 0);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("auc", 0.5)), Succeeded(definition, 1, ("auc", 0.5)),
            Succeeded(definition, 2, ("auc", 0.6)), Succeeded(definition, 3, ("auc", 0.8)),
            Succeeded(definition, 4, ("auc", 0.7)), Succeeded(definition, 5, ("auc", 0.8)),
        ];

        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default with { Correction = MultipleTestCorrection.None });

        Assert.Equal(PairedTwoPairs(2), table.Rows[1].Cells[0].PAdjusted, Tolerance);
        Assert.Equal(PairedTwoPairs(5), table.Rows[2].Cells[0].PAdjusted, Tolerance);
        Assert.True(double.IsNaN(table.Rows[0].Cells[0].PAdjusted));
    }

    [Fact]
    public void Build_SpecCorrection_AppliesUnlessTheQueryNamesOne()
    {
        var definition = SweepX(["auc"], [0, 1, 2], seeds: 2, baseline: 0) with { Correction = MultipleTestCorrection.None };
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("auc", 0.5)), Succeeded(definition, 1, ("auc", 0.5)),
            Succeeded(definition, 2, ("auc", 0.6)), Succeeded(definition, 3, ("auc", 0.8)),
            Succeeded(definition, 4, ("auc", 0.7)), Succeeded(definition, 5, ("auc", 0.8)),
        ];

        var fromSpec = TableBuilder.Build(definition, outcomes, TableQuery.Default);
        var fromQuery = TableBuilder.Build(definition, outcomes, TableQuery.Default with { Correction = MultipleTestCorrection.Holm });

        Assert.Equal(MultipleTestCorrection.None, fromSpec.Correction);
        Assert.Equal(PairedTwoPairs(5), fromSpec.Rows[2].Cells[0].PAdjusted, Tolerance);
        Assert.Equal(MultipleTestCorrection.Holm, fromQuery.Correction);
        Assert.Equal(2 * PairedTwoPairs(5), fromQuery.Rows[2].Cells[0].PAdjusted, Tolerance);
    }

    [Fact]
    public void Build_WilcoxonQuery_UsesTheSignedRankTest()
    {
        // Two positive differences of distinct size: the exact null puts 1/4 on the largest rank sum, p = 2 · 1/4.
        var definition = SweepX(["auc"], [0, 1], seeds: 2, baseline: 0);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("auc", 0.5)), Succeeded(definition, 1, ("auc", 0.5)),
            Succeeded(definition, 2, ("auc", 0.6)), Succeeded(definition, 3, ("auc", 0.8)),
        ];

        var table = TableBuilder.Build(definition, outcomes, Query(test: PairedTestMethod.Wilcoxon));

        Assert.Equal((PairedTestMethod.Wilcoxon, 0.5), (table.Test, table.Rows[1].Cells[0].PValue));
    }

    [Fact]
    public void Build_BootstrapQuery_UsesTheSeededPercentileInterval()
    {
        var definition = SweepX(["auc"], [0], seeds: 3, baseline: null);
        TrialOutcome[] outcomes = [Succeeded(definition, 0, ("auc", 0.5)), Succeeded(definition, 1, ("auc", 0.6)), Succeeded(definition, 2, ("auc", 0.9))];

        var cell = TableBuilder.Build(definition, outcomes, Query(interval: IntervalMethod.Bootstrap)).Rows[0].Cells[0];

        Assert.Equal(Bootstrap.MeanInterval([0.5, 0.6, 0.9]), (cell.Low, cell.High));
        Assert.InRange(cell.Low, 0.5, cell.Mean);
        Assert.InRange(cell.High, cell.Mean, 0.9);
    }

    [Fact]
    public void Build_Directions_MarkTheBestPerColumnAndRankByTheFirstWithTies()
    {
        // auc is higher-better with a tie at 0.9; loss lower-better with a tie at 0.2; widgets has no direction.
        var definition = SweepX(["auc", "loss", "widgets"], [0, 1, 2, 3, 4], seeds: 1, baseline: null);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("auc", 0.8), ("loss", 0.3), ("widgets", 5)),
            Succeeded(definition, 1, ("auc", 0.9), ("loss", 0.2), ("widgets", 6)),
            Succeeded(definition, 2, ("auc", 0.9), ("loss", 0.25), ("widgets", 7)),
            Succeeded(definition, 3, ("auc", 0.7), ("loss", 0.2), ("widgets", 8)),
            Succeeded(definition, 4, ("auc", double.NaN), ("widgets", 9)),
        ];

        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default);

        Assert.Equal([MetricDirection.Higher, MetricDirection.Lower, MetricDirection.None], table.Metrics.Select(m => m.Direction));
        Assert.Equal([false, true, true, false, false], table.Rows.Select(r => r.Cells[0].IsBest));
        Assert.Equal([false, true, false, true, false], table.Rows.Select(r => r.Cells[1].IsBest));
        Assert.All(table.Rows, r => Assert.False(r.Cells[2].IsBest));
        Assert.Equal([3, 1, 1, 4, 0], table.Rows.Select(r => r.Rank));
    }

    [Fact]
    public void Build_ParetoQuery_MarksTheNonDominatedRows()
    {
        // (auc ↑, loss ↓): A (0.90, 0.30), B (0.85, 0.20) and E (0.70, 0.10) trade off; C (0.80, 0.25) is dominated
        // by B, D (0.90, 0.35) by A (equal auc, worse loss); F has no auc and is neither on the front nor dominating.
        var definition = SweepX(["auc", "loss"], [0, 1, 2, 3, 4, 5], seeds: 1, baseline: null);
        (double Auc, double Loss)[] means = [(0.90, 0.30), (0.85, 0.20), (0.80, 0.25), (0.90, 0.35), (0.70, 0.10), (double.NaN, 0.05)];
        var outcomes = means.Select((m, i) => Succeeded(definition, i, ("auc", m.Auc), ("loss", m.Loss)));

        var table = TableBuilder.Build(definition, outcomes, Query(paretoX: "auc", paretoY: "loss"));

        Assert.Equal([true, true, false, false, true, false], table.Rows.Select(r => r.OnParetoFront));
        Assert.Equal(("auc", "loss"), (table.ParetoX, table.ParetoY));
    }

    [Fact]
    public void Build_MultiObjectiveSearch_MarksTheFrontOfItsObjectivesInTheirModes()
    {
        // Objectives score (max) and widgets (min; the schema gives widgets no direction, the mode does): rows
        // (score, widgets) A (3, 3), B (2, 1), C (1, 2) dominated by B, D (3, 4) dominated by A, E (0, 0).
        // auc is a column but no objective: A's low auc does not take it off the front.
        var definition = SweepX(["auc", "score", "widgets"], [0, 1, 2, 3, 4], seeds: 1, baseline: null) with
        {
            Objectives = [new("score", MetricDirection.Higher), new("widgets", MetricDirection.Lower)],
        };
        (double Score, double Widgets)[] means = [(3, 3), (2, 1), (1, 2), (3, 4), (0, 0)];
        var outcomes = means.Select((m, i) => Succeeded(definition, i, ("auc", i == 0 ? 0.1 : 0.9), ("score", m.Score), ("widgets", m.Widgets)));

        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default);

        Assert.Equal([true, true, false, false, true], table.Rows.Select(r => r.OnParetoFront));
        Assert.Equal([("score", MetricDirection.Higher), ("widgets", MetricDirection.Lower)], table.Pareto.Select(m => (m.Name, m.Direction)));
        Assert.Equal(MetricDirection.Lower, table.Metrics[2].Direction);
        Assert.Equal([false, false, false, false, true], table.Rows.Select(r => r.Cells[2].IsBest));
        Assert.Null(table.ParetoX);
        Assert.Contains("pareto: on the Pareto front of the search's objectives score (max), widgets (min): no other row is as good in all and better in one",
            TableRenderer.Notes(table));
        // Asked for another front, the table marks that one: in (auc, score) D (0.9, 3) dominates every other row.
        var asked = TableBuilder.Build(definition, outcomes, Query(paretoX: "auc", paretoY: "score"));
        Assert.Equal([("auc", MetricDirection.Higher), ("score", MetricDirection.Higher)], asked.Pareto.Select(m => (m.Name, m.Direction)));
        Assert.Equal([false, false, false, true, false], asked.Rows.Select(r => r.OnParetoFront));
    }

    [Fact]
    public void Build_NaNAndMissingMetrics_AreExcludedFromStatisticsAndCounted()
    {
        var definition = SweepX(["auc", "loss"], [0], seeds: 3, baseline: null);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("auc", 0.5), ("loss", 0.1)),
            Succeeded(definition, 1, ("auc", double.NaN)),
            Succeeded(definition, 2, ("auc", 0.7), ("loss", 0.3)),
        ];

        var cells = TableBuilder.Build(definition, outcomes, TableQuery.Default).Rows[0].Cells;

        // Two values each: standard error |a − b|/2 = 0.1, half-width t₀.₉₇₅(1) · 0.1.
        Assert.Equal((2, 1), (cells[0].N, cells[0].NaNCount));
        Assert.Equal(0.6, cells[0].Mean, Tolerance);
        Assert.Equal(1.2706204736174707, cells[0].HalfWidth, Tolerance);
        Assert.Equal((2, 1), (cells[1].N, cells[1].NaNCount));
        Assert.Equal(0.2, cells[1].Mean, Tolerance);
        Assert.Equal(0.2 - 1.2706204736174707, cells[1].Low, Tolerance);
    }

    [Fact]
    public void Build_UnfinishedAndUnsuccessfulTrials_AreCountedPerRow()
    {
        var definition = SweepX(["auc"], [0, 1], seeds: 5, baseline: 0);
        TrialOutcome[] outcomes =
        [
            Succeeded(definition, 0, ("auc", 0.5)), Ended(definition, 1, TrialStatus.Failed),
            Ended(definition, 2, TrialStatus.Cancelled), Ended(definition, 3, TrialStatus.Stopped),
        ];

        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default, runningTrials: [4, 5]);

        Assert.Equal(
            [(5, 1, 1, 1, 0, 1, 1), (5, 0, 0, 1, 4, 0, 0)],
            table.Rows.Select(r => (r.Trials, r.Succeeded, r.Failed, r.Running, r.Pending, r.Cancelled, r.Stopped)));
        Assert.Equal((1, 0.5), (table.Rows[0].Cells[0].N, table.Rows[0].Cells[0].Mean));
        Assert.Equal((0, 0), (table.Rows[1].Cells[0].N, table.Rows[1].Cells[0].NaNCount));
        Assert.Null(table.Rows[1].Cells[0].DiffToBaseline);
    }

    [Fact]
    public void Build_StoppedTrials_AreCountedApartAndLeftOutOfTheCellsByDefault()
    {
        var definition = SweepX(["loss"], [0], seeds: 3, baseline: null);
        TrialOutcome[] outcomes = [Succeeded(definition, 0, ("loss", 0.2)), Succeeded(definition, 1, ("loss", 0.4)), Stopped(definition, 2, ("loss", 0.9))];

        var row = TableBuilder.Build(definition, outcomes, TableQuery.Default).Rows.Single();

        Assert.Equal((2, 1, 0, 2), (row.Succeeded, row.Stopped, row.Cancelled, row.Cells[0].N));
        Assert.Equal(0.3, row.Cells[0].Mean, Tolerance);
    }

    [Fact]
    public void Build_StoppedLast_TakesTheStoppedTrialsLastReportedMetrics()
    {
        var definition = SweepX(["loss"], [0], seeds: 3, baseline: null);
        TrialOutcome[] outcomes = [Succeeded(definition, 0, ("loss", 0.2)), Succeeded(definition, 1, ("loss", 0.4)), Stopped(definition, 2, ("loss", 0.9))];

        var byQuery = TableBuilder.Build(definition, outcomes, TableQuery.Default with { Stopped = StoppedTrials.Last }).Rows.Single();
        var bySpec = TableBuilder.Build(definition with { Stopped = StoppedTrials.Last }, outcomes, TableQuery.Default).Rows.Single();
        var queryOverridesSpec = TableBuilder.Build(definition with { Stopped = StoppedTrials.Last }, outcomes,
            TableQuery.Default with { Stopped = StoppedTrials.Exclude }).Rows.Single();

        Assert.Equal((2, 1, 3), (byQuery.Succeeded, byQuery.Stopped, byQuery.Cells[0].N));
        Assert.Equal(0.5, byQuery.Cells[0].Mean, Tolerance);
        Assert.Equal((3, 2), (bySpec.Cells[0].N, queryOverridesSpec.Cells[0].N));
        Assert.Equal(0.5, bySpec.Cells[0].Mean, Tolerance);
        Assert.Equal(0.3, queryOverridesSpec.Cells[0].Mean, Tolerance);
    }

    [Fact]
    public void Build_StoppedLast_LeavesAFinalOnlyMetricOutOfTheColumnInsteadOfNaN()
    {
        var definition = SweepX(["score", "loss"], [0], seeds: 2, baseline: null);
        TrialOutcome[] outcomes = [Succeeded(definition, 0, ("score", 0.8), ("loss", 0.2)), Stopped(definition, 1, ("loss", 0.9))];

        var cells = TableBuilder.Build(definition, outcomes, TableQuery.Default with { Stopped = StoppedTrials.Last }).Rows.Single().Cells;

        Assert.Equal([(1, 0), (2, 0)], cells.Select(c => (c.N, c.NaNCount)));
    }

    [Theory]
    [InlineData("by", "--by: 'z' is not a parameter of campaign grid (allowed: width, x, y)")]
    [InlineData("metric", "--metrics: 'acc' is not a metric of campaign grid (allowed: auc, loss)")]
    [InlineData("fix-name", "--fix: 'z' is not a parameter of campaign grid (allowed: width, x, y)")]
    [InlineData("fix-value", "--fix: no trial has x=7")]
    [InlineData("pareto-column", "--pareto: 'loss' is not a column of this table (allowed: auc)")]
    public void Build_UnknownNames_ThrowWithTheAllowedValues(string what, string message)
    {
        var query = what switch
        {
            "by" => Query(by: ["x", "z"]),
            "metric" => Query(metrics: ["auc", "acc"]),
            "fix-name" => Query(fix: [Num("z", 1)]),
            "fix-value" => Query(fix: [Num("x", 7)]),
            _ => Query(metrics: ["auc"], paretoX: "auc", paretoY: "loss"),
        };

        var error = Assert.Throws<TableQueryException>(() => TableBuilder.Build(Grid, GridOutcomes(), query));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Build_ParetoOnAMetricWithoutDirection_Throws()
    {
        var definition = SweepX(["auc", "widgets"], [0, 1], seeds: 1, baseline: null);

        var error = Assert.Throws<TableQueryException>(() => TableBuilder.Build(definition, [], Query(paretoX: "auc", paretoY: "widgets")));

        Assert.Equal("--pareto: 'widgets' has no better direction (allowed: metrics where higher or lower is better)", error.Message);
    }
}
