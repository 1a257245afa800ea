using Goldstone.Trainer.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Models.RgClt;

/// <summary>
/// A graph network on the 1-D chain with periodic ends: every site is embedded (1 → width), then <c>depth</c>
/// message-passing layers update each site from itself and the sum of its two neighbours,
/// hᵢ ← σ(W·[hᵢ, hᵢ₋₁ + hᵢ₊₁] + c), with weights shared by all sites; finally each block's two sites are sum-pooled
/// and read out (width → 1). Shifting the chain by a whole block (two sites) shifts the output by one site,
/// exactly; a one-site shift changes which sites pair up, so it is not a symmetry. Unlike the MLPs it sees
/// neighbouring blocks, which the exact map ignores.
/// </summary>
public sealed class ChainGnn : ChainMap
{
    private readonly ConstrainedLinear _embed;
    private readonly ModuleList<ConstrainedLinear> _layers;
    private readonly ConstrainedLinear _readout;
    private readonly BlockActivation _activation;
    private readonly int _width;

    /// <summary>Creates the layers from torch's global generator.</summary>
    public ChainGnn(int width, int depth, BlockActivation activation) : base(nameof(ChainGnn))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _width = width;
        _embed = new ConstrainedLinear(1, width);
        _layers = nn.ModuleList(Enumerable.Range(0, depth).Select(_ => new ConstrainedLinear(2 * width, width)).ToArray());
        _readout = new ConstrainedLinear(width, 1);
        _activation = activation;
        RegisterComponents();
    }

    /// <inheritdoc />
    protected override Tensor MapChains(Tensor chains)
    {
        var batch = chains.shape[0];
        var sites = chains.shape[1];
        var h = _embed.call(chains.unsqueeze(-1));
        foreach (var layer in _layers)
        {
            var neighbours = h.roll(1, 1).add(h.roll(-1, 1), RootedScalars.One);
            h = _activation.Apply(layer.call(torch.cat([h, neighbours], -1)));
        }
        var pooled = h.reshape(batch, sites / 2, 2, _width).sum(2);
        return _readout.call(pooled).squeeze(-1);
    }
}
