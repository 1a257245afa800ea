using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Models.RgClt;

/// <summary>
/// A learned renormalisation step: chains [B, n] (n even) → [B, n/2], one value per block of two sites, with the
/// same weights for every block. Shapes are checked in managed code before any libtorch call.
/// </summary>
public abstract class ChainMap(string name) : nn.Module<Tensor, Tensor>(name)
{
    /// <summary>One step.</summary>
    /// <exception cref="ArgumentException">The input is not [B, n] with n even and at least 2.</exception>
    public sealed override Tensor forward(Tensor chains)
    {
        if (chains.ndim != 2 || chains.shape[1] < 2 || chains.shape[1] % 2 != 0)
            throw new ArgumentException($"expected chains [B, n] with n even and at least 2, got [{string.Join(", ", chains.shape)}]", nameof(chains));
        return MapChains(chains);
    }

    /// <summary><paramref name="steps"/> steps in a row: [B, n] → [B, n/2^steps].</summary>
    /// <exception cref="ArgumentException">n is not a multiple of 2^steps.</exception>
    public Tensor Iterate(Tensor chains, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (chains.ndim != 2 || steps >= 63 || chains.shape[1] % (1L << steps) != 0 || chains.shape[1] >> steps < 1)
            throw new ArgumentException($"cannot apply {steps} steps to chains [{string.Join(", ", chains.shape)}]", nameof(chains));
        using var scope = torch.NewDisposeScope();
        var x = chains;
        for (var step = 0; step < steps; step++) x = call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>One step on validated chains [B, n].</summary>
    protected abstract Tensor MapChains(Tensor chains);
}
