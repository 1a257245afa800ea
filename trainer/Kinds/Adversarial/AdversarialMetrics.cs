using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Protocol;
using static Goldstone.Trainer.Metrics.ToolboxMetrics;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>
/// The metrics an <c>adversarial</c> request asks for. auc, test_loss and time_per_epoch are always reported; every
/// other metric costs time and is computed only when named.
/// </summary>
public sealed class AdversarialMetrics : MetricSelection
{
    /// <summary>Mean training wall time per epoch in seconds, over all epochs of the trial (also those before a resume).</summary>
    public const string TimePerEpoch = "time_per_epoch";

    /// <summary>Mean BCE on the nominal test set.</summary>
    public const string TestLoss = "test_loss";

    /// <summary>AUC on the training set.</summary>
    public const string TrainAuc = "train_auc";

    /// <summary>The classes of the per-class metrics, by label: QCD (0) and H→bb̄ (1).</summary>
    public static readonly IReadOnlyList<(string Suffix, float Label)> Classes = [("qcd", 0), ("hbb", 1)];

    /// <summary>The measurements made per class and tune, as the reference's export scripts make them (see
    /// <see cref="AdversarialCurvature"/>).</summary>
    public static readonly IReadOnlyList<string> CurvatureMetrics = [SharpnessW, SharpnessX, ReducedHessianW, ReducedHessianX];

    /// <summary>The name of <paramref name="metric"/> (one of <see cref="CurvatureMetrics"/>) on one class and tune:
    /// <c>sharpness_ga_w_qcd</c>, <c>sharpness_ga_w_hbb</c>, <c>sharpness_ga_w_shift_qcd</c>, <c>sharpness_ga_w_shift_hbb</c>.
    /// The bare name (<c>sharpness_ga_w</c>) is the mean of the nominal-tune _qcd and _hbb values.</summary>
    public static string PerClass(string metric, bool shifted, string suffix) => $"{metric}_{(shifted ? "shift_" : "")}{suffix}";

    /// <summary>Every per-class name, in the order metric, tune (nominal first), class (qcd first).</summary>
    public static readonly string[] PerClassNames =
    [
        .. CurvatureMetrics.SelectMany(metric => new[] { false, true }.SelectMany(shifted => Classes.Select(c => PerClass(metric, shifted, c.Suffix)))),
    ];

    /// <summary><c>shift_bkg_rejection@ε_S</c>: 1/ε_B at signal efficiency ε_S on the shifted-tune test set.</summary>
    public static readonly ParametricMetric ShiftBackgroundRejectionAt = new("shift_bkg_rejection@", "a signal efficiency in (0, 1)",
        "shift_bkg_rejection@0.85", value => value > 0 && value < 1);

    /// <summary>Metrics reported whether asked for or not.</summary>
    public static readonly string[] AlwaysReported = [Auc, TestLoss, TimePerEpoch];

    /// <summary>Metrics without a parameter that are computed only when asked for.</summary>
    public static readonly string[] Optional =
    [
        ShiftAuc, ShiftGap, TrainAuc, GenGap, SharpnessW, SharpnessX, ReducedHessianW, ReducedHessianX, .. PerClassNames,
    ];

    /// <summary>Metrics with a number after @ (robust_fgsm@ε: AUC under an FGSM of every test jet's constituent inputs, padding included, eval mode, ε in raw units).</summary>
    public static readonly ParametricMetric[] Parametric = [BackgroundRejectionAt, ShiftBackgroundRejectionAt, RobustFgsm];

    private AdversarialMetrics(IEnumerable<string> names) : base(Names, names) { }

    /// <summary>True when a metric needs the shifted-tune test set.</summary>
    public bool NeedsShiftedData => Wants(ShiftAuc) || Wants(ShiftGap) || Instances(ShiftBackgroundRejectionAt).Any()
        || PerClassNames.Any(name => name.Contains("_shift_", StringComparison.Ordinal) && Wants(name));

    /// <summary>Reads the request's metric names.</summary>
    /// <exception cref="TrialRequestException">A name is unknown, or the number of a parametric one is malformed or out of range.</exception>
    public static AdversarialMetrics Parse(IEnumerable<string> names) => new(names);

    private static readonly MetricNames Names = new("adversarial", AlwaysReported, Optional, Parametric);
}
