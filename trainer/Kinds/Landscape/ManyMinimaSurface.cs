using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>f(θ) = −Σᵢ exp(−‖θ − mᵢ‖²/w) + ‖θ‖² with w = 0.02: narrow wells (curvature up to 2/w = 100) on a bowl.</summary>
public sealed class ManyMinimaSurface : LandscapeSurface
{
    /// <summary>The wells' width w.</summary>
    public const double WellWidth = 0.02;

    /// <summary>Half the side of the square the minima are drawn from.</summary>
    public const double HalfSide = 3;

    private readonly Tensor _minima;

    /// <summary>Wells at the rows of <paramref name="minima"/> [M, 2] (copied, on the minima's device).</summary>
    public ManyMinimaSurface(Tensor minima)
    {
        if (minima.ndim != 2 || minima.shape[1] != 2 || minima.shape[0] < 1)
            throw new ArgumentException($"minima must have shape [M, 2] with M ≥ 1, got [{string.Join(", ", minima.shape)}]", nameof(minima));
        _minima = minima.to_type(ScalarType.Float64).detach().clone().DetachFromDisposeScope();
    }

    /// <summary>The minima, uniform in [−3, 3]², as an [M, 2] float64 tensor.</summary>
    public static Tensor DrawMinima(int count, SplitMix64 random)
    {
        var values = new double[count * 2];
        for (var i = 0; i < values.Length; i++) values[i] = HalfSide * (2 * random.NextDouble() - 1);
        return torch.tensor(values, [count, 2], dtype: ScalarType.Float64);
    }

    /// <inheritdoc />
    public override int Dimension => 2;

    /// <inheritdoc />
    public override Tensor Constants => _minima;

    /// <inheritdoc />
    protected override Tensor Evaluate(Tensor theta) =>
        (theta * theta).sum() - torch.exp((_minima - theta).square().sum(1) / -WellWidth).sum();

    /// <inheritdoc />
    public override void Dispose() => _minima.Dispose();
}
