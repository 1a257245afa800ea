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

/// <summary>
/// What one parameter of a kind accepts, the value the trainer uses when a spec omits it, and a line of help. The spec
/// validator (grains) and the trainer (<c>TrialParameters</c>) both check values against this entry, so a range cannot
/// differ between them.
/// </summary>
/// <param name="Name">The parameter's key in a spec and in a request.</param>
/// <param name="Kind">The value type.</param>
/// <param name="Min">The lower bound of a numeric parameter.</param>
/// <param name="Max">The upper bound of a numeric parameter.</param>
/// <param name="MinExclusive">True when <paramref name="Min"/> itself is not allowed.</param>
/// <param name="Choices">The allowed values of a <see cref="ParamKind.Choice"/> parameter.</param>
/// <param name="MaxExclusive">True when <paramref name="Max"/> itself is not allowed.</param>
/// <param name="Default">The value used when the parameter is absent: a <see cref="double"/> for
/// <see cref="ParamKind.Real"/>, an <see cref="int"/> for <see cref="ParamKind.Integer"/>, a <see cref="string"/> for
/// <see cref="ParamKind.Choice"/> and <see cref="ParamKind.Text"/>; null when it depends on other parameters
/// (<paramref name="DefaultNote"/> then says how) or when absence has a meaning of its own.</param>
/// <param name="Help">One line on what the parameter does.</param>
/// <param name="DefaultNote">How the default is chosen when it is not a single value; shown instead of
/// <paramref name="Default"/>.</param>
public sealed record ParamSchema(string Name, ParamKind Kind, double Min = double.NegativeInfinity, double Max = double.PositiveInfinity,
    bool MinExclusive = false, IReadOnlyList<string>? Choices = null, bool MaxExclusive = false,
    object? Default = null, string Help = "", string? DefaultNote = null)
{
    /// <summary>True for numeric parameters (ranges are allowed in the search space).</summary>
    public bool IsNumeric => Kind is ParamKind.Real or ParamKind.Integer;

    /// <summary>The default of a <see cref="ParamKind.Real"/> parameter.</summary>
    /// <exception cref="InvalidOperationException">The parameter has no single numeric default.</exception>
    public double DefaultNumber => Default is double value ? value : throw NoDefault("number");

    /// <summary>The default of an <see cref="ParamKind.Integer"/> parameter.</summary>
    /// <exception cref="InvalidOperationException">The parameter has no single integer default.</exception>
    public int DefaultInteger => Default is int value ? value : throw NoDefault("integer");

    /// <summary>The default of a <see cref="ParamKind.Choice"/> or <see cref="ParamKind.Text"/> parameter.</summary>
    /// <exception cref="InvalidOperationException">The parameter has no single string default.</exception>
    public string DefaultText => Default as string ?? throw NoDefault("string");

    /// <summary>The allowed values or range, as an error message shows them.</summary>
    public string Describe() => Kind switch
    {
        ParamKind.Choice => string.Join(", ", Choices!),
        ParamKind.Text => "a string",
        _ => $"{(Kind == ParamKind.Integer ? "an integer" : "a number")}{DescribeRange()}",
    };

    /// <summary>The default as <c>goldstone kinds</c> shows it: <see cref="DefaultNote"/> when given, else the value
    /// (an empty string as <c>""</c>), else <c>none</c>.</summary>
    public string DescribeDefault() => DefaultNote ?? Default switch
    {
        double number => FormatNumber(number),
        int integer => integer.ToString(CultureInfo.InvariantCulture),
        "" => "\"\"",
        string text => text,
        _ => "none",
    };

    /// <summary>The bounds in interval notation (<c>[0, 1]</c>, <c>(0, Infinity]</c>), as the trainer's range errors show them;
    /// an integer's open ends as the <see cref="int"/> limits.</summary>
    public string Interval()
    {
        if (Kind == ParamKind.Integer)
            return $"[{IntegerBound(Min, int.MinValue)}, {IntegerBound(Max, int.MaxValue)}]";
        return $"{(MinExclusive ? '(' : '[')}{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}{(MaxExclusive ? ')' : ']')}";
    }

