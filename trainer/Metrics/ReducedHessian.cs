using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Small Hessians built exactly and diagonalised: <c>reduced_hessian_w</c>, the loss Hessian with respect to one
/// weight tensor (the final Linear layer's), and <c>reduced_hessian_x</c>, the per-sample Hessian of the loss with
/// respect to the first k input features, averaged over the batch.
/// </summary>
public static class ReducedHessian
{
    /// <summary>Largest weight tensor accepted: the matrix has n² entries and costs n Hessian-vector products.</summary>
    public const long MaxWeightElements = 8192;

    /// <summary>The exact Hessian of <paramref name="loss"/> with respect to <paramref name="weight"/> alone, as a
    /// symmetric float64 matrix [n, n] over the weight's elements in row-major order (column i = H·eᵢ, then
    /// symmetrised to remove rounding asymmetry). The caller owns the result.</summary>
    public static Tensor WeightMatrix(Func<Tensor> loss, Tensor weight)
    {
        var n = weight.numel();
        if (n > MaxWeightElements)
            throw new ArgumentException($"the weight has {n} elements; at most {MaxWeightElements} are supported", nameof(weight));
        using var scope = torch.NewDisposeScope();
        using var hessian = new HessianVectorProduct(loss, [weight]);
        var columns = new Tensor[n];
        for (var i = 0; i < n; i++)
        {
            using var columnScope = torch.NewDisposeScope();
            var unit = torch.zeros(n, dtype: weight.dtype, device: weight.device);
            unit[i] = 1;
            columns[i] = hessian.Apply([unit.reshape(weight.shape)])[0].reshape(-1).to(ScalarType.Float64).MoveToOuterDisposeScope();
        }
        var matrix = torch.stack(columns, 1);
        return ((matrix + matrix.t()) / 2).MoveToOuterDisposeScope();
    }

    /// <summary>λ_max of <see cref="WeightMatrix"/>: the top eigenvalue of the reduced weight Hessian.</summary>
    public static double WeightTop(Func<Tensor> loss, Tensor weight)
    {
        using var scope = torch.NewDisposeScope();
        return torch.linalg.eigvalsh(WeightMatrix(loss, weight)).max().item<double>();
    }

    /// <summary>
    /// Mean over the batch of λ_max(∂²ℓᵢ/∂xᵢ²) restricted to the first <paramref name="features"/> input columns.
    /// Row j of every sample's Hessian comes from one backward pass of Σᵢ ∂ℓᵢ/∂xᵢⱼ, so the cost is k double-backward
    /// passes over the batch. The per-sample losses must not couple samples (a BatchNorm must be in eval mode).
    /// </summary>
    /// <param name="perSampleLoss">Maps inputs [B, F] to per-sample losses [B].</param>
    /// <param name="inputs">[B, F] inputs; not modified.</param>
    /// <param name="features">k, 1 to F.</param>
    public static double InputTop(Func<Tensor, Tensor> perSampleLoss, Tensor inputs, int features)
    {
        if (inputs.ndim != 2) throw new ArgumentException($"inputs must be [B, F], got [{string.Join(", ", inputs.shape)}]", nameof(inputs));
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(features, inputs.shape[1]);
        using var scope = torch.NewDisposeScope();
        var x = inputs.detach().clone().requires_grad_(true);
        var losses = perSampleLoss(x);
        if (!losses.shape.SequenceEqual([inputs.shape[0]]))
            throw new ArgumentException($"per-sample losses must be [{inputs.shape[0]}], got [{string.Join(", ", losses.shape)}]", nameof(perSampleLoss));
        if (!losses.requires_grad) return 0;
        var gradient = Defined(torch.autograd.grad([losses.sum()], [x], create_graph: true, retain_graph: true, allow_unused: true), x);
        var rows = new Tensor[features];
        for (var j = 0; j < features; j++)
        {
            var component = gradient[.., j].sum();
            rows[j] = component.requires_grad
                ? Defined(torch.autograd.grad([component], [x], retain_graph: true, allow_unused: true), x).detach()
                : torch.zeros_like(x);
            rows[j] = rows[j].narrow(1, 0, features).to(ScalarType.Float64);
        }
        var hessians = torch.stack(rows, 1);
        var symmetric = (hessians + hessians.transpose(1, 2)) / 2;
        return torch.linalg.eigvalsh(symmetric).amax([1]).mean().item<double>();
    }

    private static Tensor Defined(IList<Tensor> gradients, Tensor like) =>
        gradients.Count > 0 && !gradients[0].IsInvalid ? gradients[0] : torch.zeros_like(like);
}
