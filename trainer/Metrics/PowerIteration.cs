using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>The outcome of <see cref="PowerIteration.TopEigenvalue"/>.</summary>
/// <param name="Eigenvalue">The Rayleigh quotient vᵀAv of the last unit vector: the eigenvalue of largest magnitude.</param>
/// <param name="Iterations">Products taken.</param>
/// <param name="Converged">Whether successive estimates met the relative tolerance before the iteration limit.</param>
public sealed record PowerIterationResult(double Eigenvalue, int Iterations, bool Converged);

/// <summary>Power iteration for the dominant eigenvalue of a symmetric operator on lists of tensors (e.g. a Hessian).</summary>
public static class PowerIteration
{
    /// <summary>
    /// Iterates v ← Av/‖Av‖ from <paramref name="start"/> until two successive Rayleigh quotients differ by at most
    /// <paramref name="relativeTolerance"/> of the latest, or <paramref name="maxIterations"/> products.
    /// </summary>
    /// <param name="apply">The operator; results may live in the caller's dispose scope.</param>
    /// <param name="start">A starting vector, not all zero; not modified.</param>
    public static PowerIterationResult TopEigenvalue(Func<IReadOnlyList<Tensor>, Tensor[]> apply, IReadOnlyList<Tensor> start,
        int maxIterations, double relativeTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        var norm = Math.Sqrt(Dot(start, start));
        if (norm == 0) throw new ArgumentException("the starting vector is zero", nameof(start));
        var vector = start.Select(t => (t / norm).DetachFromDisposeScope()).ToArray();
        var estimate = double.NaN;
        try
        {
            for (var iteration = 1; iteration <= maxIterations; iteration++)
            {
                using var scope = torch.NewDisposeScope();
                var product = apply(vector);
                var previous = estimate;
                estimate = Dot(vector, product);
                var productNorm = Math.Sqrt(Dot(product, product));
                if (productNorm == 0) return new PowerIterationResult(0, iteration, true);
                var next = product.Select(t => (t / productNorm).DetachFromDisposeScope()).ToArray();
                foreach (var t in vector) t.Dispose();
                vector = next;
                if (Math.Abs(estimate - previous) <= relativeTolerance * Math.Abs(estimate))
                    return new PowerIterationResult(estimate, iteration, true);
            }
            return new PowerIterationResult(estimate, maxIterations, false);
        }
        finally
        {
            foreach (var t in vector) t.Dispose();
        }
    }

    /// <summary>Σᵢ ⟨aᵢ, bᵢ⟩, accumulated in double.</summary>
    public static double Dot(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"{a.Count} tensors against {b.Count}");
        using var scope = torch.NewDisposeScope();
        double sum = 0;
        for (var i = 0; i < a.Count; i++)
            sum += (a[i].to(ScalarType.Float64) * b[i].to(ScalarType.Float64)).sum().item<double>();
        return sum;
    }
}
