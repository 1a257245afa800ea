using Goldstone.Trainer.Kinds.Adversarial.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>
/// Feature-space attacks on raw jet inputs [B, 602] as the reference's AdversarialWrapper runs them
/// (franckstools/adversarial_attack.py): the gradient is that of the batch-mean BCE over the whole batch, taken in the
/// model's current mode (the trainer calls them in train mode, so BatchNorm normalises with the batch statistics and
/// every attack pass moves the running statistics, as each forward pass of a Lightning training step does); only the
/// first <c>count</c> rows move, and they move on all 600 constituent inputs, padding slots included (the reference
/// perturbs its whole node tensor). The two jet features (the reference's separate "high" tensor) never move.
/// </summary>
public static class FeatureAttack
{
    /// <summary>
    /// PGD without random start: <paramref name="steps"/> times x ← x₀ + clamp(x + α·sign(∇ₓL)·m − x₀, −ε, ε), where
    /// m selects the first <paramref name="count"/> rows (all rows when null) and the constituent columns. Returns a
    /// new detached tensor; <paramref name="inputs"/> is not modified.
    /// </summary>
    /// <exception cref="ArgumentException">Inputs are not [B, 602], labels not [B], or count outside 0 to B.</exception>
    public static Tensor Pgd(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double epsilon, int steps, double alpha, int? count = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        using var scope = torch.NewDisposeScope();
        var original = inputs.detach();
        var movable = Movable(inputs, labels, count);
        var x = original.clone();
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var moved = x + alpha * SignOfGradient(model, x, labels) * movable;
            using var noGrad = torch.no_grad();
            x = (original + (moved - original).clamp(-epsilon, epsilon)).MoveToOuterDisposeScope();
        }
        return x.detach().MoveToOuterDisposeScope();
    }

    /// <summary>FGSM: x + ε·sign(∇ₓL)·m, one gradient of the whole batch, m as in <see cref="Pgd"/>.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Pgd"/>.</exception>
    public static Tensor Fgsm(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double epsilon, int? count = null)
    {
        using var scope = torch.NewDisposeScope();
        var movable = Movable(inputs, labels, count);
        var x = inputs.detach();
        var sign = SignOfGradient(model, x, labels);
        using var noGrad = torch.no_grad();
        return (x + epsilon * sign * movable).detach().MoveToOuterDisposeScope();
    }

    /// <summary>1 on the constituent columns of the first <paramref name="count"/> rows, 0 elsewhere.</summary>
    public static Tensor Movable(Tensor inputs, Tensor labels, int? count)
    {
        JetLayout.RequireInputs(inputs, nameof(inputs));
        var rows = inputs.shape[0];
        if (!labels.shape.SequenceEqual([rows]))
            throw new ArgumentException($"labels must be [{rows}], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        var attacked = count ?? (int)rows;
        if (attacked < 0 || attacked > rows) throw new ArgumentOutOfRangeException(nameof(count), count, $"the batch has {rows} rows");
        var mask = torch.zeros([rows, JetLayout.Inputs], dtype: inputs.dtype, device: inputs.device);
        if (attacked > 0) mask.narrow(0, 0, attacked).narrow(1, 0, JetLayout.ConstituentInputs).fill_(1);
        return mask;
    }

    private static Tensor SignOfGradient(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels)
    {
        var leaf = x.detach().requires_grad_(true);
        var loss = nn.functional.binary_cross_entropy_with_logits(model.call(leaf), labels);
        return torch.autograd.grad([loss], [leaf])[0].sign();
    }
}
