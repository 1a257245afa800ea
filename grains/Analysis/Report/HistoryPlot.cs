using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// Optimisation history: the table's first metric of each succeeded trial in trial order (the order a searcher
/// suggested them), and the best value so far when the metric has a direction.
/// </summary>
internal static class HistoryPlot
{
    /// <summary>Most points drawn; beyond it every k-th trial is drawn, while the best-so-far line sees them all.</summary>
    public const int MaxPoints = 2000;

    /// <summary>The SVG, or null when no succeeded trial has a finite value of the table's first metric.</summary>
    public static string? Render(CampaignTable table, IReadOnlyList<TrialOutcome> ordered)
    {
        if (table.Metrics.Count == 0) return null;
        var metric = table.Metrics[0];
        var trials = ordered
            .Where(o => o.Status == TrialStatus.Succeeded && o.Metrics.TryGetValue(metric.Name, out var v) && double.IsFinite(v))
            .Select(o => (o.Index, Value: o.Metrics[metric.Name], o.Setting, o.Seed))
            .ToList();
        if (trials.Count == 0) return null;

        var best = BestSoFar(trials.Select(t => (t.Index, t.Value)).ToList(), metric.Direction);
        var stride = (trials.Count + MaxPoints - 1) / MaxPoints;
        var frame = best.Count > 0 ? PlotFrame.Default.WithLegend(1) : PlotFrame.Default;
        var x = new LinearScale(trials.Select(t => (double)t.Index), frame.Left + 12, frame.Right - 12, integer: true);
        var y = new LinearScale(trials.Select(t => t.Value), frame.Bottom, frame.Top);
        var xLabel = stride == 1 ? "trial (in the order created)" : $"trial (in the order created; every {stride}th drawn)";
        var plot = new SvgPlot($"Optimisation history: {metric.Name}", frame, x, y, xLabel, $"{metric.Name}{ParameterPlots.Direction(metric.Direction)}");
        for (var i = 0; i < trials.Count; i += stride)
        {
            var (index, value, setting, seed) = trials[i];
            plot.Point(index, value, $"#{index} {setting} seed {seed}: {metric.Name}={TableRenderer.Number(value)}");
        }
        if (best.Count > 0) plot.Line(best, series: 1, legend: "best so far", extraClass: "best-line");
        return plot.ToSvg();
    }

    /// <summary>
    /// The best value so far as a step line: a point where it changes and one at the last trial. Empty for a metric
    /// without a direction.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> BestSoFar(IReadOnlyList<(int Index, double Value)> trials, MetricDirection direction)
    {
        if (direction == MetricDirection.None || trials.Count == 0) return [];
        var line = new List<(double X, double Y)>();
        var best = trials[0].Value;
        line.Add((trials[0].Index, best));
        foreach (var (index, value) in trials.Skip(1))
        {
            if (direction == MetricDirection.Higher ? value <= best : value >= best) continue;
            line.Add((index, best));
            best = value;
            line.Add((index, best));
        }
        if (line[^1].X != trials[^1].Index) line.Add((trials[^1].Index, best));
        return line;
    }
}
