using System.Globalization;
using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// Which rungs stopped which trials: trials that ran (succeeded or stopped) as lines of the stopping metric per
/// epoch, coloured by where they ended (ran to the end, or stopped at rung r, epoch e; the median rule stops at an
/// epoch without rungs), with a mark and the decision's reason where each stopped. The counts cover every trial; the
/// lines, those whose curves the report fetched (<see cref="ReportCurves"/>), at most <see cref="MaxTrials"/> per group.
/// </summary>
internal static class StoppingPlot
{
    /// <summary>Most trials drawn per group (and stopped trials whose curves a report fetches); beyond it every k-th.</summary>
    public const int MaxTrials = 300;

    /// <summary>Where one group of trials ended, and its trials in index order.</summary>
    public sealed record Group(string Label, IReadOnlyList<TrialOutcome> Trials);

    /// <summary>The trials that ran, grouped by where they ended: first those that ran to the end, then the stops in epoch order.</summary>
    public static IReadOnlyList<Group> Groups(IEnumerable<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues)
    {
        var ran = outcomes
            .Where(o => o.Status is TrialStatus.Succeeded or TrialStatus.Stopped && fixedValues.All(o.Params.Contains))
            .OrderBy(o => o.Index)
            .ToList();
        var groups = new List<Group>();
        var finished = ran.Where(o => o.Status == TrialStatus.Succeeded).ToList();
        if (finished.Count > 0) groups.Add(new Group($"ran to the end ({finished.Count})", finished));
        foreach (var stop in ran.Where(o => o.Status == TrialStatus.Stopped).GroupBy(o => (o.StoppedEpoch, o.StoppedRung)).OrderBy(g => g.Key.StoppedEpoch))
        {
            var (epoch, rung) = stop.Key;
            var where = rung is { } r ? $"rung {r} (epoch {Describe(epoch)})" : $"epoch {Describe(epoch)}";
            groups.Add(new Group($"stopped at {where} ({stop.Count()})", stop.ToList()));
        }
        return groups;
    }

    /// <summary>The SVG, or null when no trial that ran has per-epoch values of the stopping metric.</summary>
    public static string? Render(StoppingConfig stopping, IEnumerable<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues)
    {
        var groups = Groups(outcomes, fixedValues);
        var curves = groups.Select(g =>
        {
            var withCurves = g.Trials.Select(t => (Trial: t, Points: Curve(t, stopping.Metric))).Where(c => c.Points.Count > 0).ToList();
            var stride = Math.Max(1, (withCurves.Count + MaxTrials - 1) / MaxTrials);
            return withCurves.Where((_, i) => i % stride == 0).ToList();
        }).ToList();
        var all = curves.SelectMany(c => c).SelectMany(c => c.Points).ToList();
        if (all.Count == 0) return null;

        var drawn = curves.Sum(c => c.Count);
        var total = groups.Sum(g => g.Trials.Count);
        var frame = PlotFrame.Default.WithLegend(groups.Count);
        var x = new LinearScale(all.Select(p => p.X), frame.Left, frame.Right, integer: true);
        var y = new LinearScale(all.Select(p => p.Y), frame.Bottom, frame.Top);
        var direction = ParameterPlots.Direction(stopping.Maximize ? MetricDirection.Higher : MetricDirection.Lower);
        var xLabel = drawn == total ? "epoch" : $"epoch ({drawn} of {total} trials drawn)";
        var plot = new SvgPlot($"Early stopping ({stopping.Algorithm}): {stopping.Metric} per trial", frame, x, y, xLabel, $"{stopping.Metric}{direction}");
        for (var series = 0; series < groups.Count; series++)
        {
            string? legend = groups[series].Label;
            foreach (var (trial, points) in curves[series])
            {
                plot.Line(points, series, legend, extraClass: trial.Status == TrialStatus.Stopped ? "stopped-trial" : "finished-trial");
                legend = null;
                if (trial.Status != TrialStatus.Stopped) continue;
                var (atX, atY) = points[^1];
                plot.Point(atX, atY, $"#{trial.Index} {trial.Setting} seed {trial.Seed}: {trial.Reason}", series, extraClass: "stop");
            }
        }
        return plot.ToSvg();
    }

    /// <summary>A trial's finite values of <paramref name="metric"/> by epoch, its last attempt's report where several reported one epoch.</summary>
    private static List<(double X, double Y)> Curve(TrialOutcome trial, string metric) =>
        trial.Epochs
            .Where(e => e.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
            .GroupBy(e => e.Epoch)
            .OrderBy(g => g.Key)
            .Select(g => ((double)g.Key, g.MaxBy(e => e.Attempt)!.Metrics[metric]))
            .ToList();

    private static string Describe(int? epoch) => epoch?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
