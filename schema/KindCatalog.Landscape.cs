namespace Goldstone.Schema;

public static partial class KindCatalog
{
    /// <summary>Largest landscape <c>steps</c> and <c>curvature_tail_steps</c>.</summary>
    public const int MaxLandscapeSteps = 10_000_000;

    /// <summary>WORKLOADS.md D: an optimiser (rolling_ball by default) on the 1-D Weierstrass-like or the 2-D
    /// many-minima validation surface. Flatness: flatness_rise@r is the mean of f(θ + δ) − f(θ) over a fixed,
    /// uniform set of δ in the ball of radius r around the end point (1-D: 1000 midpoints of [−r, r]; 2-D: 32
    /// equal-area rings × 64 angles of the disc); curvature_tail the mean Hessian eigenvalue (f″ in 1-D, trace/2 in
    /// 2-D) over the points of the last curvature_tail_steps steps; curvature_end the end point's f″ or top
    /// eigenvalue.</summary>
    public static readonly KindDefinition Landscape = new(
        "landscape",
        [
            new("surface", ParamKind.Choice, Choices: ["weierstrass_1d", "many_minima_2d"], Default: "weierstrass_1d", Help: "the surface"),
            new("steps", ParamKind.Integer, Min: 1, Max: MaxLandscapeSteps, Default: 2000,
                Help: "optimiser steps over the whole trial, split evenly over the epochs"),
            new("start_x", ParamKind.Real, DefaultNote: "2 on weierstrass_1d; drawn from [−2, 2] with the trial seed on many_minima_2d",
                Help: "θ₀, first coordinate"),
            new("start_y", ParamKind.Real, DefaultNote: "drawn like start_x", Help: "θ₀, second coordinate on many_minima_2d"),
            new("start_spread", ParamKind.Real, Min: 0, Default: 0.0,
                Help: "half-width of a seeded jitter added to θ₀ (what makes seeds differ on weierstrass_1d)"),
            new("terms", ParamKind.Integer, Min: 1, Max: 10_000, Default: 100, Help: "terms of the weierstrass_1d sum"),
            new("minima", ParamKind.Integer, Min: 1, Max: 100_000, Default: 1000, Help: "wells of many_minima_2d, drawn with the trial seed"),
            new("divergence_bound", ParamKind.Real, Min: 0, MinExclusive: true, Default: 1000.0,
                Help: "the run counts as diverged once some |θᵢ| exceeds this"),
            new("curvature_tail_steps", ParamKind.Integer, Min: 1, Max: MaxLandscapeSteps, Default: 200,
                Help: "the last steps whose curvature curvature_tail averages (all when more than steps)"),
            .. OptimizerParamsWith(new() { Optimizer = "rolling_ball" }),
        ],
        Metrics: ["final_loss", "curvature_tail", "curvature_end", "diverged", "distance"],
        ParametricMetrics: ["flatness_rise"],
        DefaultMetrics: ["final_loss", "curvature_tail", "diverged", "distance"])
    {
        EpochMetrics = ["loss", "distance"],
    };
}
