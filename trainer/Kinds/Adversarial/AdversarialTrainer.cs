using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using Goldstone.Trainer.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>
/// The training epochs of an <c>adversarial</c> trial, in the order the reference's training steps take
/// (franckstools/adversarial_attack.py, franckstools/sam.py, vendor/ssam.py). Every batch goes through the optimiser
/// step (<see cref="ITrainingStep"/>; <see cref="WarmupStep"/> for sgd, adam and adamw) with a loss closure that
/// carries the attack:
/// <list type="bullet">
/// <item>fgsm/pgd: the first int(f·B) rows of the batch are replaced by their attacked copies before the step
/// (<see cref="PerturbedFraction"/>, <see cref="FeatureAttack"/>, train-mode BatchNorm); the step clips the gradient
/// to grad_clip (the reference's Lightning trainer, gradient_clip_val 5);</item>
/// <item>sam/ssam_d: the closure takes g = ∇L(w) on the batch, clips it to grad_clip (the reference's
/// clip_grad_norm_ before first_step), forms e (<see cref="WeightPerturbation"/>, masked by the
/// <see cref="SparseMask"/> for ssam_d) and returns L(w + e) through <see cref="JetMlp.Perturb"/>, so the optimiser
/// steps from w with ∇L(w + e), which is not clipped (the reference's second_step steps with it as it is).</item>
/// </list>
/// SSAM-D's mask is built at the start and updated on the first batch of every mask_interval-th epoch counted from
/// 0 (1-based epochs 1, 6, 11, … at the default 5), after that batch's perturbation was formed with the old mask, from
/// the clipped |g| of that batch. As the reference's loader (drop_last), an epoch drops the last partial batch when
/// there is at least one full one. The data order of each epoch, the initial mask and every regrowth come from
/// SplitMix64 streams derived from the trial seed and the epoch, so they need no state beyond the mask to resume.
/// </summary>
/// <param name="model">The classifier being trained.</param>
/// <param name="step">The optimiser step (<see cref="AdversarialKind.CreateStep"/>).</param>
/// <param name="options">The trial's options.</param>
/// <param name="mask">The SSAM-D mask (<see cref="InitialMask"/>), or null.</param>
/// <param name="seed">The trial seed.</param>
public sealed class AdversarialTrainer(JetMlp model, ITrainingStep step, AdversarialOptions options, SparseMask? mask, long seed)
{
    /// <summary>Seed stream of the per-epoch data order.</summary>
    public const long ShuffleStream = 4;

    /// <summary>Seed stream of the SSAM-D mask's initial draw.</summary>
    public const long MaskStream = 5;

    /// <summary>Seed stream of the SSAM-D regrowth at each update.</summary>
    public const long RegrowStream = 6;

    /// <summary>The SSAM-D mask (null for other attacks); changes at updates.</summary>
    public SparseMask? Mask { get; private set; } = mask;

    /// <summary>The initial SSAM-D mask of a trial, or null when the attack is not ssam_d.</summary>
    public static SparseMask? InitialMask(JetMlp model, AdversarialOptions options, long seed) =>
        options.Attack == AttackKind.SsamD ? SparseMask.Random(model.OrderedParameters, options.Sparsity, SplitMix64.Derive(seed, MaskStream)) : null;

    /// <summary>Batches per epoch over <paramref name="rows"/> training jets: the full batches, or one short batch when
    /// there is no full one.</summary>
    public static long BatchesPerEpoch(long rows, int batchSize) => Math.Max(1, rows / batchSize);

    /// <summary>True when the mask is updated on the first batch of the 1-based <paramref name="epoch"/>.</summary>
    public static bool UpdatesMask(int epoch, int interval) => (epoch - 1) % interval == 0;

    /// <summary>Replaces the mask (when resuming from a checkpoint).</summary>
    public void RestoreMask(SparseMask? restored) => Mask = restored;

    /// <summary>One pass over the training jets; the mean batch loss at the unperturbed weights (of the attacked batch
    /// for fgsm and pgd).</summary>
    public double TrainEpoch(Tensor trainX, Tensor trainY, int epoch, CancellationToken cancellationToken)
    {
        var parameters = model.OrderedParameters;
        using var epochScope = torch.NewDisposeScope();
        using var order = torch.tensor(SplitMix64.Derive(seed, ShuffleStream, epoch).Permutation(trainX.shape[0]), device: trainX.device);
        var batches = BatchesPerEpoch(order.shape[0], options.BatchSize);
        if (step is WarmupStep warmup) warmup.StepsTaken = (epoch - 1) * batches;
        double lossSum = 0;
        for (long batch = 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var start = batch * options.BatchSize;
            var length = Math.Min(options.BatchSize, order.shape[0] - start);
            var index = order.narrow(0, start, length);
            var x = trainX.index_select(0, index);
            var y = trainY.index_select(0, index);
            model.train();
            var attacked = PerturbedFraction.Count(epoch, (int)length);
            if (options.Attack.InFeatureSpace() && attacked > 0) x = Attack(x, y, attacked);

            var updateMask = Mask is not null && batch == 0 && UpdatesMask(epoch, options.MaskInterval);
            double? cleanLoss = null;
            Func<Tensor> loss = options.Attack.InWeightSpace()
                ? () =>
                {
                    var clean = nn.functional.binary_cross_entropy_with_logits(model.call(x), y);
                    cleanLoss ??= clean.to_type(ScalarType.Float64).item<double>();
                    var gradients = Clipped(torch.autograd.grad([clean], [.. parameters]).ToArray(), options.Optimizer.GradClip);
                    var e = WeightPerturbation.Compute(gradients, options.Rho, Mask?.Tensors(parameters));
                    if (updateMask)
                    {
                        UpdateMask(gradients, epoch);
                        updateMask = false;
                    }
                    using (model.Perturb(e)) return nn.functional.binary_cross_entropy_with_logits(model.call(x), y);
                }
                : () => nn.functional.binary_cross_entropy_with_logits(model.call(x), y);
            var value = step.Step(loss);
            lossSum += cleanLoss ?? value;
        }
        return lossSum / batches;
    }

    /// <summary>The gradients scaled as torch's clip_grad_norm_ scales them: by max/(‖g‖ + 1e-6) when that is below 1.</summary>
    public static Tensor[] Clipped(Tensor[] gradients, double maxNorm)
    {
        if (maxNorm <= 0) return gradients;
        var coefficient = maxNorm / (WeightPerturbation.Norm(gradients) + 1e-6);
        if (coefficient >= 1) return gradients;
        using var noGrad = torch.no_grad();
        return gradients.Select(g => g * coefficient).ToArray();
    }

    private void UpdateMask(Tensor[] gradients, int epoch)
    {
        using var scope = torch.NewDisposeScope();
        using var flat = torch.cat(gradients.Select(g => g.detach().abs().reshape(-1)).ToArray()).to_type(ScalarType.Float32).cpu();
        Mask!.Update(flat.data<float>().ToArray(), SparseMask.DropFraction(epoch - 1, options.MaskEndEpoch), options.Sparsity,
            SplitMix64.Derive(seed, RegrowStream, epoch));
    }

    private Tensor Attack(Tensor x, Tensor y, int count) => options.Attack == AttackKind.Fgsm
        ? FeatureAttack.Fgsm(model, x, y, options.Epsilon, count)
        : FeatureAttack.Pgd(model, x, y, options.PgdEpsilon, options.PgdSteps, options.PgdAlpha, count);
}
