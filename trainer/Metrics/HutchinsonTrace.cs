using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>The outcome of a Hutchinson trace estimate.</summary>
/// <param name="Trace">Mean of vᵀAv over the probes.</param>
/// <param name="StandardError">Sample standard deviation of vᵀAv over √probes (0 for one probe).</param>
/// <param name="Probes">Number of probe vectors.</param>
public sealed record TraceEstimate(double Trace, double StandardError, int Probes);

/// <summary>
/// Hutchinson's estimator tr(A) ≈ mean over probes v of vᵀAv. With Rademacher probes (independent ±1 entries)
/// E[vvᵀ] = I, so the estimate is unbiased; averaged over all 2ⁿ sign vectors of an n-dimensional operator it is
/// exactly tr(A).
/// </summary>
public static class HutchinsonTrace
{
    /// <summary>Estimates tr(A) from <paramref name="probes"/> Rademacher vectors shaped like <paramref name="templates"/>.</summary>
    /// <param name="apply">The operator; results may live in the caller's dispose scope.</param>
    /// <param name="templates">One tensor per block of the vector (e.g. the parameters): shapes and dtypes.</param>
    /// <param name="probes">Number of probe vectors, at least 1.</param>
    /// <param name="generator">Draws the signs.</param>
    public static TraceEstimate Estimate(Func<IReadOnlyList<Tensor>, Tensor[]> apply, IReadOnlyList<Tensor> templates, int probes, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 1);
        return Average(apply, probes, () => Rademacher(templates, generator));
    }

    /// <summary>Mean of vᵀAv over the given probe vectors, each one tensor per block.</summary>
    public static TraceEstimate Average(Func<IReadOnlyList<Tensor>, Tensor[]> apply, IReadOnlyList<IReadOnlyList<Tensor>> probes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(probes.Count);
        var next = 0;
        return Average(apply, probes.Count, () => probes[next++].ToArray());
    }

    /// <summary>Independent ±1 entries shaped, typed and placed like <paramref name="templates"/>, drawn on the CPU
    /// from <paramref name="generator"/> (a CPU generator) and moved, so every device gets the same signs.</summary>
    public static Tensor[] Rademacher(IReadOnlyList<Tensor> templates, Generator generator) =>
        templates.Select(t => (torch.randint(0, 2, t.shape, dtype: ScalarType.Int64, generator: generator) * 2 - 1).to(t.dtype).to(t.device)).ToArray();

    private static TraceEstimate Average(Func<IReadOnlyList<Tensor>, Tensor[]> apply, int count, Func<Tensor[]> probe)
    {
        double sum = 0, sumOfSquares = 0;
        for (var i = 0; i < count; i++)
        {
            using var scope = torch.NewDisposeScope();
            var v = probe();
            var quadratic = PowerIteration.Dot(v, apply(v));
            sum += quadratic;
            sumOfSquares += quadratic * quadratic;
        }
        var mean = sum / count;
        var variance = count > 1 ? Math.Max(0, (sumOfSquares - count * mean * mean) / (count - 1)) : 0;
        return new TraceEstimate(mean, Math.Sqrt(variance / count), count);
    }
}
