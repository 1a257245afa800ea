using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Sharpness by gradient ascent: how much the loss rises after a fixed number of normalised ascent steps, in weight
/// space (<c>sharpness_ga_w</c>: each parameter tensor steps along its own gradient divided by that gradient's norm)
/// or in input space (<c>sharpness_ga_x</c>: the batch of inputs steps along ∇ₓL divided by its Frobenius norm).
/// </summary>
public static class Sharpness
{
    /// <summary>Default ascent steps.</summary>
    public const int DefaultSteps = 15;

    /// <summary>Default step length (in parameter units, or raw input units).</summary>
    public const double DefaultStepSize = 0.01;

    /// <summary>
    /// L(θ₁₅) − L(θ₀) for θ ← θ + step·g/‖g‖ per tensor (a tensor with zero gradient stays). The parameters are
    /// restored bit for bit afterwards, also when the loss throws; their <c>.grad</c> fields are not touched.
    /// </summary>
    /// <param name="loss">The scalar loss at the current parameter values (the caller picks train or eval mode).</param>
    /// <param name="parameters">The tensors to ascend in; each must require grad.</param>
    public static double Weights(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, int steps = DefaultSteps, double stepSize = DefaultStepSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        using var snapshot = new ParameterSnapshot(parameters);
        try
        {
            var before = Value(loss);
            for (var step = 0; step < steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var value = loss();
                if (!value.requires_grad) break;
                var gradients = torch.autograd.grad([value], parameters.ToArray(), allow_unused: true);
                using var noGrad = torch.no_grad();
                for (var i = 0; i < parameters.Count; i++)
                {
                    if (i >= gradients.Count || gradients[i].IsInvalid) continue;
                    var norm = gradients[i].norm().to(ScalarType.Float64).item<double>();
                    if (norm > 0) parameters[i].add_(gradients[i] * (stepSize / norm));
                }
            }
            return Value(loss) - before;
        }
        finally
        {
            snapshot.Restore();
        }
    }

    /// <summary>L(x₁₅) − L(x₀) for one batch, x ← x + step·∇ₓL/‖∇ₓL‖_F; <paramref name="inputs"/> is not modified.</summary>
    /// <param name="lossOfInputs">The scalar loss of a batch of inputs.</param>
    public static double Inputs(Func<Tensor, Tensor> lossOfInputs, Tensor inputs, int steps = DefaultSteps, double stepSize = DefaultStepSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        using var scope = torch.NewDisposeScope();
        var x = inputs.detach().clone();
        var before = Value(() => lossOfInputs(x));
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var leaf = x.requires_grad_(true);
            var value = lossOfInputs(leaf);
            var gradient = value.requires_grad ? torch.autograd.grad([value], [leaf], allow_unused: true) : [];
            leaf.requires_grad_(false);
            if (gradient.Count == 0 || gradient[0].IsInvalid) break;
            var norm = gradient[0].norm().to(ScalarType.Float64).item<double>();
            if (norm == 0) break;
            using var noGrad = torch.no_grad();
            x.add_(gradient[0] * (stepSize / norm));
        }
        return Value(() => lossOfInputs(x)) - before;
    }

    /// <summary>Mean of <see cref="Inputs(Func{Tensor, Tensor}, Tensor, int, double)"/> over consecutive batches of
    /// <paramref name="batchSize"/> rows (the last may be shorter).</summary>
    /// <param name="loss">The scalar loss of a batch of inputs and its labels.</param>
    public static double Inputs(Func<Tensor, Tensor, Tensor> loss, Tensor inputs, Tensor labels, int batchSize,
        int steps = DefaultSteps, double stepSize = DefaultStepSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rows = inputs.shape[0];
        if (rows == 0 || labels.shape[0] != rows) throw new ArgumentException($"{rows} inputs for {labels.shape[0]} labels");
        double sum = 0;
        var batches = 0;
        for (long start = 0; start < rows; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(batchSize, rows - start);
            var y = labels.narrow(0, start, length);
            sum += Inputs(x => loss(x, y), inputs.narrow(0, start, length), steps, stepSize);
            batches++;
        }
        return sum / batches;
    }

    private static double Value(Func<Tensor> loss)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return loss().to(ScalarType.Float64).item<double>();
    }
}
