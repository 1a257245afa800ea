namespace Goldstone.Grains.Specs;

public static partial class KindCatalog
{
    /// <summary>WORKLOADS.md D: an optimiser (rolling_ball by default) on the 1-D Weierstrass-like or the 2-D
    /// many-minima validation surface.</summary>
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
            .. OptimizerParams,
        ],
        Metrics: ["final_loss", "curvature", "diverged", "distance"],
        ParametricMetrics: [],
        DefaultMetrics: ["final_loss", "curvature", "diverged", "distance"]);
}
