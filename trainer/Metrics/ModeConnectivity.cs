using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>The loss on the straight path between two trained networks, and its barrier.</summary>
/// <param name="Steps">t from 0 (the first network) to 1 (the second).</param>
/// <param name="Losses">The loss at (1 − t)·θ_a + t·θ_b for each t.</param>
/// <param name="Barrier">max over t of the loss minus the straight line between the end points' losses.</param>
public sealed record ConnectivityPath(IReadOnlyList<double> Steps, IReadOnlyList<double> Losses, double Barrier);

/// <summary>
/// Linear mode connectivity (Frankle et al., "Linear mode connectivity and the lottery ticket hypothesis", ICML 2020):
/// two networks of one architecture are linearly connected when the loss along the straight line between their weights
/// stays at the level of the end points; the barrier is the largest excess over the linear interpolation of the end
/// points' losses. Buffers such as BatchNorm's running statistics are not interpolated: use it on models without them,
/// or recompute them first.
/// </summary>
public static class ModeConnectivity
{
    /// <summary>Default number of points on the path, ends included.</summary>
    public const int DefaultPoints = 11;

    /// <summary>
    /// Evaluates <paramref name="loss"/> along the path by moving <paramref name="first"/> to (1 − t)·θ_a + t·θ_b; the
    /// first network's parameters are restored bit for bit afterwards, the second's are only read.
    /// </summary>
    /// <param name="loss">The scalar loss of the network that owns <paramref name="first"/>, at its current values.</param>
    /// <param name="points">Points on the path, ends included, at least 2.</param>
    public static ConnectivityPath Path(Func<Tensor> loss, IReadOnlyList<Tensor> first, IReadOnlyList<Tensor> second, int points = DefaultPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        if (first.Count != second.Count) throw new ArgumentException($"{first.Count} parameters against {second.Count}", nameof(second));
        using var scope = torch.NewDisposeScope();
        var towards = first.Select((p, i) =>
        {
            if (!p.shape.SequenceEqual(second[i].shape))
                throw new ArgumentException($"parameter {i} has shape [{string.Join(", ", p.shape)}] against [{string.Join(", ", second[i].shape)}]", nameof(second));
            return second[i].detach() - p.detach();
        }).ToArray();
        // t = i/(n − 1) exactly at both ends, so the end points are the networks themselves.
        var steps = Enumerable.Range(0, points).Select(i => (double)i / (points - 1)).ToArray();
        var losses = LossSlices.Line(loss, first, towards, steps);
        var barrier = Enumerable.Range(0, points).Max(i => losses[i] - ((1 - steps[i]) * losses[0] + steps[i] * losses[^1]));
        return new ConnectivityPath(steps, losses, barrier);
    }
}
