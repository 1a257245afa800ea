namespace Goldstone.Trainer.Metrics;

/// <summary>
/// The names of the shared metric toolbox (WORKLOADS.md, "Shared metric toolbox"), so that every kind reports a
/// metric under the same key, and the parametric ones with the same rules for the number after <c>@</c>.
/// </summary>
public static class ToolboxMetrics
{
    /// <summary>ROC AUC on the nominal test set.</summary>
    public const string Auc = "auc";

    /// <summary>ROC AUC on the shifted-tune test set.</summary>
    public const string ShiftAuc = "shift_auc";

    /// <summary>auc − shift_auc: what the shift costs.</summary>
    public const string ShiftGap = "shift_gap";

    /// <summary>train AUC − test AUC.</summary>
    public const string GenGap = "gen_gap";

    /// <summary>test loss − train loss (positive when the model fits its training set better).</summary>
    public const string GenGapLoss = "gen_gap_loss";

    /// <summary>Top Hessian eigenvalue by power iteration.</summary>
    public const string HessianTop = "hessian_top";

    /// <summary>Hutchinson estimate of the Hessian trace.</summary>
    public const string HessianTrace = "hessian_trace";

    /// <summary>The share of Hessian eigenvalues with |λ| &lt; τ (absolute; exact spectrum or quadrature, as soft_modes@r).</summary>
    public const string HessianSpectrum = "hessian_spectrum";

    /// <summary>1 when the spectrum metrics came from the exact eigendecomposition, 0 from the Lanczos quadrature.</summary>
    public const string SoftModesExact = "soft_modes_exact";

    /// <summary>λ_max of the exact Hessian w.r.t. the final Linear layer's weights.</summary>
    public const string ReducedHessianW = "reduced_hessian_w";

    /// <summary>Batch mean of λ_max of the per-sample input Hessian over the first k features.</summary>
    public const string ReducedHessianX = "reduced_hessian_x";

    /// <summary>Loss rise after gradient ascent in weight space.</summary>
    public const string SharpnessW = "sharpness_ga_w";

    /// <summary>Loss rise after gradient ascent in input space.</summary>
    public const string SharpnessX = "sharpness_ga_x";

    /// <summary>Student AUC / teacher AUC after knowledge distillation.</summary>
    public const string DistillRatio = "distill_ratio";

    /// <summary><c>bkg_rejection@ε_S</c>: 1/ε_B at signal efficiency ε_S.</summary>
    public static readonly ParametricMetric BackgroundRejectionAt = new("bkg_rejection@", "a signal efficiency in (0, 1)", "bkg_rejection@0.85",
        value => value > 0 && value < 1);

    /// <summary><c>compress@s</c>: AUC retained after magnitude pruning to sparsity s.</summary>
    public static readonly ParametricMetric Compress = new("compress@", "a sparsity in (0, 1]", "compress@0.9", value => value > 0 && value <= 1);

    /// <summary><c>quant@b</c>: AUC retained after b-bit uniform weight quantisation.</summary>
    public static readonly ParametricMetric Quantise = new("quant@", $"a whole number of bits from 1 to {Compression.MaxBits}", "quant@8",
        value => value >= 1 && value <= Compression.MaxBits && value == Math.Floor(value));

    /// <summary><c>robust_fgsm@ε</c>: AUC under an FGSM attack of size ε.</summary>
    public static readonly ParametricMetric RobustFgsm = new("robust_fgsm@", "an attack size ε > 0", "robust_fgsm@0.05", value => value > 0);

    /// <summary><c>robust_noise@σ</c>: AUC under Gaussian input noise σ.</summary>
    /// <summary>The share of Hessian eigenvalues with |λ| &lt; r·|λ_max| (pseudo-Goldstone modes), r in (0, 1).</summary>
    public static readonly ParametricMetric SoftModesAt = new("soft_modes@", "a fraction r of |λ_max| in (0, 1)", "soft_modes@0.01", value => value > 0 && value < 1);

    /// <summary>The number of such eigenvalues: exact below the parameter limit, n times the quadrature share above.</summary>
    public static readonly ParametricMetric SoftModeCountAt = new("soft_mode_count@", "a fraction r of |λ_max| in (0, 1)", "soft_mode_count@0.01", value => value > 0 && value < 1);

    public static readonly ParametricMetric RobustNoise = new("robust_noise@", "a noise level σ > 0", "robust_noise@0.1", value => value > 0);
}
