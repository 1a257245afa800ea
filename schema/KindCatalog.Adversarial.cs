namespace Goldstone.Schema;

public static partial class KindCatalog
{
    /// <summary>adversarial's default lr without an attack (the paper's 1e-4).</summary>
    public const double AdversarialCleanLearningRate = 1e-4;

    /// <summary>adversarial's default lr with any attack, none_attack_lr included (the paper's 5e-5).</summary>
    public const double AdversarialAttackLearningRate = 5e-5;

    /// <summary>adversarial's default warm-up with sgd, adam and adamw (the reference's configs/model/scheduler/warmup.yaml).</summary>
    public const int AdversarialWarmupSteps = 50_000;

    /// <summary>Largest adversarial train, validation or test size.</summary>
    public const int MaxJets = 2_000_000;

    /// <summary>
    /// WORKLOADS.md C: white-box adversarial training of a jet-constituent MLP (40 constituents × 15 features + jet
    /// log pT and log mass, normaliser inside the model, hidden <c>widths</c> default "128,64,32", blocks Linear → SiLU →
    /// BatchNorm), H→bb̄ against QCD from a seeded toy generator; the shifted tune (multiplicity +10%, softer pT
    /// sharing, 10% wider prongs, jet energy scale δ ~ N(0.02, 0.03)) is used only for evaluation. Training and
    /// measurement follow the reference code (docs/trainer-adversarial.md).
    /// <para>Parameters: each entry below has its range, default and help. <c>rho</c> is the sam and ssam_d radius,
    /// shared with optimizer: sam. Feature attacks (fgsm, pgd) perturb the first int(f·B) jets of each batch, f set at
    /// each epoch's end to clip(0.8·(e − 3)/5, 0, 0.8) from its 0-based number e (first attacked epoch the 6th), on all
    /// constituent inputs including padding, with train-mode BatchNorm. <c>data_path</c>: a CSV of jets (label, then the
    /// 602 inputs), split train, validation, test in that order; <c>shift_data_path</c> is needed for the shift metrics
    /// with data_path.</para>
    /// <para>Metrics: auc, test_loss and time_per_epoch (mean training seconds per epoch) always; shift_auc, shift_gap
    /// (auc − shift_auc), train_auc, gen_gap; sharpness_ga_w, sharpness_ga_x, reduced_hessian_w and reduced_hessian_x
    /// per class and tune (suffixes _qcd, _hbb, _shift_qcd, _shift_hbb; the bare name is the mean of _qcd and _hbb);
    /// bkg_rejection@ε_S and shift_bkg_rejection@ε_S on the nominal and shifted test sets; robust_fgsm@ε (AUC under an
    /// FGSM of all constituent inputs, ε in raw units).</para>
    /// </summary>
    public static readonly KindDefinition Adversarial = new(
        "adversarial",
        [
            new("attack", ParamKind.Choice, Choices: ["none", "sam", "ssam_d", "fgsm", "pgd", "none_attack_lr"], Default: "none",
                Help: "the attack (none_attack_lr: plain training at the attacks' lr)"),
            new("sparsity", ParamKind.Real, Min: 0, Max: 1, Default: 0.5,
                Help: "SSAM-D's sparsity s: the perturbation lives on N − ⌊s·N⌋ entries"),
            new("mask_interval", ParamKind.Integer, Min: 1, Max: 10_000, Default: 5, Help: "epochs between SSAM-D mask updates"),
            new("mask_t_end", ParamKind.Integer, Min: 1, Max: 100_000, Default: 250, Help: "T_end of SSAM-D's cosine drop schedule, in epochs"),
            new("warmup_steps", ParamKind.Integer, Min: 0, Max: 10_000_000, Default: AdversarialWarmupSteps,
                DefaultNote: $"{AdversarialWarmupSteps} with sgd, adam or adamw; 0 (the only value allowed) with sam or rolling_ball",
                Help: "optimiser steps of the linear learning-rate warm-up (0: off)"),
            new("epsilon", ParamKind.Real, Min: 0, Default: 0.01, Help: "FGSM's step ε in raw feature units"),
            new("pgd_epsilon", ParamKind.Real, Min: 0, Default: 0.007, Help: "PGD's L∞ radius ε in raw feature units"),
            new("pgd_steps", ParamKind.Integer, Min: 1, Max: 1000, Default: 5, Help: "PGD's steps K"),
            new("pgd_alpha", ParamKind.Real, Min: 0, Default: 0.01, Help: "PGD's step α"),
            new("widths", ParamKind.Text, Default: "128,64,32", Help: "hidden widths, input side first: 1 to 8 comma-separated integers from 1 to 4096"),
            new("batch_size", ParamKind.Integer, Min: 1, Default: 128, Help: "jets per training batch"),
            new("train_size", ParamKind.Integer, Min: 2, Max: MaxJets, Default: 20_000, Help: "training jets, nominal tune"),
            new("val_size", ParamKind.Integer, Min: 2, Max: MaxJets, Default: 2_000, Help: "validation jets for the per-epoch val_auc"),
            new("test_size", ParamKind.Integer, Min: 2, Max: MaxJets, Default: 10_000, Help: "test jets per tune"),
            new("metric_batches", ParamKind.Integer, Min: 1, Max: 10_000, Default: 16,
                Help: "test batches per class and tune of the sharpness and reduced-Hessian metrics"),
            new("metric_batch_size", ParamKind.Integer, Min: 1, Max: 100_000, Default: 128,
                Help: "jets per batch of the sharpness and reduced-Hessian metrics"),
            new("input_hessian_features", ParamKind.Integer, Min: 1, Max: 602, Default: 75,
                Help: "k of reduced_hessian_x (75: the first five constituents)"),
            new("sharpness_steps", ParamKind.Integer, Min: 1, Max: 1000, Default: 15, Help: "ascent steps of sharpness_ga_w and _x"),
            new("sharpness_step", ParamKind.Real, Min: 0, MinExclusive: true, Default: 0.01, Help: "ascent step length of sharpness_ga_w and _x"),
            new("data_path", ParamKind.Text, Default: "", Help: "a jet CSV to read instead of generating, split train, validation, test (empty: generate)"),
            new("shift_data_path", ParamKind.Text, Default: "",
                Help: "a jet CSV whose first test_size jets are the shifted test set (empty: the generator's shifted tune)"),
            .. OptimizerParamsWith(new()
            {
                Optimizer = "adamw", LearningRate = null, WeightDecay = 1e-5, GradClip = 5,
                LearningRateNote = $"{ParamSchema.FormatNumber(AdversarialCleanLearningRate)} with attack none, "
                    + $"{ParamSchema.FormatNumber(AdversarialAttackLearningRate)} with any other attack",
            }),
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
        DefaultMetrics: ["auc", "shift_auc", "bkg_rejection@0.85", "shift_bkg_rejection@0.85", "time_per_epoch"])
    {
        EpochMetrics = ["loss", "val_auc", "epoch_seconds"],
    };
}
