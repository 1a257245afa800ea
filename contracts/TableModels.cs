namespace Goldstone.Contracts;

/// <summary>How a cell's confidence interval is computed.</summary>
public enum IntervalMethod
{
    /// <summary>mean ± t₀.₉₇₅(n−1)·s/√n.</summary>
    StudentT = 0,
    /// <summary>Percentile bootstrap of the mean (seeded, 10,000 resamples).</summary>
    Bootstrap = 1,
}

/// <summary>The paired test of a row against the baseline over matched trials.</summary>
public enum PairedTestMethod
{
    /// <summary>Paired t-test.</summary>
    PairedT = 0,
    /// <summary>Wilcoxon signed-rank test.</summary>
    Wilcoxon = 1,
}

/// <summary>How the p-values of one family (one metric's comparisons against the baseline) are adjusted.</summary>
public enum MultipleTestCorrection
{
    /// <summary>Holm's step-down method: controls the family-wise error rate.</summary>
    Holm = 0,
    /// <summary>Benjamini–Hochberg step-up method: controls the false discovery rate.</summary>
    BenjaminiHochberg = 1,
    /// <summary>No adjustment: the raw p-values.</summary>
    None = 2,
}

/// <summary>Which way a metric improves, for marking the best value and ranking.</summary>
public enum MetricDirection
{
    /// <summary>Neither (no best is marked).</summary>
    None = 0,
    /// <summary>Higher is better (AUC, robustness).</summary>
    Higher = 1,
    /// <summary>Lower is better (loss, sharpness, error).</summary>
    Lower = 2,
}

/// <summary>What a table shows: rows grouped by <see cref="By"/>, other parameters pooled or held fixed.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.TableQuery")]
public sealed record TableQuery(
    [property: Id(0)] IReadOnlyList<string>? By,
    [property: Id(1)] IReadOnlyList<string>? Metrics,
    [property: Id(2)] IReadOnlyList<ParamValue>? Fixed,
    [property: Id(3)] IntervalMethod Interval,
    [property: Id(4)] PairedTestMethod Test,
    [property: Id(5)] string? ParetoX,
    [property: Id(6)] string? ParetoY)
{
    /// <summary>Rows = the campaign's settings, the spec's metrics, Student-t intervals, paired t-tests, and the
    /// spec's correction, trend and log-scale metrics.</summary>
    public static TableQuery Default { get; } = new(null, null, null, IntervalMethod.StudentT, PairedTestMethod.PairedT, null, null);

    /// <summary>The correction within each metric's family; null: the spec's <c>table.correction</c> (default Holm).</summary>
    [Id(7)] public MultipleTestCorrection? Correction { get; init; }

    /// <summary>The ordered numeric parameter of the trend test; null: the spec's <c>table.trend</c>; empty: none.</summary>
    [Id(8)] public string? Trend { get; init; }

    /// <summary>Metrics compared on a log scale; null: the spec's <c>table.log_scale</c>; empty: none.</summary>
    [Id(9)] public IReadOnlyList<string>? LogScale { get; init; }

    /// <summary>Whether stopped trials' last reported metrics enter the cells; null: the spec's <c>table.stopped</c> (default exclude).</summary>
    [Id(10)] public StoppedTrials? Stopped { get; init; }
}

/// <summary>What a table does with trials an early-stopping rule stopped; they are counted apart either way.</summary>
public enum StoppedTrials
{
    /// <summary>Left out of the cells: a cell is over succeeded trials only.</summary>
    Exclude = 0,
    /// <summary>Their metrics at the epoch they stopped enter the cells beside the succeeded trials'.</summary>
    Last = 1,
}

/// <summary>A metric column and the direction in which it improves.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.MetricColumn")]
public sealed record MetricColumn(
    [property: Id(0)] string Name,
    [property: Id(1)] MetricDirection Direction);

