using System.Globalization;
using Goldstone.Schema;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Data;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>
/// The parameters of an <c>adversarial</c> trial; every one is optional. Parameters of an attack other than the
/// chosen one (say <c>pgd_steps</c> with <c>attack: sam</c>) are accepted and ignored, as in
/// <see cref="OptimizerOptions"/>: a grid over <c>attack</c> hands every attack's settings to every trial.
/// </summary>
/// <remarks>Ranges, choices and defaults are the catalog's (<see cref="KindCatalog.Adversarial"/>); the initialisers
/// read
/// the defaults from it and <see cref="Parse"/> the bounds. The two defaults that depend on other parameters (lr on the
/// attack, warmup_steps on the optimiser) are chosen in <see cref="Parse"/> and <see
/// cref="OptimizerDefaults"/>.</remarks>
public sealed record AdversarialOptions
{
    private static readonly KindDefinition Kind = KindCatalog.Adversarial;

    /// <summary>Learning rate without an attack (the paper's 1e-4).</summary>
    public const double CleanLearningRate = KindCatalog.AdversarialCleanLearningRate;

    /// <summary>Learning rate with any attack (the paper's 5e-5).</summary>
    public const double AttackLearningRate = KindCatalog.AdversarialAttackLearningRate;

    /// <summary>Largest train, validation or test size.</summary>
    public const int MaxJets = KindCatalog.MaxJets;

    /// <summary>The attack (<c>attack</c>).</summary>
    public AttackKind Attack { get; init; } = AttackNames.Parse(Kind["attack"].DefaultText);

    /// <summary>SSAM-D's sparsity s (<c>sparsity</c>): the perturbation lives on N − ⌊s·N⌋ entries (none at
    /// 1).</summary>
    public double Sparsity { get; init; } = Kind["sparsity"].DefaultNumber;

    /// <summary>Epochs between SSAM-D mask updates (<c>mask_interval</c>; the default is the reference's
    /// update_freq): the mask is updated on the first batch of every epoch whose 0-based number is a multiple of
    /// it.</summary>
    public int MaskInterval { get; init; } = Kind["mask_interval"].DefaultInteger;

    /// <summary>T_end of SSAM-D's cosine drop schedule, in epochs (<c>mask_t_end</c>; the default is the reference's
    /// configs/experiment/train_dense_classifier_SSAMD.yaml).</summary>
    public int MaskEndEpoch { get; init; } = Kind["mask_t_end"].DefaultInteger;

    /// <summary>The reference's warm-up length (configs/model/scheduler/warmup.yaml).</summary>
    public const int ReferenceWarmupSteps = KindCatalog.AdversarialWarmupSteps;

    /// <summary>Optimiser steps of the linear learning-rate warm-up (<c>warmup_steps</c>; 0 is off, the default the
    /// reference's). Applies to sgd, adam and adamw; with optimizer sam or rolling_ball the default is 0
    /// and a non-zero value is an error.</summary>
    public int WarmupSteps { get; init; } = Kind["warmup_steps"].DefaultInteger;

    /// <summary>FGSM's step ε in raw feature units (<c>epsilon</c>).</summary>
    public double Epsilon { get; init; } = Kind["epsilon"].DefaultNumber;

    /// <summary>PGD's L∞ radius ε in raw feature units (<c>pgd_epsilon</c>).</summary>
    public double PgdEpsilon { get; init; } = Kind["pgd_epsilon"].DefaultNumber;

    /// <summary>PGD's steps K (<c>pgd_steps</c>).</summary>
    public int PgdSteps { get; init; } = Kind["pgd_steps"].DefaultInteger;

    /// <summary>PGD's step α (<c>pgd_alpha</c>): with the defaults, the paper's (K, α) = (5, 0.01).</summary>
    public double PgdAlpha { get; init; } = Kind["pgd_alpha"].DefaultNumber;

    /// <summary>Hidden widths, input side first (<c>widths</c>).</summary>
    public IReadOnlyList<int> Widths { get; init; } = ParseWidths(Kind["widths"].DefaultText);

    /// <summary>Jets per training batch (<c>batch_size</c>).</summary>
    public int BatchSize { get; init; } = Kind["batch_size"].DefaultInteger;

    /// <summary>Training jets, nominal tune (<c>train_size</c>).</summary>
    public int TrainSize { get; init; } = Kind["train_size"].DefaultInteger;

    /// <summary>Validation jets for the per-epoch val_auc, nominal tune (<c>val_size</c>).</summary>
    public int ValSize { get; init; } = Kind["val_size"].DefaultInteger;

    /// <summary>Test jets per tune (<c>test_size</c>).</summary>
    public int TestSize { get; init; } = Kind["test_size"].DefaultInteger;

    /// <summary>Test batches per class and tune of the sharpness and reduced-Hessian metrics
    /// (<c>metric_batches</c>).</summary>
    public int MetricBatches { get; init; } = Kind["metric_batches"].DefaultInteger;

    /// <summary>Jets per batch of the sharpness and reduced-Hessian metrics (<c>metric_batch_size</c>);
    /// reduced_hessian_x scales with 1/B, as the reference's normalisation does.</summary>
    public int MetricBatchSize { get; init; } = Kind["metric_batch_size"].DefaultInteger;

    /// <summary>k of reduced_hessian_x (<c>input_hessian_features</c>).</summary>
    public int InputHessianFeatures { get; init; } = Kind["input_hessian_features"].DefaultInteger;

