using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>
/// <c>flatness_rise@r</c>: how much the loss rises, on average, within distance r of a point. The neighbourhood is a
/// fixed set of offsets δ spread uniformly over the ball of radius r, so the metric is deterministic and needs no
/// seed: in 1-D the <see cref="IntervalPoints"/> midpoints of equal cells of [−r, r]; in 2-D <see cref="Rings"/>
/// rings of equal area (radii r·√((i + ½)/Rings)) with <see cref="Angles"/> equally spaced angles each, so that every
/// point stands for the same area of the disc. Known answers: on f = ‖θ‖² at θ = 0 the rise is exactly
/// r²/3·(1 − 1/IntervalPoints²) in 1-D (→ r²/3, the mean of δ² over the interval) and exactly r²/2 in 2-D.
/// </summary>
public static class LandscapeFlatness
{
    /// <summary>Midpoints of [−r, r] in 1-D; their spacing at r = 1, 0.002, is a third of the finest wrinkle's period
    /// of weierstrass_1d with 100 terms (2π/100² ≈ 6.3e-4 is averaged over, not resolved, which the mean allows: that
    /// term's amplitude is 1e-4).</summary>
    public const int IntervalPoints = 1000;

    /// <summary>Equal-area rings of the 2-D disc.</summary>
    public const int Rings = 32;

    /// <summary>Angles per ring in 2-D, offset by half a step from ring to ring.</summary>
    public const int Angles = 64;

    /// <summary>The offsets δ for a θ of <paramref name="dimension"/> coordinates (1 or 2) and radius
    /// <paramref name="radius"/>, one row each.</summary>
    public static double[][] Offsets(int dimension, double radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        if (dimension == 1)
            return Enumerable.Range(0, IntervalPoints).Select(i => new[] { radius * (-1 + (2 * i + 1.0) / IntervalPoints) }).ToArray();
        if (dimension != 2) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "flatness is defined on 1-D and 2-D surfaces");
        var offsets = new double[Rings * Angles][];
        for (var i = 0; i < Rings; i++)
        {
            var rho = radius * Math.Sqrt((i + 0.5) / Rings);
            for (var j = 0; j < Angles; j++)
            {
                var angle = 2 * Math.PI * (j + 0.5 * (i % 2)) / Angles;
                offsets[i * Angles + j] = [rho * Math.Cos(angle), rho * Math.Sin(angle)];
            }
        }
        return offsets;
    }

    /// <summary>The mean of f(θ + δ) − f(θ) over <see cref="Offsets"/>; NaN when θ is not finite.</summary>
    public static double Rise(LandscapeSurface surface, Tensor theta, double radius)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var centre = LandscapeKind.Coordinates(theta);
        if (!centre.All(double.IsFinite)) return double.NaN;
        var at = surface.Loss(theta).item<double>();
        var sum = 0.0;
        var offsets = Offsets(surface.Dimension, radius);
        foreach (var delta in offsets)
        {
            using var inner = torch.NewDisposeScope();
            var point = torch.tensor(centre.Select((c, i) => c + delta[i]).ToArray(), dtype: ScalarType.Float64, device: theta.device);
            sum += surface.Loss(point).item<double>() - at;
        }
        return sum / offsets.Length;
    }
}
