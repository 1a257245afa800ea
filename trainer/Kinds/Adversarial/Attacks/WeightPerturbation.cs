using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial.Attacks;

/// <summary>
/// The weight-space perturbation of SAM and SSAM-D: e = ρ·g/(‖g‖₂ + 1e-7), the norm over all parameters together
/// (accumulated in double precision); SSAM-D then keeps e only on its mask's live entries, e ⊙ m, so its norm is at
/// most ρ (the masked-out gradient does not count towards the radius it spends).
/// </summary>
public static class WeightPerturbation
{
    /// <summary>Added to ‖g‖₂ so that a zero gradient gives a zero perturbation.</summary>
    public const double NormEpsilon = 1e-7;

    /// <summary>e per parameter, detached; <paramref name="mask"/> (0/1 tensors shaped like the gradients) is optional.</summary>
    /// <exception cref="ArgumentException">The mask does not match the gradients.</exception>
    public static Tensor[] Compute(IReadOnlyList<Tensor> gradients, double rho, IReadOnlyList<Tensor>? mask = null)
    {
        if (mask is not null && (mask.Count != gradients.Count || mask.Where((m, i) => !m.shape.SequenceEqual(gradients[i].shape)).Any()))
            throw new ArgumentException("one mask per gradient, of the gradient's shape", nameof(mask));
        var scale = rho / (Norm(gradients) + NormEpsilon);
        using var noGrad = torch.no_grad();
        return gradients.Select((g, i) =>
        {
            var e = g.detach() * scale;
            return mask is null ? e : e * mask[i];
        }).ToArray();
    }

    /// <summary>‖t‖₂ over all tensors together, accumulated in double precision.</summary>
    public static double Norm(IEnumerable<Tensor> tensors)
    {
        var sum = 0.0;
        foreach (var t in tensors)
        {
            using var square = t.detach().to_type(ScalarType.Float64).square().sum();
            sum += square.item<double>();
        }
        return Math.Sqrt(sum);
    }
}
