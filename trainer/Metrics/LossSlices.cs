using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Loss-landscape slices along filter-normalised random directions (Li et al., "Visualizing the loss landscape of
/// neural nets", NeurIPS 2018): the loss at θ + a·d₁ (a line) or θ + a·d₁ + b·d₂ (a plane) over a grid of a and b.
/// Normalising each filter of the direction to the norm of the same filter of the weights makes the distances
/// comparable between networks whose weights differ in scale (a network's function is unchanged when a ReLU layer's
/// filter is scaled up and the next layer's down), which is what lets a flatness comparison between settings mean
/// anything. The parameters are restored bit for bit afterwards.
/// </summary>
public static class LossSlices
{
    /// <summary>
    /// A random direction, one tensor per parameter: Gaussian entries, each filter (a slice along the first dimension of a
    /// parameter with two or more dimensions: one output unit's incoming weights) rescaled to the norm of the same filter
    /// of <paramref name="parameters"/>; one-dimensional parameters (biases, BatchNorm's scales and shifts) get zeros, as
    /// Li et al. leave them out. Drawn on the CPU from <paramref name="generator"/> (a CPU generator) and moved, so every
    /// device gets the same direction. A filter of zero weights gets a zero direction.
    /// </summary>
    public static Tensor[] FilterNormalisedDirection(IReadOnlyList<Tensor> parameters, Generator generator)
    {
        var direction = new Tensor[parameters.Count];
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var weight = parameters[i].detach();
            if (weight.dim() < 2)
            {
                direction[i] = torch.zeros_like(weight);
                continue;
            }
            using var scope = torch.NewDisposeScope();
            var random = torch.randn(weight.shape, dtype: ScalarType.Float64, generator: generator);
            var filters = random.reshape(weight.shape[0], -1);
            var weightNorms = weight.to(ScalarType.Float64).cpu().reshape(weight.shape[0], -1).norm(1, keepdim: true);
            var randomNorms = filters.norm(1, keepdim: true);
            // A Gaussian row of norm zero has probability zero; the guard keeps a zero filter's direction at zero, not NaN.
            var scaled = filters * (weightNorms / randomNorms.clamp_min(1e-300));
            direction[i] = scaled.reshape(weight.shape).to(weight.dtype).to(weight.device).MoveToOuterDisposeScope();
        }
        return direction;
    }

    /// <summary>The grid −span … span in <paramref name="points"/> evenly spaced steps (an odd count puts 0 on it).</summary>
    public static double[] Grid(double span, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        if (!(span > 0) || !double.IsFinite(span)) throw new ArgumentOutOfRangeException(nameof(span), span, "the span must be finite and > 0");
        // Symmetric by construction: the middle point of an odd grid is exactly 0.
        return Enumerable.Range(0, points).Select(i => span * (2.0 * i - (points - 1)) / (points - 1)).ToArray();
    }

    /// <summary>The loss at θ + a·d for each a of <paramref name="steps"/>.</summary>
    /// <param name="loss">The scalar loss at the current parameter values (the caller picks train or eval mode).</param>
    public static double[] Line(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> direction, IReadOnlyList<double> steps)
    {
        Check(parameters, direction, nameof(direction));
        using var snapshot = new ParameterSnapshot(parameters);
        try
        {
            return steps.Select(a =>
            {
                snapshot.MoveTo((a, direction));
                return Evaluate(loss);
            }).ToArray();
        }
        finally
        {
            snapshot.Restore();
        }
    }

    /// <summary>
    /// The loss at θ + a·d₁ + b·d₂ over the grid <paramref name="xs"/> × <paramref name="ys"/>, row by row: the row of
    /// ys[0] over every a of xs first.
    /// </summary>
    public static double[] Plane(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> first, IReadOnlyList<Tensor> second,
        IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        Check(parameters, first, nameof(first));
        Check(parameters, second, nameof(second));
        using var snapshot = new ParameterSnapshot(parameters);
        try
        {
            var values = new double[xs.Count * ys.Count];
            for (var row = 0; row < ys.Count; row++)
            for (var column = 0; column < xs.Count; column++)
            {
                snapshot.MoveTo((xs[column], first), (ys[row], second));
                values[row * xs.Count + column] = Evaluate(loss);
            }
            return values;
        }
        finally
        {
            snapshot.Restore();
        }
    }

    /// <summary>The mean of value − centre over the grid: how much the loss rises, on average, around the trained point.</summary>
    public static double MeanRise(IReadOnlyList<double> values, double centre) => values.Average() - centre;

    /// <summary>The loss at the current parameters, without a graph, as a double.</summary>
    public static double Evaluate(Func<Tensor> loss)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return loss().to(ScalarType.Float64).item<double>();
    }

    private static void Check(IReadOnlyList<Tensor> parameters, IReadOnlyList<Tensor> direction, string name)
    {
        if (direction.Count != parameters.Count)
            throw new ArgumentException($"{direction.Count} direction tensors for {parameters.Count} parameters", name);
        for (var i = 0; i < parameters.Count; i++)
            if (!direction[i].shape.SequenceEqual(parameters[i].shape))
                throw new ArgumentException($"direction tensor {i} has shape [{string.Join(", ", direction[i].shape)}], its parameter [{string.Join(", ", parameters[i].shape)}]", name);
    }
}
