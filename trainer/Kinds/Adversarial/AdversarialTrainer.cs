using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using Goldstone.Trainer.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>
/// The training epochs of an <c>adversarial</c> trial. Every batch goes through the shared optimiser step
/// (<see cref="ITrainingStep"/>) with a loss closure that carries the attack:
/// <list type="bullet">
/// <item>fgsm/pgd: the first ⌊f·B⌋ rows of the batch are replaced by their attacked copies before the step
/// (<see cref="PerturbedFraction"/>, <see cref="FeatureAttack"/>);</item>
/// <item>sam/ssam_d: the closure takes g = ∇L(w) on the batch, forms e (<see cref="WeightPerturbation"/>, masked by
/// the <see cref="SparseMask"/> for ssam_d) and returns L(w + e) through <see cref="JetMlp.Perturb"/>, so the
/// optimiser steps from w with ∇L(w + e): SAM's "restore w, then step" without a copy.</item>
/// </list>
/// The data order of each epoch, the SSAM-D mask's initial draw and its regrowth all come from SplitMix64 streams
/// derived from the trial seed and the epoch, so they need no state beyond the mask itself to resume.
/// </summary>
internal sealed class AdversarialTrainer(JetMlp model, ITrainingStep step, AdversarialOptions options, SparseMask? mask, long seed)
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

    /// <summary>Replaces the mask (when resuming from a checkpoint).</summary>
    public void RestoreMask(SparseMask? restored) => Mask = restored;

    /// <summary>One pass over the training jets; the mean batch loss at the unperturbed weights. At the end of every
    /// <c>mask_interval</c>-th epoch, SSAM-D's mask drops and regrows by this epoch's gradient magnitudes.</summary>
    public double TrainEpoch(Tensor trainX, Tensor trainY, int epoch, int totalEpochs, CancellationToken cancellationToken)
    {
        var parameters = model.OrderedParameters;
        using var epochScope = torch.NewDisposeScope();
        using var order = torch.tensor(SplitMix64.Derive(seed, ShuffleStream, epoch).Permutation(trainX.shape[0]), device: trainX.device);
        var maskTensors = Mask?.Tensors(parameters);
        var scores = Mask is null ? null : parameters.Select(p => torch.zeros_like(p)).ToArray();
        double lossSum = 0;
        var batches = 0;
        for (long start = 0; start < order.shape[0]; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(options.BatchSize, order.shape[0] - start);
            var index = order.narrow(0, start, length);
            var x = trainX.index_select(0, index);
            var y = trainY.index_select(0, index);
            var attacked = PerturbedFraction.Count(epoch, (int)length);
            if (options.Attack.InFeatureSpace() && attacked > 0) x = FeatureAttack.AttackLeading(x, y, attacked, Attack);

            model.train();
            double? cleanLoss = null;
            Func<Tensor> loss = options.Attack.InWeightSpace()
                ? () =>
                {
                    var clean = nn.functional.binary_cross_entropy_with_logits(model.call(x), y);
                    cleanLoss ??= clean.to_type(ScalarType.Float64).item<double>();
                    var gradients = torch.autograd.grad([clean], [.. parameters]);
                    if (scores is not null)
                    {
                        using var noGrad = torch.no_grad();
                        for (var i = 0; i < scores.Length; i++) scores[i].add_(gradients[i].abs());
                    }
                    var e = WeightPerturbation.Compute(gradients.ToArray(), options.Rho, maskTensors);
                    using (model.Perturb(e)) return nn.functional.binary_cross_entropy_with_logits(model.call(x), y);
                }
                : () => nn.functional.binary_cross_entropy_with_logits(model.call(x), y);
            var value = step.Step(loss);
            lossSum += cleanLoss ?? value;
            batches++;
        }

        if (Mask is not null && scores is not null && epoch % options.MaskInterval == 0)
        {
            using var flat = torch.cat(scores.Select(s => s.reshape(-1)).ToArray()).to_type(ScalarType.Float32).cpu();
            Mask.Update(flat.data<float>().ToArray(), SparseMask.DropFraction(epoch, totalEpochs), SplitMix64.Derive(seed, RegrowStream, epoch));
        }
        return lossSum / batches;
    }

    private Tensor Attack(Tensor x, Tensor y) => options.Attack == AttackKind.Fgsm
        ? FeatureAttack.Fgsm(model, x, y, options.Epsilon)
        : FeatureAttack.Pgd(model, x, y, options.PgdEpsilon, options.PgdSteps, options.PgdAlpha);
}
