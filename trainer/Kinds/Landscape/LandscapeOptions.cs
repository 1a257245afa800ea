using Goldstone.Schema;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>
/// The parameters of a <c>landscape</c> trial; every one is optional. Parameters that do not apply to the chosen
/// surface (<c>start_y</c> and <c>minima</c> on weierstrass_1d, <c>terms</c> on many_minima_2d) are accepted and
/// ignored, for the same reason as in <see cref="OptimizerOptions"/>: a grid over <c>surface</c> hands them to both.
/// </summary>
/// <remarks>Ranges, choices and defaults are the catalog's (<see cref="KindCatalog.Landscape"/>); the initialisers read
/// the defaults from it and <see cref="Parse"/> the bounds.</remarks>
public sealed record LandscapeOptions
{
    private static readonly KindDefinition Kind = KindCatalog.Landscape;

    /// <summary>The optimiser defaults of this kind: the paper's 1-D settings (rolling_ball, η = 1e-3, ρ = 0.1,
    /// K = 20, γ = 0.05).</summary>
    public static readonly OptimizerOptions OptimizerDefaults = OptimizerOptions.DefaultsOf(Kind);

    /// <summary>Largest <c>steps</c>.</summary>
    public const int MaxSteps = KindCatalog.MaxLandscapeSteps;

    /// <summary>The surface (<c>surface</c>).</summary>
    public SurfaceKind Surface { get; init; } = ParseSurface(Kind["surface"].DefaultText);

    /// <summary>Optimiser steps over the whole trial, split evenly over the epochs (<c>steps</c>).</summary>
    public int Steps { get; init; } = Kind["steps"].DefaultInteger;

    /// <summary>θ₀, first coordinate (<c>start_x</c>); when absent, <see cref="LandscapeKind.Start"/> chooses it by
    /// surface.</summary>
    public double? StartX { get; init; }

    /// <summary>θ₀, second coordinate on many_minima_2d (<c>start_y</c>).</summary>
    public double? StartY { get; init; }

    /// <summary>Half-width of a seeded jitter added to θ₀ (<c>start_spread</c>): every coordinate
    /// moves by start_spread·U(−1, 1) drawn from the trial seed. On weierstrass_1d, whose θ₀ is otherwise fixed, this
    /// is what makes seeds differ.</summary>
    public double StartSpread { get; init; } = Kind["start_spread"].DefaultNumber;

    /// <summary>Terms of the weierstrass_1d sum (<c>terms</c>).</summary>
    public int Terms { get; init; } = Kind["terms"].DefaultInteger;

    /// <summary>Wells of many_minima_2d (<c>minima</c>), drawn with the trial seed.</summary>
    public int Minima { get; init; } = Kind["minima"].DefaultInteger;

    /// <summary>The run counts as diverged once some |θᵢ| exceeds this (<c>divergence_bound</c>).</summary>
    public double DivergenceBound { get; init; } = Kind["divergence_bound"].DefaultNumber;

    /// <summary>The last steps whose curvature <c>curvature_tail</c> averages (<c>curvature_tail_steps</c>); all steps
    /// when it exceeds <c>steps</c>.</summary>
    public int CurvatureTailSteps { get; init; } = DefaultCurvatureTailSteps;

    /// <summary>Default <c>curvature_tail_steps</c>: the last tenth of the paper's 2000 steps.</summary>
    public static readonly int DefaultCurvatureTailSteps = Kind["curvature_tail_steps"].DefaultInteger;

    /// <summary>The optimiser and its settings (see <see cref="OptimizerOptions"/>; defaults <see
    /// cref="OptimizerDefaults"/>).</summary>
    public OptimizerOptions Optimizer { get; init; } = OptimizerDefaults;

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped or out of range.</exception>
    public static LandscapeOptions Parse(TrialParameters p)
    {
        var options = new LandscapeOptions
        {
            Surface = ParseSurface(p.Choice(Kind["surface"])),
            Steps = p.Int(Kind["steps"]),
            StartX = p.OptionalDouble(Kind["start_x"]),
            StartY = p.OptionalDouble(Kind["start_y"]),
            StartSpread = p.Double(Kind["start_spread"]),
            Terms = p.Int(Kind["terms"]),
            Minima = p.Int(Kind["minima"]),
            DivergenceBound = p.Double(Kind["divergence_bound"]),
            CurvatureTailSteps = p.Int(Kind["curvature_tail_steps"]),
            Optimizer = OptimizerOptions.Parse(p, Kind),
        };
        p.RejectUnknown();
        return options;
    }

    private static SurfaceKind ParseSurface(string name) => name == "many_minima_2d" ? SurfaceKind.ManyMinima2D : SurfaceKind.Weierstrass1D;
}
