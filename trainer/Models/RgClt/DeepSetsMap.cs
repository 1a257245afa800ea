using Goldstone.Trainer.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Models.RgClt;

/// <summary>
/// A DeepSets block map f(x₁, x₂) = ρ(φ(x₁) + φ(x₂)), the same weights for every block of the chain.
/// <para>Layout: φ embeds one site on its own, 1 → <c>width</c>, then <c>depth</c> − 1 layers <c>width</c> →
/// <c>width</c>, the activation after each of these <c>depth</c> layers; the two embeddings are added; ρ is one hidden
/// layer <c>width</c> → <c>width</c> with the activation, then a linear output <c>width</c> → 1. Parameters (weights
/// and biases): 2w + (d − 1)(w² + w) for φ and (w² + w) + (w + 1) for ρ, in all
/// <see cref="ParameterCount">d·w² + (d + 3)·w + 1</see> for width w and depth d (169 for w = 8, d = 2).</para>
/// <para>The pair is put in a canonical order (min, max) before φ, so that swapping x₁ and x₂ gives the same tensors to
/// every later operation and the invariance holds bit for bit whatever order libtorch's kernels accumulate in; without
/// it, φ(x₁) + φ(x₂) and φ(x₂) + φ(x₁) are equal (float addition commutes), but φ(x₁) could differ in its last bit
/// with its row in the batch. Unlike the tied-input MLP, which sees only x₁ + x₂ and so can represent only functions
/// of the sum, this model can represent any symmetric function of the pair (ρ is needed for that: a sum of per-site
/// terms alone misses products such as x₁·x₂).</para>
/// </summary>
public sealed class DeepSetsMap : ChainMap
{
    private readonly ModuleList<ConstrainedLinear> _phi;
    private readonly ConstrainedLinear _rhoHidden;
    private readonly ConstrainedLinear _rhoOutput;
    private readonly BlockActivation _activation;

    /// <summary>Creates the layers from torch's global generator, φ first, in order.</summary>
    /// <param name="width">Units of every φ layer and of ρ's hidden layer.</param>
    /// <param name="depth">Layers of φ.</param>
    /// <param name="activation">The nonlinearity after every φ layer and ρ's hidden layer.</param>
    public DeepSetsMap(int width, int depth, BlockActivation activation) : base(nameof(DeepSetsMap))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _phi = nn.ModuleList(Enumerable.Range(0, depth)
            .Select(layer => new ConstrainedLinear(layer == 0 ? 1 : width, width))
            .ToArray());
        _rhoHidden = new ConstrainedLinear(width, width);
        _rhoOutput = new ConstrainedLinear(width, 1);
        _activation = activation;
        RegisterComponents();
    }

    /// <summary>Trainable scalars of a model of this <paramref name="width"/> and <paramref name="depth"/>:
    /// d·w² + (d + 3)·w + 1.</summary>
    public static long ParameterCount(int width, int depth) => (long)depth * width * width + (depth + 3L) * width + 1;

    /// <summary>The block map on pairs: [..., 2] → [...].</summary>
    /// <exception cref="ArgumentException">The last dimension is not 2.</exception>
    public Tensor MapPairs(Tensor pairs)
    {
        if (pairs.ndim < 1 || pairs.shape[^1] != 2)
            throw new ArgumentException($"expected pairs [..., 2], got [{string.Join(", ", pairs.shape)}]", nameof(pairs));
        var first = pairs.select(-1, 0);
        var second = pairs.select(-1, 1);
        var pooled = Phi(torch.minimum(first, second)).add(Phi(torch.maximum(first, second)), RootedScalars.One);
        return _rhoOutput.call(_activation.Apply(_rhoHidden.call(pooled))).squeeze(-1);
    }

    /// <inheritdoc />
    protected override Tensor MapChains(Tensor chains) => MapPairs(chains.reshape(chains.shape[0], chains.shape[1] / 2, 2));

    /// <summary>φ on every site of [...]: [..., width].</summary>
    private Tensor Phi(Tensor sites)
    {
        var h = sites.unsqueeze(-1);
        foreach (var layer in _phi) h = _activation.Apply(layer.call(h));
        return h;
    }
}