/// <summary>
/// One metric of one row: mean and 95% interval over its trials (NaNs excluded and counted), and against the
/// baseline the difference of means with a paired test over matched trials (same seed and pooled parameters),
/// its p-value and the p-value adjusted within the metric's family (the metric's comparisons against the baseline).
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.TableCell")]
public sealed record TableCell(
    [property: Id(0)] int N,
    [property: Id(1)] double Mean,
    [property: Id(2)] double Low,
    [property: Id(3)] double High,
    [property: Id(4)] int NaNCount,
    [property: Id(5)] double? DiffToBaseline,
    [property: Id(6)] int PairedN,
    [property: Id(7)] double PValue,
    [property: Id(8)] double PAdjusted,
    [property: Id(9)] bool IsBest)
{
    /// <summary>Half the interval's width (for symmetric Student-t intervals, the ± term).</summary>
    public double HalfWidth => (High - Low) / 2;

    /// <summary>For a metric compared on a log scale: the ratio of geometric means over the matched pairs,
    /// exp(mean(log x − log x_baseline)); the p-value then tests the log values. Null otherwise.</summary>
    [Id(10)] public double? RatioToBaseline { get; init; }
}

/// <summary>One row: a group of trials with equal values of the grouping parameters.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.TableRow")]
public sealed record TableRow(
    [property: Id(0)] string Setting,
    [property: Id(1)] IReadOnlyList<ParamValue> Params,
    [property: Id(2)] bool IsBaseline,
    [property: Id(3)] int Trials,
    [property: Id(4)] int Succeeded,
    [property: Id(5)] int Failed,
    [property: Id(6)] int Running,
    [property: Id(7)] int Pending,
    [property: Id(8)] int Cancelled,
    [property: Id(9)] IReadOnlyList<TableCell> Cells,
    [property: Id(10)] int Rank,
    [property: Id(11)] bool OnParetoFront)
{
    /// <summary>Trials an early-stopping rule stopped; counted apart from <see cref="Succeeded"/> and <see cref="Failed"/>.</summary>
    [Id(12)] public int Stopped { get; init; }
}

/// <summary>The comparative table of a campaign.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.CampaignTable")]
public sealed record CampaignTable(
    [property: Id(0)] string Campaign,
    [property: Id(1)] IReadOnlyList<MetricColumn> Metrics,
    [property: Id(2)] IReadOnlyList<string> By,
    [property: Id(3)] IReadOnlyList<TableRow> Rows,
    [property: Id(4)] string? Baseline,
    [property: Id(5)] IntervalMethod Interval,
    [property: Id(6)] PairedTestMethod Test,
    [property: Id(7)] string? ParetoX,
    [property: Id(8)] string? ParetoY)
{
    /// <summary>True when a row is the baseline, so differences and p-values exist.</summary>
    public bool HasBaseline => Rows.Any(r => r.IsBaseline);

    /// <summary>How each metric's family of comparisons against the baseline was adjusted.</summary>
    [Id(9)] public MultipleTestCorrection Correction { get; init; }

    /// <summary>The metrics compared on a log scale (their Δ is a ratio).</summary>
    [Id(10)] public IReadOnlyList<string> LogScale { get; init; } = [];

    /// <summary>The trend of each metric over an ordered parameter, when one was asked for.</summary>
    [Id(11)] public TrendTable? Trend { get; init; }

    /// <summary>
    /// The metrics whose Pareto front <see cref="TableRow.OnParetoFront"/> marks, each with the direction it was
    /// compared in: the query's two (<see cref="ParetoX"/>, <see cref="ParetoY"/>), else a multi-objective search's
    /// objectives; empty when no front is marked.
    /// </summary>
    [Id(12)] public IReadOnlyList<MetricColumn> Pareto { get; init; } = [];
}

/// <summary>
/// The trend of every metric over one ordered numeric parameter: Spearman's rank correlation over the trials, and
/// Page's L test over seed-matched blocks (trials equal in seed and every other parameter, one per level).
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.TrendTable")]
public sealed record TrendTable(
    [property: Id(0)] string Parameter,
    [property: Id(1)] int Levels,
    [property: Id(2)] IReadOnlyList<MetricTrend> Metrics);

/// <summary>One metric's trend: Spearman's ρ over <see cref="SpearmanN"/> trials with its two-sided p-value, and
/// Page's L (levels in increasing order) over <see cref="Blocks"/> complete blocks with a two-sided p-value
/// (twice the smaller one-sided one), exact or from the normal approximation as <see cref="PageMethod"/> says.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.MetricTrend")]
public sealed record MetricTrend(
    [property: Id(0)] string Metric,
    [property: Id(1)] double SpearmanRho,
    [property: Id(2)] double SpearmanP,
    [property: Id(3)] int SpearmanN,
    [property: Id(4)] double PageL,
    [property: Id(5)] double PageP,
    [property: Id(6)] int Blocks,
    [property: Id(7)] string PageMethod);