    /// <summary>A number as help text shows it: round-trip digits, an exponent as <c>5e-5</c>.</summary>
    public static string FormatNumber(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        if (e < 0) return text;
        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

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

    private static string IntegerBound(double bound, int open) =>
        (double.IsInfinity(bound) ? open : (int)bound).ToString(CultureInfo.InvariantCulture);

    private InvalidOperationException NoDefault(string type) =>
        new($"parameter {Name} has no {type} default ({DescribeDefault()}); the reader must supply one");
}

/// <summary>A trial kind as a spec sees it: its parameters and the metrics it can report.</summary>
public sealed record KindDefinition(string Name, IReadOnlyList<ParamSchema> Params, IReadOnlyList<string> Metrics,
    IReadOnlyList<string> ParametricMetrics, IReadOnlyList<string> DefaultMetrics)
{
    /// <summary>
    /// The metrics the trainer reports after every epoch (its <c>epoch</c> lines), which a stopping rule can compare:
    /// mostly not the final metrics (soft_symmetry's per-epoch <c>val_auc</c> is no final metric, and its final
    /// <c>auc</c> is never reported per epoch). A metric measured only every few epochs (<c>every_epochs</c>) is not one.
    /// </summary>
    public IReadOnlyList<string> EpochMetrics { get; init; } = [];

    /// <summary>The schema of a parameter, or null.</summary>
    public ParamSchema? Param(string name) => Params.FirstOrDefault(p => p.Name == name);

    /// <summary>The schema of a parameter the caller knows exists (the trainer's readers).</summary>
    /// <exception cref="KeyNotFoundException">The kind has no such parameter.</exception>
    public ParamSchema this[string name] => Param(name) ?? throw new KeyNotFoundException($"kind {Name} has no parameter {name}");

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
/// field of this partial class (one file per kind is fine). The spec parser and the trainer's parameter readers both
/// check values against these entries, and the trainer takes its defaults from them.
/// </summary>
public static partial class KindCatalog
{
    private static readonly string[] Activations = ["relu", "tanh", "silu"];

    /// <summary>Largest soft_symmetry train, test or transfer size, so that a file's train and test features together fit
    /// one managed array.</summary>
    public const int MaxHiggsEvents = 30_000_000;

    /// <summary>The grids of the toolbox's loss slices (loss_slice, loss_plane), as the trainer's SliceOptions reads them.</summary>
    private static readonly ParamSchema[] SliceParams =
    [
        new("slice_span", ParamKind.Real, Min: 0, Max: 10, MinExclusive: true, Default: 1.0,
            Help: "half-width of the loss_slice and loss_plane grids in filter-normalised units"),
        new("slice_points", ParamKind.Integer, Min: 3, Max: 101, Default: 21, Help: "points of loss_slice"),
        new("plane_points", ParamKind.Integer, Min: 3, Max: 31, Default: 11, Help: "points per axis of loss_plane"),
    ];

    /// <summary>The analytic kind for orchestration tests and benchmarks.</summary>
    public static readonly KindDefinition Synthetic = new(
        "synthetic",
        [
            new("x", ParamKind.Real, Default: 0.0, Help: "first coordinate of the objective (best at 0.5)"),
            new("y", ParamKind.Real, Default: 0.0, Help: "second coordinate of the objective (best at -0.25)"),
            new("duration", ParamKind.Real, Min: 0, Default: 0.0, Help: "seconds the trial sleeps, spread over its epochs"),
            new("fail_prob", ParamKind.Real, Min: 0, Max: 1, Default: 0.0, Help: "probability that an attempt fails at a seeded epoch"),
            new("failure_mode", ParamKind.Choice, Choices: ["error", "exit", "crash", "malformed", "hang"], Default: "exit",
                Help: "how a failing attempt fails"),
            new("noise", ParamKind.Real, Min: 0, Default: 0.01, Help: "standard deviation of the seeded noise on the score"),
            new("profile_points", ParamKind.Integer, Min: 0, Max: 4096, Default: 0, Help: "points of the score profile along x (0: none)"),
        ],
        Metrics: ["score", "loss"],
        ParametricMetrics: [],
        DefaultMetrics: ["score", "loss"])
    {
        EpochMetrics = ["loss"],
    };

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
            new("width", ParamKind.Integer, Min: 1, Max: 4096, Default: 32, Help: "hidden units per layer"),
            new("depth", ParamKind.Integer, Min: 1, Max: 64, Default: 2, Help: "hidden layers"),
            new("activation", ParamKind.Choice, Choices: Activations, Default: "relu", Help: "hidden nonlinearity"),
            new("penalty", ParamKind.Real, Min: 0, Default: 0.0, Help: "λ, the weight of the symmetry penalty"),
            new("symmetry", ParamKind.Choice, Choices: ["rotation", "zflip"], Default: "rotation", Help: "the symmetry the penalty enforces"),
            new("penalty_variant", ParamKind.Choice, Choices: ["finite", "infinitesimal"], Default: "finite",
                Help: "the penalty's form (infinitesimal needs symmetry: rotation)"),
            new("label_symmetry", ParamKind.Choice, Choices: ["exact", "approximate"], Default: "exact",
                Help: "whether generated labels are exactly or approximately invariant (approximate needs the generator)"),
            new("symmetry_breaking", ParamKind.Real, Min: 0, Max: 1, Default: 0.0,
                Help: "share of generated labels redrawn from the lepton's azimuth (above 0 only with label_symmetry: approximate)"),
            new("batch_size", ParamKind.Integer, Min: 1, Default: 256, Help: "events per batch (also of sharpness_ga_x and distillation)"),
            new("train_size", ParamKind.Integer, Min: 1, Max: MaxHiggsEvents, Default: 4000, Help: "training events"),
            new("test_size", ParamKind.Integer, Min: 1, Max: MaxHiggsEvents, Default: 4000, Help: "test events, nominal and shifted each"),
            new("shift_scale", ParamKind.Real, Min: -0.9, Max: 10, Default: 0.05,
                Help: "shift of the evaluation-only tune: jet scale 1 + s, extra smearing |s|"),
            new("data_path", ParamKind.Text, Default: "", Help: "a HIGGS CSV file to read instead of generating (empty: generate)"),
            new("hessian_iterations", ParamKind.Integer, Min: 1, Max: 1000, Default: 20, Help: "most power-iteration steps of hessian_top"),
            new("hessian_batch", ParamKind.Integer, Min: 1, Default: 1024,
                Help: "training events in the fixed batch of every curvature and sharpness metric"),
            new("trace_samples", ParamKind.Integer, Min: 1, Max: 10_000, Default: 50, Help: "Rademacher probes of hessian_trace"),
            new("lanczos_steps", ParamKind.Integer, Min: 2, Max: 1000, Default: 80,
                Help: "Lanczos steps per probe of the spectrum quadrature (capped by the parameter count)"),
            new("soft_mode_threshold", ParamKind.Real, Min: 0, MinExclusive: true, Default: 0.01,
                Help: "τ of hessian_spectrum: the share of eigenvalues with |λ| < τ"),
            new("exact_spectrum_max_params", ParamKind.Integer, Min: 0, Max: 20_000, Default: 4096,
                Help: "largest parameter count whose spectrum is exact; above it, stochastic Lanczos quadrature (0: always)"),
            new("slq_probes", ParamKind.Integer, Min: 1, Max: 100, Default: 8, Help: "Rademacher probes of the spectrum quadrature"),
            new("input_hessian_features", ParamKind.Integer, Min: 1, Max: 28, Default: 28,
                Help: "k of reduced_hessian_x: the input Hessian covers the first k features"),
            new("sharpness_steps", ParamKind.Integer, Min: 1, Max: 1000, Default: 15, Help: "ascent steps of sharpness_ga_w and sharpness_ga_x"),
            new("sharpness_step", ParamKind.Real, Min: 0, MinExclusive: true, Default: 0.01,
                Help: "ascent step length (parameter units for the weights, raw feature units for the inputs)"),
            new("distill_width", ParamKind.Integer, Min: 1, Max: 4096, Default: 8, Help: "hidden units per layer of the distill_ratio student"),
            new("distill_depth", ParamKind.Integer, Min: 1, Max: 64, Default: 1, Help: "hidden layers of the student"),
            new("distill_transfer_size", ParamKind.Integer, Min: 1, Max: MaxHiggsEvents, Default: 4000,
                Help: "events of the transfer set the students learn from (never the teacher's training events)"),
            new("distill_epochs", ParamKind.Integer, Min: 1, Max: 1000, Default: 5, Help: "epochs of student training"),
            new("distill_beta", ParamKind.Real, Min: 0, Max: 1, Default: 0.5, Help: "β of the distillation loss"),
            new("distill_temperature", ParamKind.Real, Min: 0, MinExclusive: true, Default: 2.0, Help: "temperature T of the distillation loss"),
            .. SliceParams,
            new("lmc_points", ParamKind.Integer, Min: 2, Max: 101, Default: 11, Help: "points on the straight path of lmc_barrier, ends included"),
            new("every_epochs", ParamKind.Integer, Min: 0, Max: 1000, Default: 0,
                Help: "also measure the requested hessian_top and hessian_trace after every N-th epoch (0: at the end only)"),
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
        DefaultMetrics: ["auc", "shift_auc", "gen_gap"])
    {
        EpochMetrics = ["loss", "bce", "penalty", "val_auc"],
    };

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
