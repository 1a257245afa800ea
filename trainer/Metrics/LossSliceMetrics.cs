using Goldstone.Schema;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>The grids of the loss-slice metrics; bounds and defaults are the catalog's (<c>slice_span</c>,
/// <c>slice_points</c>, <c>plane_points</c> in <see cref="KindCatalog.SoftSymmetry"/>).</summary>
/// <param name="Span">Half-width of the grid in filter-normalised units (<c>slice_span</c>).</param>
/// <param name="LinePoints">Points of <c>loss_slice</c> (<c>slice_points</c>).</param>
/// <param name="PlanePoints">Points per axis of <c>loss_plane</c> (<c>plane_points</c>: at most 31, so 961 values).</param>
public sealed record SliceOptions(double Span, int LinePoints, int PlanePoints)
{
    /// <summary>The grids when a request gives none of the three.</summary>
    public static SliceOptions Defaults(KindDefinition kind) =>
        new(kind["slice_span"].DefaultNumber, kind["slice_points"].DefaultInteger, kind["plane_points"].DefaultInteger);

    /// <summary>Reads <c>slice_span</c>, <c>slice_points</c> and <c>plane_points</c> against <paramref name="kind"/>'s entries.</summary>
    /// <exception cref="TrialRequestException">A value is mistyped or out of range.</exception>
    public static SliceOptions Parse(TrialParameters p, KindDefinition kind) =>
        new(p.Double(kind["slice_span"]), p.Int(kind["slice_points"]), p.Int(kind["plane_points"]));
}

/// <summary>
/// The toolbox's landscape metrics: <c>loss_slice</c> (the mean rise of the loss over a line through the trained weights
/// along a filter-normalised random direction), <c>loss_plane</c> (the same over a plane of two such directions), each
/// also reported as a profile of the same name for the report's plots; and <c>lmc_barrier</c> (the loss barrier on the
/// straight path to a second network of the same setting, its path the profile <c>lmc_path</c>).
/// </summary>
public static class LossSliceMetrics
{
    /// <summary>Mean loss rise over the 1-D slice; profile of the same name.</summary>
    public const string LossSlice = "loss_slice";

    /// <summary>Mean loss rise over the 2-D slice; profile of the same name.</summary>
    public const string LossPlane = "loss_plane";

    /// <summary>Loss barrier between the trial's network and a second one trained from another initialisation.</summary>
    public const string LmcBarrier = "lmc_barrier";

    /// <summary>The profile of the loss along the path of <see cref="LmcBarrier"/>.</summary>
    public const string LmcPath = "lmc_path";

    /// <summary>
    /// Measures the requested slices of <paramref name="loss"/> around the current parameters, adds their mean rise to
    /// <paramref name="result"/> and reports each as a profile. The directions come from <paramref name="generator"/>
    /// (first the line's, then the plane's two), so the same seed gives the same slices.
    /// </summary>
    public static void Measure(Func<Tensor> loss, IReadOnlyList<Tensor> parameters, SliceOptions options, Generator generator,
        bool line, bool plane, ITrialReporter reporter, IDictionary<string, double> result)
    {
        if (!line && !plane) return;
        using var scope = torch.NewDisposeScope();
        var centre = LossSlices.Evaluate(loss);
        var first = LossSlices.FilterNormalisedDirection(parameters, generator);
        if (line)
        {
            var steps = LossSlices.Grid(options.Span, options.LinePoints);
            var values = LossSlices.Line(loss, parameters, first, steps);
            result[LossSlice] = LossSlices.MeanRise(values, centre);
            reporter.Profile(LossSlice, steps, [], values);
        }
        if (plane)
        {
            var second = LossSlices.FilterNormalisedDirection(parameters, generator);
            var axis = LossSlices.Grid(options.Span, options.PlanePoints);
            var values = LossSlices.Plane(loss, parameters, first, second, axis, axis);
            result[LossPlane] = LossSlices.MeanRise(values, centre);
            reporter.Profile(LossPlane, axis, axis, values);
        }
    }

    /// <summary>Adds <see cref="LmcBarrier"/> and reports the path as <see cref="LmcPath"/>.</summary>
    public static void Connect(Func<Tensor> loss, IReadOnlyList<Tensor> first, IReadOnlyList<Tensor> second, int points,
        ITrialReporter reporter, IDictionary<string, double> result)
    {
        var path = ModeConnectivity.Path(loss, first, second, points);
        result[LmcBarrier] = path.Barrier;
        reporter.Profile(LmcPath, path.Steps, [], path.Losses);
    }
}
