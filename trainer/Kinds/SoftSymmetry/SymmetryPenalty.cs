using Goldstone.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>
/// The finite-transform symmetry penalty P = E_x E_α [s(x) − s(g_α x)]², s = sigmoid(logit): how much the
/// classifier's output changes when an exact symmetry of the data is applied to its input. Estimated on a
/// batch with one α ~ U(0, 2π) per event for the rotation; the z-flip has no parameter.
/// </summary>
public static class SymmetryPenalty
{
    /// <summary>The penalty of <paramref name="model"/> on raw features [B, 28].</summary>
    /// <param name="logits">The model's logits on <paramref name="features"/> when already computed (saves a forward pass).</param>
    /// <param name="generator">Draws the rotation angles.</param>
    public static Tensor Compute(nn.Module<Tensor, Tensor> model, Tensor features, HiggsSymmetry symmetry, Generator generator, Tensor? logits = null)
    {
        using var scope = torch.NewDisposeScope();
        var transformed = symmetry switch
        {
            HiggsSymmetry.Rotation => HiggsSymmetries.Rotate(features,
                torch.rand([features.shape[0]], dtype: features.dtype, generator: generator) * (2 * Math.PI)),
            HiggsSymmetry.ZFlip => HiggsSymmetries.FlipEta(features),
            _ => throw new ArgumentOutOfRangeException(nameof(symmetry), symmetry, null),
        };
        var original = torch.sigmoid(logits ?? model.call(features));
        var moved = torch.sigmoid(model.call(transformed));
        return (original - moved).square().mean().MoveToOuterDisposeScope();
    }
}
