using System.Globalization;

namespace Goldstone.Grains.Specs;

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
    bool MinExclusive = false, IReadOnlyList<string>? Choices = null)
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
        !double.IsNaN(value) && (MinExclusive ? value > Min : value >= Min) && value <= Max;

    private string DescribeRange()
    {
        var low = double.IsNegativeInfinity(Min) ? null : (MinExclusive ? "> " : ">= ") + Min.ToString(CultureInfo.InvariantCulture);
        var high = double.IsPositiveInfinity(Max) ? null : "<= " + Max.ToString(CultureInfo.InvariantCulture);
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
            && value > 0 && double.IsFinite(value);
    }

    /// <summary>The metric names as an error message lists them.</summary>
    public string DescribeMetrics() => string.Join(", ", Metrics.Concat(ParametricMetrics.Select(p => p + "@<x> for a number x > 0")));
}

/// <summary>
/// Every kind the trainer runs, with its parameters and metrics: each public static <see cref="KindDefinition"/>
/// field of this partial class (one file per kind is fine). The trainer checks its own requests too; a test keeps
/// the two in step.
/// </summary>
public static partial class KindCatalog
{
    private static readonly string[] Activations = ["relu", "tanh", "silu"];

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
        ],
        Metrics: ["score", "loss"],
        ParametricMetrics: [],
        DefaultMetrics: ["score", "loss"]);

    /// <summary>WORKLOADS.md A: an MLP on HIGGS-format events with a soft symmetry penalty.</summary>
    public static readonly KindDefinition SoftSymmetry = new(
        "soft_symmetry",
        [
            new("width", ParamKind.Integer, Min: 1, Max: 4096),
            new("depth", ParamKind.Integer, Min: 1, Max: 64),
            new("activation", ParamKind.Choice, Choices: Activations),
            new("penalty", ParamKind.Real, Min: 0),
            new("symmetry", ParamKind.Choice, Choices: ["rotation", "zflip"]),
            new("lr", ParamKind.Real, Min: 0, MinExclusive: true),
            new("batch_size", ParamKind.Integer, Min: 1),
            new("train_size", ParamKind.Integer, Min: 1),
            new("test_size", ParamKind.Integer, Min: 1),
            new("shift_scale", ParamKind.Real, Min: -0.9, Max: 10),
            new("data_path", ParamKind.Text),
            new("hessian_iterations", ParamKind.Integer, Min: 1, Max: 1000),
            new("hessian_batch", ParamKind.Integer, Min: 1),
        ],
        Metrics: ["auc", "shift_auc", "gen_gap", "hessian_top", "train_auc", "train_loss", "test_loss"],
        ParametricMetrics: ["robust_noise"],
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
