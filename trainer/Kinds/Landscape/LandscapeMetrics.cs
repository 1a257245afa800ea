using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>
/// The metrics of a <c>landscape</c> trial. The plain ones are cheap and always reported; <c>flatness_rise@r</c> is
/// reported for each radius r the request names.
/// </summary>
public sealed class LandscapeMetrics : MetricSelection
{
    /// <summary>f(θ) at the end point.</summary>
    public const string FinalLoss = "final_loss";

    /// <summary>The mean Hessian eigenvalue (f″ on 1-D surfaces, trace/2 on 2-D ones) over the points reached by the
    /// last <c>curvature_tail_steps</c> steps, the end point included: unlike <see cref="CurvatureEnd"/> it does
    /// not hinge on the one wrinkle the run stopped in.</summary>
    public const string CurvatureTail = "curvature_tail";

    /// <summary>f″(θ) on 1-D surfaces, the top eigenvalue of the 2×2 Hessian on 2-D ones, at the end point only.</summary>
    public const string CurvatureEnd = "curvature_end";

    /// <summary>1 if the loss or θ became non-finite or some |θᵢ| exceeded divergence_bound, else 0.</summary>
    public const string Diverged = "diverged";

    /// <summary>‖θ_end − θ₀‖₂.</summary>
    public const string Distance = "distance";

    /// <summary><c>flatness_rise@r</c>: the mean loss rise f(θ + δ) − f(θ) around the end point θ over the fixed
    /// neighbourhood points of <see cref="LandscapeFlatness.Offsets"/> (uniform on the ball of radius r).</summary>
    public static readonly ParametricMetric FlatnessRise = new("flatness_rise@", "a neighbourhood radius r > 0", "flatness_rise@0.1", value => value > 0);

    /// <summary>Metrics reported whether asked for or not, in the order a catalog lists them.</summary>
    public static readonly IReadOnlyList<string> AlwaysReported = [FinalLoss, CurvatureTail, CurvatureEnd, Diverged, Distance];

    /// <summary>Metrics with a number after @.</summary>
    public static readonly IReadOnlyList<ParametricMetric> Parametric = [FlatnessRise];

    private static readonly MetricNames Names = new("landscape", AlwaysReported, [], Parametric);

    private LandscapeMetrics(IEnumerable<string> names) : base(Names, names) { }

    /// <summary>The requested radii of <c>flatness_rise@r</c>: the name to report under and r.</summary>
    public IEnumerable<(string Name, double Radius)> FlatnessRadii => Instances(FlatnessRise);

    /// <summary>Reads the names a request asks for.</summary>
    /// <exception cref="TrialRequestException">A name is not a metric of this kind, or the radius after @ is malformed
    /// or not above 0.</exception>
    public static LandscapeMetrics Parse(IEnumerable<string> names) => new(names);
}