    /// <summary>Ascent steps of sharpness_ga_w and _x (<c>sharpness_steps</c>).</summary>
    public int SharpnessSteps { get; init; } = Kind["sharpness_steps"].DefaultInteger;

    /// <summary>Ascent step length of sharpness_ga_w and _x (<c>sharpness_step</c>).</summary>
    public double SharpnessStep { get; init; } = Kind["sharpness_step"].DefaultNumber;

    /// <summary>A jet CSV file (<see cref="JetCsv"/>) to read instead of generating (<c>data_path</c>): its first
    /// train_size jets train, the next val_size validate, the next test_size test. A relative path
    /// resolves against the trainer's working directory.</summary>
    public string DataPath { get; init; } = Kind["data_path"].DefaultText;

    /// <summary>A jet CSV file whose first test_size jets are the shifted test set (<c>shift_data_path</c>), e.g. jets
    /// from
    /// another event generator or real data.</summary>
    public string ShiftDataPath { get; init; } = Kind["shift_data_path"].DefaultText;

    /// <summary>The optimiser: defaults adamw, lr 1e-4 without an attack and 5e-5 with one, weight_decay 1e-5,
    /// grad_clip 5, rho 0.05 (the radius of the sam and ssam_d attacks; see <see cref="OptimizerOptions"/>). grad_clip
    /// clips the gradient the optimiser steps with under none, fgsm and pgd, and the clean gradient that e is formed
    /// from under sam and ssam_d (the reference's two places).</summary>
    public OptimizerOptions Optimizer { get; init; } = OptimizerDefaults(AttackKind.None);

    /// <summary>The radius ρ of the sam and ssam_d attacks: the shared <c>rho</c> parameter.</summary>
    public double Rho => Optimizer.Rho;

    /// <summary>The paper's optimiser settings for a trial with <paramref name="attack"/>.</summary>
    public static OptimizerOptions OptimizerDefaults(AttackKind attack) => OptimizerOptions.DefaultsOf(Kind, LearningRateFor(attack));

    /// <summary>lr's default, which depends on the attack: <see cref="CleanLearningRate"/> without one, else
    /// <see cref="AttackLearningRate"/> (the catalog's lr note says the same).</summary>
    public static double LearningRateFor(AttackKind attack) => attack == AttackKind.None ? CleanLearningRate : AttackLearningRate;

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped or out of range; the message names it
    /// and the allowed values.</exception>
    public static AdversarialOptions Parse(TrialParameters p)
    {
        var attack = AttackNames.Parse(p.Choice(Kind["attack"]));
        var options = new AdversarialOptions
        {
            Attack = attack,
            Sparsity = p.Double(Kind["sparsity"]),
            MaskInterval = p.Int(Kind["mask_interval"]),
            MaskEndEpoch = p.Int(Kind["mask_t_end"]),
            Epsilon = p.Double(Kind["epsilon"]),
            PgdEpsilon = p.Double(Kind["pgd_epsilon"]),
            PgdSteps = p.Int(Kind["pgd_steps"]),
            PgdAlpha = p.Double(Kind["pgd_alpha"]),
            Widths = ParseWidths(p.Text(Kind["widths"])),
            BatchSize = p.Int(Kind["batch_size"]),
            TrainSize = p.Int(Kind["train_size"]),
            ValSize = p.Int(Kind["val_size"]),
            TestSize = p.Int(Kind["test_size"]),
            MetricBatches = p.Int(Kind["metric_batches"]),
            MetricBatchSize = p.Int(Kind["metric_batch_size"]),
            InputHessianFeatures = p.Int(Kind["input_hessian_features"]),
            SharpnessSteps = p.Int(Kind["sharpness_steps"]),
            SharpnessStep = p.Double(Kind["sharpness_step"]),
            DataPath = p.Text(Kind["data_path"]),
            ShiftDataPath = p.Text(Kind["shift_data_path"]),
            Optimizer = OptimizerOptions.Parse(p, Kind, LearningRateFor(attack)),
        };
        var torchOptimizer = WarmupStep.Supports(options.Optimizer.Optimizer);
        var warmupSteps = Kind["warmup_steps"];
        var warmup = torchOptimizer ? p.Int(warmupSteps) : p.Int(warmupSteps, fallback: 0);
        if (!torchOptimizer && warmup != 0)
            throw new TrialRequestException(
                $"params.warmup_steps: {warmup} with optimizer {OptimizerOptions.NameOf(options.Optimizer.Optimizer)}; the warm-up applies to "
                + "sgd, adam and adamw only (allowed: 0, or optimizer sgd, adam or adamw)");
        options = options with { WarmupSteps = warmup };
        p.RejectUnknown();
        if (attack.InWeightSpace() && options.Optimizer.Optimizer == OptimizerKind.Sam)
            throw new TrialRequestException(
                $"params.optimizer: sam cannot carry the {AttackNames.NameOf(attack)} attack, which is itself a SAM step "
                + "(allowed: optimizer sgd, adam, adamw or rolling_ball with attack sam or ssam_d; or optimizer sam with attack none, fgsm or pgd)");
        return options;
    }

    private static List<int> ParseWidths(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width < 1 || width > 4096)
                throw new TrialRequestException($"params.widths: '{text}' is not a list of widths (allowed: 1 to 8 comma-separated integers from 1 to 4096, e.g. \"128,64,32\")");
            widths.Add(width);
        }
        if (widths.Count > 8)
            throw new TrialRequestException($"params.widths: '{text}' has {widths.Count} layers (allowed: 1 to 8 comma-separated integers from 1 to 4096, e.g. \"128,64,32\")");
        return widths;
    }
}
