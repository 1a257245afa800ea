using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>The grids of the loss-slice metrics.</summary>
/// <param name="Span">Half-width of the grid in filter-normalised units (<c>slice_span</c>, default 1, &gt; 0 to 10).</param>
/// <param name="LinePoints">Points of <c>loss_slice</c> (<c>slice_points</c>, default 21, 3 to 101).</param>
/// <param name="PlanePoints">Points per axis of <c>loss_plane</c> (<c>plane_points</c>, default 11, 3 to 31: at most 961 values).</param>
public sealed record SliceOptions(double Span = LossSlices.DefaultSpan, int LinePoints = 21, int PlanePoints = 11)
{
    /// <summary>Reads <c>slice_span</c>, <c>slice_points</c> and <c>plane_points</c>.</summary>
    /// <exception cref="TrialRequestException">A value is mistyped or out of range.</exception>
    public static SliceOptions Parse(TrialParameters p)
    {
        var d = new SliceOptions();
        var options = new SliceOptions(
            p.Double("slice_span", d.Span, min: 0, max: 10),
            p.Int("slice_points", d.LinePoints, min: 3, max: 101),
            p.Int("plane_points", d.PlanePoints, min: 3, max: 31));
        if (options.Span == 0) throw new TrialRequestException("params.slice_span: must be greater than 0");
        return options;
    }
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
