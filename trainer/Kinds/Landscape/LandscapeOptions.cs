using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>
/// The parameters of a <c>landscape</c> trial; every one is optional. Parameters that do not apply to the chosen
/// surface (<c>start_y</c> and <c>minima</c> on weierstrass_1d, <c>terms</c> on many_minima_2d) are accepted and
/// ignored, for the same reason as in <see cref="OptimizerOptions"/>: a grid over <c>surface</c> hands them to both.
/// </summary>
public sealed record LandscapeOptions
{
    /// <summary>The optimiser defaults of this kind: the paper's 1-D settings (rolling_ball, η = 1e-3, ρ = 0.1,
    /// K = 20, γ = 0.05).</summary>
    public static readonly OptimizerOptions OptimizerDefaults = new()
    {
        Optimizer = OptimizerKind.RollingBall, LearningRate = 1e-3, Radius = 0.1, InnerSteps = 20, InnerLearningRate = 0.05,
    };

    /// <summary>Largest <c>steps</c>.</summary>
    public const int MaxSteps = 10_000_000;

    /// <summary>The surface (<c>surface</c>: weierstrass_1d or many_minima_2d; default weierstrass_1d).</summary>
    public SurfaceKind Surface { get; init; } = SurfaceKind.Weierstrass1D;

    /// <summary>Optimiser steps over the whole trial, split evenly over the epochs (<c>steps</c>, default 2000, 1 to
    /// <see cref="MaxSteps"/>).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>θ₀, first coordinate (<c>start_x</c>; default 2 on weierstrass_1d, drawn uniformly from [−2, 2] with
    /// the trial seed on many_minima_2d).</summary>
    public double? StartX { get; init; }

    /// <summary>θ₀, second coordinate on many_minima_2d (<c>start_y</c>; default drawn like start_x).</summary>
    public double? StartY { get; init; }

    /// <summary>Half-width of a seeded jitter added to θ₀ (<c>start_spread</c>, default 0, ≥ 0): every coordinate
    /// moves by start_spread·U(−1, 1) drawn from the trial seed. On weierstrass_1d, whose θ₀ is otherwise fixed, this
    /// is what makes seeds differ.</summary>
    public double StartSpread { get; init; }

    /// <summary>Terms of the weierstrass_1d sum (<c>terms</c>, default 100, 1 to 10000).</summary>
    public int Terms { get; init; } = 100;

    /// <summary>Wells of many_minima_2d (<c>minima</c>, default 1000, 1 to 100000), drawn with the trial seed.</summary>
    public int Minima { get; init; } = 1000;

    /// <summary>The run counts as diverged once some |θᵢ| exceeds this (<c>divergence_bound</c>, default 1000, &gt; 0).</summary>
    public double DivergenceBound { get; init; } = 1000;

    /// <summary>The last steps whose curvature <c>curvature_tail</c> averages (<c>curvature_tail_steps</c>, default
    /// <see cref="DefaultCurvatureTailSteps"/>, 1 to <see cref="MaxSteps"/>); all steps when it exceeds <c>steps</c>.</summary>
    public int CurvatureTailSteps { get; init; } = DefaultCurvatureTailSteps;

    /// <summary>Default <c>curvature_tail_steps</c>: the last tenth of the paper's 2000 steps.</summary>
    public const int DefaultCurvatureTailSteps = 200;

    /// <summary>The optimiser and its settings (see <see cref="OptimizerOptions"/>; defaults <see cref="OptimizerDefaults"/>).</summary>
    public OptimizerOptions Optimizer { get; init; } = OptimizerDefaults;

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped or out of range.</exception>
    public static LandscapeOptions Parse(TrialParameters p)
    {
        var defaults = new LandscapeOptions();
        var options = new LandscapeOptions
        {
            Surface = p.String("surface", "weierstrass_1d", "weierstrass_1d", "many_minima_2d") == "many_minima_2d"
                ? SurfaceKind.ManyMinima2D : SurfaceKind.Weierstrass1D,
            Steps = p.Int("steps", defaults.Steps, min: 1, max: MaxSteps),
            StartX = Optional(p, "start_x"),
            StartY = Optional(p, "start_y"),
            StartSpread = p.Double("start_spread", defaults.StartSpread, min: 0),
            Terms = p.Int("terms", defaults.Terms, min: 1, max: 10_000),
            Minima = p.Int("minima", defaults.Minima, min: 1, max: 100_000),
            DivergenceBound = p.Double("divergence_bound", defaults.DivergenceBound, min: 0),
            CurvatureTailSteps = p.Int("curvature_tail_steps", defaults.CurvatureTailSteps, min: 1, max: MaxSteps),
            Optimizer = OptimizerOptions.Parse(p, OptimizerDefaults),
        };
        p.RejectUnknown();
        if (!double.IsFinite(options.StartSpread))
            throw new TrialRequestException("params.start_spread: must be finite (allowed: a finite number >= 0)");
        if (!(options.DivergenceBound > 0 && double.IsFinite(options.DivergenceBound)))
            throw new TrialRequestException("params.divergence_bound: must be greater than 0 and finite (allowed: a finite number > 0)");
        return options;
    }

    // Absent reads as NaN: TrialParameters rejects a NaN that is written, so NaN can only mean "not given".
    private static double? Optional(TrialParameters p, string name)
    {
        var value = p.Double(name, double.NaN);
        if (double.IsNaN(value)) return null;
        return double.IsFinite(value) ? value : throw new TrialRequestException($"params.{name}: must be finite (allowed: a finite number)");
    }
}
