using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Products of a loss's Hessian (with respect to a list of parameters) with vectors, by double backpropagation:
/// g = ∇L with the graph kept, then Hv = ∇(g·v). The gradient and its graph are built once and reused by every
/// product, so one product costs about two gradients.
/// </summary>
public sealed class HessianVectorProduct : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _gradient;

    /// <summary>Evaluates <paramref name="loss"/> once and differentiates it, keeping the graph for the products.</summary>
    /// <param name="loss">Computes the scalar loss from the current parameter values.</param>
    /// <param name="parameters">The variables of the Hessian; each must require grad.</param>
    public HessianVectorProduct(Func<Tensor> loss, IEnumerable<Tensor> parameters)
    {
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException("no parameters", nameof(parameters));
        if (_parameters.FirstOrDefault(p => !p.requires_grad) is { } frozen)
            throw new ArgumentException($"a parameter of shape [{string.Join(", ", frozen.shape)}] does not require grad", nameof(parameters));
        Shapes = _parameters.Select(p => p.shape).ToArray();

        using var scope = torch.NewDisposeScope();
        var value = loss();
        if (value.numel() != 1) throw new ArgumentException($"the loss must be a scalar, got [{string.Join(", ", value.shape)}]", nameof(loss));
        // retain_graph with create_graph: a later grad through a freed graph aborts the process here.
        var gradient = value.requires_grad
            ? torch.autograd.grad([value], _parameters, create_graph: true, retain_graph: true, allow_unused: true)
            : [];
        _gradient = _parameters.Select((p, i) => Defined(gradient, i, p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Shapes of the parameters, in order: a vector is one tensor per parameter with these shapes.</summary>
    public IReadOnlyList<long[]> Shapes { get; }

    /// <summary>The variables of the Hessian, in order (templates for vectors: shapes and dtypes).</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Hv for v given as one tensor per parameter. The result tensors belong to the caller's dispose scope.</summary>
    /// <exception cref="ArgumentException">v does not match <see cref="Shapes"/>.</exception>
    public Tensor[] Apply(IReadOnlyList<Tensor> vector)
    {
        if (vector.Count != _parameters.Length)
            throw new ArgumentException($"expected {_parameters.Length} tensors, got {vector.Count}", nameof(vector));
        for (var i = 0; i < vector.Count; i++)
            if (!vector[i].shape.SequenceEqual(Shapes[i]))
                throw new ArgumentException(
                    $"tensor {i} has shape [{string.Join(", ", vector[i].shape)}], expected [{string.Join(", ", Shapes[i])}]", nameof(vector));

        Tensor[] product;
        using (var scope = torch.NewDisposeScope())
        {
            Tensor? dot = null;
            for (var i = 0; i < _gradient.Length; i++)
            {
                var term = (_gradient[i] * vector[i].detach()).sum();
                dot = dot is null ? term : dot + term;
            }
            // A gradient that does not depend on the parameters (a loss linear in them) has a zero Hessian.
            var hv = dot!.requires_grad
                ? torch.autograd.grad([dot], _parameters, retain_graph: true, allow_unused: true)
                : [];
            product = _parameters.Select((p, i) => Defined(hv, i, p).detach().MoveToOuterDisposeScope()).ToArray();
        }
        return product;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var g in _gradient) g.Dispose();
    }

    private static Tensor Defined(IList<Tensor> gradients, int index, Tensor parameter) =>
        index < gradients.Count && !gradients[index].IsInvalid ? gradients[index] : torch.zeros_like(parameter);
}
