using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Models.RgClt;

/// <summary>How the hidden weights of a <see cref="PairMlp"/> are constrained.</summary>
public enum MlpConstraint
{
    /// <summary>No ties: f(x₁, x₂) may tell the two sites apart.</summary>
    Unconstrained,

    /// <summary>Each first-layer hidden unit has one weight for both inputs, so f(x₁, x₂) = f(x₂, x₁) exactly.</summary>
    Symmetric,

    /// <summary>Symmetric, and in every hidden layer all rows (weights and bias) are one shared row: all hidden units
    /// of a layer compute the same value, so the model has the expressivity of a width-1 network.</summary>
    OverConstrained,
}

/// <summary>
/// The MLP block map: the pair (x₁, x₂) of each block goes through <c>depth</c> hidden layers of <c>width</c> units
/// and a linear output; the same weights serve every block of the chain.
/// </summary>
public sealed class PairMlp : ChainMap
{
    private readonly ModuleList<ConstrainedLinear> _hidden;
    private readonly ConstrainedLinear _output;
    private readonly BlockActivation _activation;

    /// <summary>Creates the layers from torch's global generator.</summary>
    public PairMlp(MlpConstraint constraint, int width, int depth, BlockActivation activation) : base(nameof(PairMlp))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Constraint = constraint;
        var tieRows = constraint == MlpConstraint.OverConstrained;
        _hidden = nn.ModuleList(Enumerable.Range(0, depth)
            .Select(layer => layer == 0
                ? new ConstrainedLinear(2, width, tieRows, tieInputs: constraint != MlpConstraint.Unconstrained)
                : new ConstrainedLinear(width, width, tieRows))
            .ToArray());
        _output = new ConstrainedLinear(width, 1);
        _activation = activation;
        RegisterComponents();
    }

    /// <summary>The weight constraint.</summary>
    public MlpConstraint Constraint { get; }

    /// <summary>The hidden layers, first to last (for inspection).</summary>
    public IReadOnlyList<ConstrainedLinear> HiddenLayers => _hidden.ToList();

    /// <summary>The block map on pairs: [..., 2] → [...].</summary>
    /// <exception cref="ArgumentException">The last dimension is not 2.</exception>
    public Tensor MapPairs(Tensor pairs)
    {
        if (pairs.ndim < 1 || pairs.shape[^1] != 2)
            throw new ArgumentException($"expected pairs [..., 2], got [{string.Join(", ", pairs.shape)}]", nameof(pairs));
        var h = pairs;
        foreach (var layer in _hidden) h = _activation.Apply(layer.call(h));
        return _output.call(h).squeeze(-1);
    }

    /// <inheritdoc />
    protected override Tensor MapChains(Tensor chains) => MapPairs(chains.reshape(chains.shape[0], chains.shape[1] / 2, 2));
}
