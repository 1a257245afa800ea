using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>f(θ) = Σ_{k=1}^{terms} sin(k²θ)/k²: f' = Σ cos(k²θ) is bounded by terms, f'' = −Σ k² sin(k²θ) is not.</summary>
public sealed class WeierstrassSurface : LandscapeSurface
{
    private readonly Tensor _kSquared;

    /// <summary>Precomputes k² for k = 1..<paramref name="terms"/> on <paramref name="device"/> (default the CPU).</summary>
    public WeierstrassSurface(int terms, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(terms, 1);
        _kSquared = torch.arange(1, terms + 1, dtype: ScalarType.Float64, device: device).square().DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public override int Dimension => 1;

    /// <inheritdoc />
    public override Tensor Constants => _kSquared;

    /// <inheritdoc />
    protected override Tensor Evaluate(Tensor theta) => (torch.sin(_kSquared * theta) / _kSquared).sum();

    /// <inheritdoc />
    public override void Dispose() => _kSquared.Dispose();
}
