using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Protocol;
using static Goldstone.Trainer.Metrics.ToolboxMetrics;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>
/// The metrics a <c>soft_symmetry</c> request asks for. auc and the train/test losses are always reported; every
/// other metric costs time and is computed only when named.
/// </summary>
public sealed class SoftSymmetryMetrics : MetricSelection
{
    /// <summary>The finite symmetry penalty of the trained model on the test set (same measure for both variants).</summary>
    public const string SymmetryViolation = "symmetry_violation";

    /// <summary>The control student's test AUC over the teacher's: the same student, transfer set and schedule as
    /// distill_ratio's, trained on the labels alone.</summary>
    public const string DistillControlRatio = "distill_control_ratio";

    /// <summary>distill_ratio − distill_control_ratio: what the teacher's soft labels add over the hard labels.</summary>
    public const string DistillGain = "distill_gain";

    /// <summary>Metrics reported whether asked for or not.</summary>
    public static readonly string[] AlwaysReported = [Auc, "train_auc", "train_loss", "test_loss"];

    /// <summary>Metrics without a parameter that are computed only when asked for.</summary>
    public static readonly string[] Optional =
    [
        ShiftAuc, ShiftGap, GenGap, GenGapLoss, SymmetryViolation, HessianTop, HessianTrace, HessianSpectrum, SoftModesExact,
        ReducedHessianW, ReducedHessianX, SharpnessW, SharpnessX, DistillRatio, DistillControlRatio, DistillGain,
        LossSliceMetrics.LossSlice, LossSliceMetrics.LossPlane, LossSliceMetrics.LmcBarrier,
    ];

    /// <summary>Metrics with a number after @.</summary>
    public static readonly ParametricMetric[] Parametric = [BackgroundRejectionAt, Compress, Quantise, RobustFgsm, RobustNoise, SoftModesAt, SoftModeCountAt];

    private SoftSymmetryMetrics(IEnumerable<string> names) : base(Names, names) { }

    /// <summary>True when a metric needs the shifted-tune test set.</summary>
    public bool NeedsShiftedData => Wants(ShiftAuc) || Wants(ShiftGap);

    /// <summary>True when a metric trains the distilled student.</summary>
    public bool NeedsDistilledStudent => Wants(DistillRatio) || Wants(DistillGain);

    /// <summary>True when a metric trains the label-only control student.</summary>
    public bool NeedsControlStudent => Wants(DistillControlRatio) || Wants(DistillGain);

    /// <summary>True when a metric needs the transfer set (events apart from the teacher's training data).</summary>
    public bool NeedsTransferData => NeedsDistilledStudent || NeedsControlStudent;

    /// <summary>True when a metric needs products with the full parameter Hessian.</summary>
    public bool NeedsHessianProducts => Wants(HessianTop) || Wants(HessianTrace) || NeedsSpectrum;

    /// <summary>True when a metric needs a second network of the same setting (another initialisation, same data).</summary>
    public bool NeedsTwin => Wants(LossSliceMetrics.LmcBarrier);

    /// <summary>The requested Hessian metrics that every_epochs also measures during training.</summary>
    public IEnumerable<string> TrackedOverEpochs => new[] { HessianTop, HessianTrace }.Where(Wants);

    /// <summary>True when a metric needs the Hessian's eigenvalue distribution.</summary>
    public bool NeedsSpectrum => Wants(HessianSpectrum) || Wants(SoftModesExact) || Instances(SoftModesAt).Any() || Instances(SoftModeCountAt).Any();

    /// <summary>Reads the request's metric names.</summary>
    /// <exception cref="TrialRequestException">A name is unknown, or the number of a parametric one is malformed or out of range.</exception>
    public static SoftSymmetryMetrics Parse(IEnumerable<string> names) => new(names);

    private static readonly MetricNames Names = new("soft_symmetry", AlwaysReported, Optional, Parametric);
}
