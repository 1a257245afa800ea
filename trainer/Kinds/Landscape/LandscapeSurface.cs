using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>The validation surfaces of WORKLOADS.md D (<c>surface</c>).</summary>
public enum SurfaceKind
{
    /// <summary><c>weierstrass_1d</c>: f(θ) = Σ_{k ≤ terms} sin(k²θ)/k², wrinkled at every scale.</summary>
    Weierstrass1D,

    /// <summary><c>many_minima_2d</c>: f(θ) = −Σᵢ exp(−‖θ − mᵢ‖²/0.02) + ‖θ‖², minima mᵢ uniform in [−3, 3]².</summary>
    ManyMinima2D,
}

/// <summary>A loss surface over a parameter vector θ, evaluated in double precision with torch so that the
/// optimisers run the same code path as on a network.</summary>
public abstract class LandscapeSurface : IDisposable
{
    /// <summary>Length of θ.</summary>
    public abstract int Dimension { get; }

    /// <summary>The surface's fixed tensor (k² of the terms, or the minima), on the device θ must be on.</summary>
    public abstract Tensor Constants { get; }

    /// <summary>f(θ) as a scalar with its graph; θ is a float64 vector of length <see cref="Dimension"/>.</summary>
    public Tensor Loss(Tensor theta)
    {
        // A wrong length would broadcast silently (or abort inside libtorch); check it here.
        if (theta.ndim != 1 || theta.shape[0] != Dimension)
            throw new ArgumentException($"θ must have shape [{Dimension}], got [{string.Join(", ", theta.shape)}]", nameof(theta));
        return Evaluate(theta);
    }

    /// <inheritdoc />
    public abstract void Dispose();

    /// <summary>f(θ) for a θ of the right shape.</summary>
    protected abstract Tensor Evaluate(Tensor theta);

    /// <summary>The surface <paramref name="options"/> name on <paramref name="device"/> (default the CPU); random parts
    /// are drawn on the CPU from <paramref name="seed"/>, so every device gets the same surface.</summary>
    public static LandscapeSurface Create(LandscapeOptions options, long seed, Device? device = null)
    {
        if (options.Surface == SurfaceKind.Weierstrass1D) return new WeierstrassSurface(options.Terms, device);
        using var minima = ManyMinimaSurface.DrawMinima(options.Minima, SplitMix64.Derive(seed, LandscapeKind.MinimaStream));
        using var placed = minima.to(device ?? torch.CPU);
        return new ManyMinimaSurface(placed);
    }
}
