using Goldstone.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>How the symmetry penalty measures the output's change (<c>penalty_variant</c>).</summary>
public enum PenaltyVariant
{
    /// <summary>P = E_x E_g [s(x) − s(g x)]² over finite transforms g (random rotation angles, or the z-flip).</summary>
    Finite,

    /// <summary>P = E_x (∇ₓs · T x)², T the generator of the rotation: the squared rate of change of the output at
    /// α = 0. Defined for the rotation only; the z-flip is a discrete symmetry with no generator.</summary>
    Infinitesimal,
}

/// <summary>
/// The symmetry penalties of the <c>soft_symmetry</c> kind, on s = sigmoid(logit): how much the classifier's output
/// changes under an exact symmetry of the data. Both are zero exactly when the model is invariant (for the
/// infinitesimal one, invariant to first order at every event).
/// </summary>
public static class SymmetryPenalty
{
    /// <summary>The finite penalty E_x E_α [s(x) − s(g_α x)]² of <paramref name="model"/> on raw features [B, 28],
    /// with one α ~ U(0, 2π) per event for the rotation; the z-flip has no parameter.</summary>
    /// <param name="logits">The model's logits on <paramref name="features"/> when already computed (saves a forward pass).</param>
    /// <param name="generator">Draws the rotation angles: a CPU generator, whose draws are moved to the features' device.</param>
    public static Tensor Finite(nn.Module<Tensor, Tensor> model, Tensor features, HiggsSymmetry symmetry, Generator generator, Tensor? logits = null)
    {
        using var scope = torch.NewDisposeScope();
        var transformed = symmetry switch
        {
            HiggsSymmetry.Rotation => HiggsSymmetries.Rotate(features,
                torch.rand([features.shape[0]], dtype: features.dtype, generator: generator).to(features.device) * (2 * Math.PI)),
            HiggsSymmetry.ZFlip => HiggsSymmetries.FlipEta(features),
            _ => throw new ArgumentOutOfRangeException(nameof(symmetry), symmetry, null),
        };
        var original = torch.sigmoid(logits ?? model.call(features));
        var moved = torch.sigmoid(model.call(transformed));
        return (original - moved).square().mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The infinitesimal penalty E_x (∇ₓs · T x)² on raw features [B, 28], T x = <see cref="HiggsSymmetries.RotationGenerator"/>:
    /// the directional derivative of each event's output along the rotation, by one double-backward pass.
    /// </summary>
    /// <param name="createGraph">True when training: the penalty must be differentiable in the parameters.</param>
    /// <exception cref="ArgumentException">The symmetry is the z-flip, which has no generator.</exception>
    public static Tensor Infinitesimal(nn.Module<Tensor, Tensor> model, Tensor features, HiggsSymmetry symmetry, bool createGraph)
    {
        if (symmetry != HiggsSymmetry.Rotation)
            throw new ArgumentException($"the infinitesimal penalty needs a continuous symmetry; {symmetry} is discrete", nameof(symmetry));
        using var scope = torch.NewDisposeScope();
        var x = features.detach().clone().requires_grad_(true);
        var output = torch.sigmoid(model.call(x));
        // Events do not interact, so the gradient of the sum holds every event's own ∇ₓs.
        // retain_graph with create_graph: backpropagating the penalty later walks this graph again.
        var gradient = torch.autograd.grad([output.sum()], [x], create_graph: createGraph, retain_graph: true, allow_unused: true);
        var direction = torch.tensor(HiggsSymmetries.RotationGenerator(), device: x.device).to(x.dtype);
        var rate = gradient.Count == 1 && !gradient[0].IsInvalid
            ? (gradient[0] * direction).sum(1)
            : torch.zeros([x.shape[0]], dtype: x.dtype, device: x.device);
        var penalty = rate.square().mean();
        return (createGraph ? penalty : penalty.detach()).MoveToOuterDisposeScope();
    }

    /// <summary>The penalty of the chosen variant; the finite one reuses <paramref name="logits"/>. Without
    /// <paramref name="createGraph"/> the result is detached (a measurement, e.g. of an unpenalised run).</summary>
    public static Tensor Compute(PenaltyVariant variant, nn.Module<Tensor, Tensor> model, Tensor features, HiggsSymmetry symmetry,
        Generator generator, Tensor logits, bool createGraph)
    {
        switch (variant)
        {
            case PenaltyVariant.Finite when createGraph:
                return Finite(model, features, symmetry, generator, logits);
            case PenaltyVariant.Finite:
                using (torch.no_grad()) return Finite(model, features, symmetry, generator, logits.detach());
            case PenaltyVariant.Infinitesimal:
                return Infinitesimal(model, features, symmetry, createGraph);
            default:
                throw new ArgumentOutOfRangeException(nameof(variant), variant, null);
        }
    }
}
