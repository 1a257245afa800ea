namespace Goldstone.Schema;

public static partial class KindCatalog
{
    /// <summary>WORKLOADS.md D: an optimiser (rolling_ball by default) on the 1-D Weierstrass-like or the 2-D
    /// many-minima validation surface. Flatness: flatness_rise@r is the mean of f(θ + δ) − f(θ) over a fixed,
    /// uniform set of δ in the ball of radius r around the end point (1-D: 1000 midpoints of [−r, r]; 2-D: 32
    /// equal-area rings × 64 angles of the disc); curvature_tail the mean Hessian eigenvalue (f″ in 1-D, trace/2 in
    /// 2-D) over the points of the last curvature_tail_steps steps; curvature_end the end point's f″ or top
    /// eigenvalue.</summary>
    public static readonly KindDefinition Landscape = new(
        "landscape",
        [
            new("surface", ParamKind.Choice, Choices: ["weierstrass_1d", "many_minima_2d"]),
            new("steps", ParamKind.Integer, Min: 1, Max: 10_000_000),
            new("start_x", ParamKind.Real),
            new("start_y", ParamKind.Real),
            new("start_spread", ParamKind.Real, Min: 0),
            new("terms", ParamKind.Integer, Min: 1, Max: 10_000),
            new("minima", ParamKind.Integer, Min: 1, Max: 100_000),
            new("divergence_bound", ParamKind.Real, Min: 0, MinExclusive: true),
            new("curvature_tail_steps", ParamKind.Integer, Min: 1, Max: 10_000_000),
            .. OptimizerParams,
        ],
        Metrics: ["final_loss", "curvature_tail", "curvature_end", "diverged", "distance"],
        ParametricMetrics: ["flatness_rise"],
        DefaultMetrics: ["final_loss", "curvature_tail", "diverged", "distance"]);
}
