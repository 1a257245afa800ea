using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// <c>reduced_hessian_x</c> as the reference measures it (rodem-hep/adversarialGeneralization,
/// scripts/export_hessian.py): for one batch of B samples and the batch-mean loss L̄ = (1/B)·Σ_b ℓ_b, the k × k matrix
/// M = (1/B)·Σ_b ∂²L̄/∂x_b∂x_b over the first k input features of each sample (the reference fills each sample's
/// block of the Hessian of the mean loss row by row, sums the blocks and divides by the batch size), and its
/// spectral radius max|λ|, which is what the reference's power iteration followed by |·| converges to. Since
/// ∂²L̄/∂x_b² = ∇²ℓ_b/B, M is 1/B times the mean per-sample Hessian: the value scales with 1/B, as the reference's does.
/// </summary>
public static class BatchMeanInputHessian
{
    /// <summary>M for one batch, as a symmetric float64 matrix [k, k]; the caller owns it. Row j comes from one
    /// backward pass of Σ_b ∂L̄/∂x_bj, so the loss must not couple samples (BatchNorm in eval mode, as the
    /// reference's export runs the model).</summary>
    /// <param name="meanLoss">Maps inputs [B, F] to the scalar batch-mean loss.</param>
    /// <param name="inputs">[B, F] inputs; not modified.</param>
    /// <param name="features">k, 1 to F.</param>
    /// <exception cref="ArgumentException">The inputs are not [B, F] with B ≥ 1, or the loss is not a scalar.</exception>
    public static Tensor Matrix(Func<Tensor, Tensor> meanLoss, Tensor inputs, int features)
    {
        if (inputs.ndim != 2 || inputs.shape[0] < 1)
            throw new ArgumentException($"inputs must be [B, F] with B >= 1, got [{string.Join(", ", inputs.shape)}]", nameof(inputs));
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(features, inputs.shape[1]);
        using var scope = torch.NewDisposeScope();
        var x = inputs.detach().clone().requires_grad_(true);
        var loss = meanLoss(x);
        if (loss.numel() != 1) throw new ArgumentException($"the loss must be a scalar, got [{string.Join(", ", loss.shape)}]", nameof(meanLoss));
        if (!loss.requires_grad) return torch.zeros([features, features], dtype: ScalarType.Float64).MoveToOuterDisposeScope();
        var gradient = Defined(torch.autograd.grad([loss], [x], create_graph: true, retain_graph: true, allow_unused: true), x);
        var rows = new Tensor[features];
        for (var j = 0; j < features; j++)
        {
            var component = gradient[.., j].sum();
            var second = component.requires_grad
                ? Defined(torch.autograd.grad([component], [x], retain_graph: true, allow_unused: true), x).detach()
                : torch.zeros_like(x);
            rows[j] = second.narrow(1, 0, features).to(ScalarType.Float64).mean([0]);
        }
        var matrix = torch.stack(rows, 0);
        return ((matrix + matrix.t()) / 2).MoveToOuterDisposeScope();
    }

    /// <summary>max|λ| of a symmetric matrix (the dominant eigenvalue's magnitude).</summary>
    public static double SpectralRadius(Tensor symmetric)
    {
        using var scope = torch.NewDisposeScope();
        return torch.linalg.eigvalsh(symmetric.to(ScalarType.Float64)).abs().max().item<double>();
    }

    /// <summary>The spectral radius of <see cref="Matrix"/>: the per-batch value the reference averages.</summary>
    public static double Top(Func<Tensor, Tensor> meanLoss, Tensor inputs, int features)
    {
        using var scope = torch.NewDisposeScope();
        return SpectralRadius(Matrix(meanLoss, inputs, features));
    }

    private static Tensor Defined(IList<Tensor> gradients, Tensor like) =>
        gradients.Count > 0 && !gradients[0].IsInvalid ? gradients[0] : torch.zeros_like(like);
}
