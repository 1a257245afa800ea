namespace Goldstone.Schema;

public static partial class KindCatalog
{
    /// <summary>
    /// WORKLOADS.md C: white-box adversarial training of a jet-constituent MLP (40 constituents × 15 features + jet
    /// log pT and log mass, normaliser inside the model, hidden <c>widths</c> default "128,64,32", blocks Linear → SiLU →
    /// BatchNorm), H→bb̄ against QCD from a seeded toy generator; the shifted tune (multiplicity +10%, softer pT
    /// sharing, 10% wider prongs, jet energy scale δ ~ N(0.02, 0.03)) is used only for evaluation. Training and
    /// measurement follow the reference code (docs/trainer-adversarial.md).
    /// <para>Parameters: <c>attack</c> (none | sam | ssam_d | fgsm | pgd | none_attack_lr, the last plain training at
    /// the attacks' lr; default none); <c>rho</c> (the sam and ssam_d radius, shared with optimizer: sam; default 0.05);
    /// <c>sparsity</c> (ssam_d, default 0.5), <c>mask_interval</c> (default 5) and <c>mask_t_end</c> (T_end of the drop
    /// cosine, default 250); <c>epsilon</c> (fgsm, raw units, default 0.01); <c>pgd_epsilon</c>, <c>pgd_steps</c>,
    /// <c>pgd_alpha</c> (defaults 0.007, 5, 0.01); feature attacks perturb the first int(f·B) jets of each batch, f set
    /// at each epoch's end to clip(0.8·(e − 3)/5, 0, 0.8) from its 0-based number e (first attacked epoch the 6th),
    /// on all constituent inputs including padding, with train-mode BatchNorm. Optimiser defaults: adamw, lr 1e-4
    /// (5e-5 with an attack), weight_decay 1e-5, grad_clip 5, <c>warmup_steps</c> 50000 (linear warm-up; sgd, adam and
    /// adamw only). <c>batch_size</c> 128, <c>train_size</c> 20000, <c>val_size</c> 2000, <c>test_size</c> 10000 (per
    /// tune), <c>metric_batches</c> 16 and <c>metric_batch_size</c> 128 (test batches per class and tune of the
    /// curvature metrics), <c>input_hessian_features</c> 75, <c>sharpness_steps</c> 15, <c>sharpness_step</c> 0.01.
    /// <c>data_path</c>: a CSV of jets (label, then the 602 inputs) to read instead of generating, split train,
    /// validation, test in that order; <c>shift_data_path</c>: a CSV whose first test_size jets are the shifted test set
    /// (needed for the shift metrics with data_path).</para>
    /// <para>Metrics: auc, test_loss and time_per_epoch (mean training seconds per epoch) always; shift_auc, shift_gap
    /// (auc − shift_auc), train_auc, gen_gap; sharpness_ga_w, sharpness_ga_x, reduced_hessian_w and reduced_hessian_x
    /// per class and tune (suffixes _qcd, _hbb, _shift_qcd, _shift_hbb; the bare name is the mean of _qcd and _hbb);
    /// bkg_rejection@ε_S and shift_bkg_rejection@ε_S on the nominal and shifted test sets; robust_fgsm@ε (AUC under an
    /// FGSM of all constituent inputs, ε in raw units).</para>
    /// </summary>
    public static readonly KindDefinition Adversarial = new(
        "adversarial",
        [
            new("attack", ParamKind.Choice, Choices: ["none", "sam", "ssam_d", "fgsm", "pgd", "none_attack_lr"]),
            new("sparsity", ParamKind.Real, Min: 0, Max: 1),
            new("mask_interval", ParamKind.Integer, Min: 1, Max: 10_000),
            new("mask_t_end", ParamKind.Integer, Min: 1, Max: 100_000),
            new("warmup_steps", ParamKind.Integer, Min: 0, Max: 10_000_000),
            new("epsilon", ParamKind.Real, Min: 0),
            new("pgd_epsilon", ParamKind.Real, Min: 0),
            new("pgd_steps", ParamKind.Integer, Min: 1, Max: 1000),
            new("pgd_alpha", ParamKind.Real, Min: 0),
            new("widths", ParamKind.Text),
            new("batch_size", ParamKind.Integer, Min: 1),
            new("train_size", ParamKind.Integer, Min: 2, Max: 2_000_000),
            new("val_size", ParamKind.Integer, Min: 2, Max: 2_000_000),
            new("test_size", ParamKind.Integer, Min: 2, Max: 2_000_000),
            new("metric_batches", ParamKind.Integer, Min: 1, Max: 10_000),
            new("metric_batch_size", ParamKind.Integer, Min: 1, Max: 100_000),
            new("input_hessian_features", ParamKind.Integer, Min: 1, Max: 602),
            new("sharpness_steps", ParamKind.Integer, Min: 1, Max: 1000),
            new("sharpness_step", ParamKind.Real, Min: 0, MinExclusive: true),
            new("data_path", ParamKind.Text),
            new("shift_data_path", ParamKind.Text),
            .. OptimizerParams,
        ],
        Metrics:
        [
            "auc", "test_loss", "time_per_epoch", "shift_auc", "shift_gap", "train_auc", "gen_gap", "sharpness_ga_w", "sharpness_ga_x",
            "reduced_hessian_w", "reduced_hessian_x",
            "sharpness_ga_w_qcd", "sharpness_ga_w_hbb", "sharpness_ga_w_shift_qcd", "sharpness_ga_w_shift_hbb",
            "sharpness_ga_x_qcd", "sharpness_ga_x_hbb", "sharpness_ga_x_shift_qcd", "sharpness_ga_x_shift_hbb",
            "reduced_hessian_w_qcd", "reduced_hessian_w_hbb", "reduced_hessian_w_shift_qcd", "reduced_hessian_w_shift_hbb",
            "reduced_hessian_x_qcd", "reduced_hessian_x_hbb", "reduced_hessian_x_shift_qcd", "reduced_hessian_x_shift_hbb",
        ],
        ParametricMetrics: ["bkg_rejection", "shift_bkg_rejection", "robust_fgsm"],
        DefaultMetrics: ["auc", "shift_auc", "bkg_rejection@0.85", "shift_bkg_rejection@0.85", "time_per_epoch"]);
}
