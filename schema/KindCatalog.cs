using System.Globalization;

namespace Goldstone.Schema;

/// <summary>The value type a parameter accepts.</summary>
public enum ParamKind
{
    /// <summary>Any real number within the bounds.</summary>
    Real,
    /// <summary>An integer within the bounds.</summary>
    Integer,
    /// <summary>A string; one of <see cref="ParamSchema.Choices"/> when those are given.</summary>
    Choice,
    /// <summary>A free string (a path).</summary>
    Text,
}

/// <summary>What one parameter of a kind accepts.</summary>
public sealed record ParamSchema(string Name, ParamKind Kind, double Min = double.NegativeInfinity, double Max = double.PositiveInfinity,
    bool MinExclusive = false, IReadOnlyList<string>? Choices = null, bool MaxExclusive = false)
{
    /// <summary>True for numeric parameters (ranges are allowed in the search space).</summary>
    public bool IsNumeric => Kind is ParamKind.Real or ParamKind.Integer;

    /// <summary>The allowed values or range, as an error message shows them.</summary>
    public string Describe() => Kind switch
    {
        ParamKind.Choice => string.Join(", ", Choices!),
        ParamKind.Text => "a string",
        _ => $"{(Kind == ParamKind.Integer ? "an integer" : "a number")}{DescribeRange()}",
    };

    /// <summary>True when <paramref name="value"/> is inside the bounds.</summary>
    public bool InRange(double value) =>
        !double.IsNaN(value) && (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max)
        && (Kind != ParamKind.Integer || (value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue));

    private string DescribeRange()
    {
        var low = double.IsNegativeInfinity(Min) ? null : (MinExclusive ? "> " : ">= ") + Min.ToString(CultureInfo.InvariantCulture);
        var high = double.IsPositiveInfinity(Max) ? null : (MaxExclusive ? "< " : "<= ") + Max.ToString(CultureInfo.InvariantCulture);
        var parts = new[] { low, high }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? "" : " " + string.Join(" and ", parts);
    }
}

