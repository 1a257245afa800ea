using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Optimizers;

/// <summary>Small helpers on a list of parameters and their gradients, shared by the steps.</summary>
internal static class Gradients
{
    /// <summary>The value of a scalar loss as a double, whatever its dtype.</summary>
    /// <exception cref="ArgumentException">The loss is not a single element (a shape error the caller must fix).</exception>
    public static double Scalar(Tensor loss)
    {
        if (loss.numel() != 1) throw new ArgumentException($"the loss must be a scalar, got shape [{string.Join(", ", loss.shape)}]", nameof(loss));
        if (loss.dtype == ScalarType.Float64) return loss.item<double>();
        using var value = loss.detach().to_type(ScalarType.Float64);
        return value.item<double>();
    }

    /// <summary>∂loss/∂p for every parameter, without a graph; zeros for a parameter the loss does not depend on. Frees the graph.</summary>
    public static Tensor[] Of(Tensor loss, IReadOnlyList<Parameter> parameters)
    {
        if (!loss.requires_grad) return parameters.Select(p => torch.zeros_like(p)).ToArray();
        var grads = torch.autograd.grad([loss], [.. parameters], allow_unused: true);
        // Without create_graph the gradients carry no graph of their own.
        return parameters.Select((p, i) => i < grads.Count && !grads[i].IsInvalid ? grads[i] : torch.zeros_like(p)).ToArray();
    }

    /// <summary>Σ‖t‖² over the tensors, accumulated in double precision.</summary>
    public static double SquaredNorm(IEnumerable<Tensor> tensors)
    {
        var sum = 0.0;
        foreach (var t in tensors)
        {
            using var square = t.detach().to_type(ScalarType.Float64).square().sum();
            sum += square.item<double>();
        }
        return sum;
    }

    /// <summary>The parameters' .grad tensors (zeros where a parameter has none), detached.</summary>
    public static Tensor[] Stored(IReadOnlyList<Parameter> parameters) =>
        parameters.Select(p => p.grad is { } g ? g.detach() : torch.zeros_like(p)).ToArray();

    /// <summary>Scales all .grad tensors together so that their joint L2 norm is at most <paramref name="maxNorm"/>;
    /// 0 is off.</summary>
    public static void Clip(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        if (maxNorm > 0) torch.nn.utils.clip_grad_norm_(parameters, maxNorm);
    }
}
