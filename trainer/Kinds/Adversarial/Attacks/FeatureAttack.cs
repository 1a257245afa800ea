using Goldstone.Trainer.Kinds.Adversarial.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>
/// Feature-space attacks on raw jet inputs [B, 602]: L∞ projected gradient ascent on the BCE, restricted to the
/// features of real constituents (<see cref="JetLayout.ConstituentMask"/>). Jet features and padding slots never
/// move: their step is multiplied by 0, so padding stays exactly 0 and a slot never turns from "absent" into a
/// constituent. The model is evaluated in eval mode (BatchNorm on its running statistics), so that samples do not
/// interact through the batch and the attack passes leave the running statistics alone; its mode is restored.
/// </summary>
public static class FeatureAttack
{
    /// <summary>
    /// PGD without random start: <paramref name="steps"/> times x ← clamp(x + α·sign(∇ₓL)·mask, x₀ − ε, x₀ + ε).
    /// FGSM is one step with α = ε. Returns a new detached tensor; <paramref name="inputs"/> is not modified.
    /// </summary>
    /// <exception cref="ArgumentException">Inputs are not [B, 602] or labels not [B].</exception>
    public static Tensor Pgd(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double epsilon, int steps, double alpha)
    {
        JetLayout.RequireInputs(inputs, nameof(inputs));
        if (!labels.shape.SequenceEqual([inputs.shape[0]]))
            throw new ArgumentException($"labels must be [{inputs.shape[0]}], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            var original = inputs.detach();
            var mask = JetLayout.ConstituentMask(original);
            var lower = original - epsilon;
            var upper = original + epsilon;
            var x = original.clone();
            for (var step = 0; step < steps; step++)
            {
                using var stepScope = torch.NewDisposeScope();
                var leaf = x.detach().requires_grad_(true);
                // Summed, not averaged: only the sign is used, and a sum keeps tiny per-sample gradients away from underflow.
                var loss = nn.functional.binary_cross_entropy_with_logits(model.call(leaf), labels, reduction: nn.Reduction.Sum);
                var gradient = torch.autograd.grad([loss], [leaf])[0];
                using var noGrad = torch.no_grad();
                var moved = leaf.detach() + alpha * gradient.sign() * mask;
                x = torch.minimum(torch.maximum(moved, lower), upper).MoveToOuterDisposeScope();
            }
            return x.detach().MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>FGSM: x + ε·sign(∇ₓL)·mask.</summary>
    public static Tensor Fgsm(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double epsilon) =>
        Pgd(model, inputs, labels, epsilon, 1, epsilon);

    /// <summary>The batch with its first <paramref name="count"/> rows replaced by <paramref name="attack"/> of them;
    /// the other rows are the same tensors' values. A new tensor; <paramref name="inputs"/> is not modified.</summary>
    public static Tensor AttackLeading(Tensor inputs, Tensor labels, int count, Func<Tensor, Tensor, Tensor> attack)
    {
        var rows = inputs.shape[0];
        if (count <= 0) return inputs.detach().clone();
        if (count > rows) throw new ArgumentOutOfRangeException(nameof(count), count, $"the batch has {rows} rows");
        using var scope = torch.NewDisposeScope();
        var attacked = attack(inputs.narrow(0, 0, count), labels.narrow(0, 0, count));
        var result = count == rows ? attacked : torch.cat([attacked, inputs.detach().narrow(0, count, rows - count)], 0);
        return result.detach().MoveToOuterDisposeScope();
    }
}
