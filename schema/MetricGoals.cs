namespace Goldstone.Schema;

/// <summary>Which way a metric improves.</summary>
public enum MetricGoal
{
    /// <summary>Neither: no best is marked (a count, a flag that only describes the run).</summary>
    None = 0,

    /// <summary>Higher is better (AUC, robustness).</summary>
    Higher = 1,

    /// <summary>Lower is better (loss, sharpness, error).</summary>
    Lower = 2,
}

/// <summary>
/// The direction of every metric a kind reports, at the end of a trial or per epoch, by name (a parametric metric by
/// the part before '@'). One table for all kinds: a name means the same in every kind that reports it. The grains'
/// tables and reports, and <c>goldstone kinds</c>, read it.
/// </summary>
public static class MetricGoals
{
    private static readonly string[] Higher =
    [
        "auc", "shift_auc", "train_auc", "score", "robust_noise", "robust_fgsm", "compress", "quant", "distill_ratio", "distill_control_ratio", "distill_gain",
        "bkg_rejection", "shift_bkg_rejection", "soft_modes", "soft_mode_count", "hessian_spectrum", "val_auc",
    ];

    private static readonly string[] Lower =
    [
        "loss", "train_loss", "test_loss", "gen_gap", "hessian_top", "hessian_trace", "sharpness_ga_w", "sharpness_ga_x",
        "loss_slice", "loss_plane", "lmc_barrier",
        "reduced_hessian_w", "reduced_hessian_x", "reduced_hessian_x_sig", "reduced_hessian_x_bkg",
        "sharpness_ga_w_qcd", "sharpness_ga_w_hbb", "sharpness_ga_w_shift_qcd", "sharpness_ga_w_shift_hbb",
        "sharpness_ga_x_qcd", "sharpness_ga_x_hbb", "sharpness_ga_x_shift_qcd", "sharpness_ga_x_shift_hbb",
        "reduced_hessian_w_qcd", "reduced_hessian_w_hbb", "reduced_hessian_w_shift_qcd", "reduced_hessian_w_shift_hbb",
        "reduced_hessian_x_qcd", "reduced_hessian_x_hbb", "reduced_hessian_x_shift_qcd", "reduced_hessian_x_shift_hbb",
        "mse_in", "mse_ood",
        "kappa2_err", "kappa3_err", "kappa4_err", "final_loss", "curvature", "curvature_end", "curvature_tail", "flatness_rise", "diverged", "time_per_epoch", "epoch_seconds",
        "mse_train", "shift_gap", "gen_gap_loss", "symmetry_violation", "bce", "penalty", "val_mse",
    ];

    /// <summary>The direction of <paramref name="metric"/>; <see cref="MetricGoal.None"/> when the name has none or is unknown.</summary>
    public static MetricGoal Of(string metric)
    {
        var name = metric.Split('@')[0];
        // rg_clt's cumulant errors come in variants (kappa3_err_in, kappa4_err_paired, …): all errors.
        if (name.StartsWith("kappa", StringComparison.Ordinal) && name.Contains("_err", StringComparison.Ordinal)) return MetricGoal.Lower;
        if (Higher.Contains(name)) return MetricGoal.Higher;
        if (Lower.Contains(name)) return MetricGoal.Lower;
        return MetricGoal.None;
    }
}