/// <summary>A trial kind as a spec sees it: its parameters and the metrics it can report.</summary>
public sealed record KindDefinition(string Name, IReadOnlyList<ParamSchema> Params, IReadOnlyList<string> Metrics,
    IReadOnlyList<string> ParametricMetrics, IReadOnlyList<string> DefaultMetrics)
{
    /// <summary>The schema of a parameter, or null.</summary>
    public ParamSchema? Param(string name) => Params.FirstOrDefault(p => p.Name == name);

    /// <summary>True when <paramref name="metric"/> is a metric of this kind (<c>name@value</c> for parametric ones).</summary>
    public bool HasMetric(string metric)
    {
        if (Metrics.Contains(metric)) return true;
        var at = metric.IndexOf('@');
        if (at <= 0 || !ParametricMetrics.Contains(metric[..at])) return false;
        return double.TryParse(metric[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && MetricArguments.Of(metric[..at]).InRange(value);
    }

    /// <summary>The metric names as an error message lists them.</summary>
    public string DescribeMetrics() =>
        string.Join(", ", Metrics.Concat(ParametricMetrics.Select(p => $"{p}@<x> for {MetricArguments.Of(p).Describe()}")));
}

/// <summary>What the value after '@' of a parametric metric may be; the same for every kind that reports the metric.</summary>
public static class MetricArguments
{
    private static readonly ParamSchema Positive = new("x", ParamKind.Real, Min: 0, MinExclusive: true);

    private static readonly Dictionary<string, ParamSchema> Domains = new(StringComparer.Ordinal)
    {
        ["bkg_rejection"] = new("x", ParamKind.Real, Min: 0, Max: 1, MinExclusive: true, MaxExclusive: true),
        ["shift_bkg_rejection"] = new("x", ParamKind.Real, Min: 0, Max: 1, MinExclusive: true, MaxExclusive: true),
        ["compress"] = new("x", ParamKind.Real, Min: 0, Max: 1, MinExclusive: true),
        ["quant"] = new("x", ParamKind.Integer, Min: 1, Max: 16),
        ["soft_modes"] = new("x", ParamKind.Real, Min: 0, Max: 1, MinExclusive: true, MaxExclusive: true),
        ["soft_mode_count"] = new("x", ParamKind.Real, Min: 0, Max: 1, MinExclusive: true, MaxExclusive: true),
    };

    /// <summary>The domain of a parametric metric's value; any number above 0 when the metric names no other.</summary>
    public static ParamSchema Of(string prefix) => Domains.GetValueOrDefault(prefix, Positive);
}

/// <summary>
/// Every kind the trainer runs, with its parameters and metrics: each public static <see cref="KindDefinition"/>
/// field of this partial class (one file per kind is fine). The trainer checks its own requests too; a test keeps
/// the two in step.
/// </summary>
public static partial class KindCatalog
{
    private static readonly string[] Activations = ["relu", "tanh", "silu"];

    /// <summary>The grids of the toolbox's loss slices (loss_slice, loss_plane), as the trainer's SliceOptions reads them.</summary>
    private static readonly ParamSchema[] SliceParams =
    [
        new("slice_span", ParamKind.Real, Min: 0, Max: 10, MinExclusive: true),
        new("slice_points", ParamKind.Integer, Min: 3, Max: 101),
        new("plane_points", ParamKind.Integer, Min: 3, Max: 31),
    ];

    /// <summary>The analytic kind for orchestration tests and benchmarks.</summary>
    public static readonly KindDefinition Synthetic = new(
        "synthetic",
        [
            new("x", ParamKind.Real),
            new("y", ParamKind.Real),
            new("duration", ParamKind.Real, Min: 0),
            new("fail_prob", ParamKind.Real, Min: 0, Max: 1),
            new("failure_mode", ParamKind.Choice, Choices: ["error", "exit", "crash", "malformed", "hang"]),
            new("noise", ParamKind.Real, Min: 0),
            new("profile_points", ParamKind.Integer, Min: 0, Max: 4096),
        ],
        Metrics: ["score", "loss"],
        ParametricMetrics: [],
        DefaultMetrics: ["score", "loss"]);

    /// <summary>WORKLOADS.md A: an MLP on HIGGS-format events with a soft symmetry penalty (finite or infinitesimal;
    /// infinitesimal with zflip is rejected by the trainer: a discrete symmetry has no generator). Metric units:
    /// robust_noise@σ and robust_fgsm@ε in each feature's training standard deviation; compress@s and quant@b report
    /// AUC(compressed)/AUC; soft_modes@r is the share and soft_mode_count@r the number of Hessian eigenvalues with
    /// |λ| &lt; r·|λ_max|, hessian_spectrum the share with |λ| &lt; soft_mode_threshold: from the exact spectrum up to
    /// exact_spectrum_max_params parameters, else stochastic Lanczos quadrature (soft_modes_exact says which);
    /// loss_slice and loss_plane the mean rise of the training BCE over a line and a plane of filter-normalised random
    /// directions (also reported as profiles), lmc_barrier the loss barrier to a twin trained from another initialisation;
    /// every_epochs N also measures the requested hessian_top and hessian_trace after every N-th epoch.</summary>
    public static readonly KindDefinition SoftSymmetry = new(
        "soft_symmetry",
        [
            new("width", ParamKind.Integer, Min: 1, Max: 4096),
            new("depth", ParamKind.Integer, Min: 1, Max: 64),
            new("activation", ParamKind.Choice, Choices: Activations),
            new("penalty", ParamKind.Real, Min: 0),
            new("symmetry", ParamKind.Choice, Choices: ["rotation", "zflip"]),
            new("penalty_variant", ParamKind.Choice, Choices: ["finite", "infinitesimal"]),
            new("label_symmetry", ParamKind.Choice, Choices: ["exact", "approximate"]),
            new("symmetry_breaking", ParamKind.Real, Min: 0, Max: 1),
            new("batch_size", ParamKind.Integer, Min: 1),
            new("train_size", ParamKind.Integer, Min: 1, Max: 30_000_000),
            new("test_size", ParamKind.Integer, Min: 1, Max: 30_000_000),
            new("shift_scale", ParamKind.Real, Min: -0.9, Max: 10),
            new("data_path", ParamKind.Text),
            new("hessian_iterations", ParamKind.Integer, Min: 1, Max: 1000),
            new("hessian_batch", ParamKind.Integer, Min: 1),
            new("trace_samples", ParamKind.Integer, Min: 1, Max: 10_000),
            new("lanczos_steps", ParamKind.Integer, Min: 2, Max: 1000),
            new("soft_mode_threshold", ParamKind.Real, Min: 0, MinExclusive: true),
            new("exact_spectrum_max_params", ParamKind.Integer, Min: 0, Max: 20_000),
            new("slq_probes", ParamKind.Integer, Min: 1, Max: 100),
            new("input_hessian_features", ParamKind.Integer, Min: 1, Max: 28),
            new("sharpness_steps", ParamKind.Integer, Min: 1, Max: 1000),
            new("sharpness_step", ParamKind.Real, Min: 0, MinExclusive: true),
            new("distill_width", ParamKind.Integer, Min: 1, Max: 4096),
            new("distill_depth", ParamKind.Integer, Min: 1, Max: 64),
            new("distill_transfer_size", ParamKind.Integer, Min: 1, Max: 30_000_000),
            new("distill_epochs", ParamKind.Integer, Min: 1, Max: 1000),
            new("distill_beta", ParamKind.Real, Min: 0, Max: 1),
            new("distill_temperature", ParamKind.Real, Min: 0, MinExclusive: true),
            .. SliceParams,
            new("lmc_points", ParamKind.Integer, Min: 2, Max: 101),
            new("every_epochs", ParamKind.Integer, Min: 0, Max: 1000),
            .. OptimizerParams,
        ],
        Metrics:
        [
            "auc", "train_auc", "train_loss", "test_loss", "shift_auc", "shift_gap", "gen_gap", "gen_gap_loss", "symmetry_violation",
            "hessian_top", "hessian_trace", "hessian_spectrum", "soft_modes_exact", "reduced_hessian_w", "reduced_hessian_x",
            "sharpness_ga_w", "sharpness_ga_x", "distill_ratio", "distill_control_ratio", "distill_gain",
            "loss_slice", "loss_plane", "lmc_barrier",
        ],
        ParametricMetrics: ["bkg_rejection", "compress", "quant", "robust_fgsm", "robust_noise", "soft_modes", "soft_mode_count"],
        DefaultMetrics: ["auc", "shift_auc", "gen_gap"]);

    /// <summary>All kinds by name.</summary>
    public static IReadOnlyDictionary<string, KindDefinition> Kinds => AllKinds.Value;

    // Lazy: with one partial file per kind, static field initialisers run in an order across files that nobody
    // chooses; the first read comes after all of them.
    private static readonly Lazy<IReadOnlyDictionary<string, KindDefinition>> AllKinds = new(() => typeof(KindCatalog)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(field => field.FieldType == typeof(KindDefinition))
        .Select(field => (KindDefinition)field.GetValue(null)!)
        .ToDictionary(kind => kind.Name, StringComparer.Ordinal));

    /// <summary>Kind names, sorted, for error messages.</summary>
    public static string DescribeKinds() => string.Join(", ", Kinds.Keys.Order(StringComparer.Ordinal));
}
