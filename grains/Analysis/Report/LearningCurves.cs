using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// Learning curves from the per-epoch reports of succeeded trials: for each per-epoch metric one plot, one line per
/// setting, the mean over that setting's seeds at each epoch that reports it (NaN values left out; an epoch whose
/// reports have only NaN breaks the line).
/// </summary>
internal static class LearningCurves
{
    /// <summary>One mean curve: a setting and its (epoch, mean) points in epoch order.</summary>
    public sealed record Curve(string Setting, IReadOnlyList<(int Epoch, double Mean)> Points);

    /// <summary>Mean curves per per-epoch metric (ordinal order), settings in trial order.</summary>
    public static IReadOnlyList<(string Metric, IReadOnlyList<Curve> Curves)> Compute(IEnumerable<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues)
    {
        var succeeded = outcomes
            .Where(o => o.Status == TrialStatus.Succeeded && o.Epochs.Count > 0 && fixedValues.All(o.Params.Contains))
            .OrderBy(o => o.Index)
            .ToList();
        var metrics = succeeded.SelectMany(o => o.Epochs).SelectMany(e => e.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var settings = succeeded.GroupBy(o => o.Setting, StringComparer.Ordinal).ToList();
        var result = new List<(string, IReadOnlyList<Curve>)>();
        foreach (var metric in metrics)
        {
            var curves = new List<Curve>();
            foreach (var setting in settings)
            {
                // Epochs that report the metric at all: one measured every few epochs (a Hessian every_epochs) is a
                // line through its measurements, not dots broken by the epochs between them.
                var points = setting.SelectMany(o => o.Epochs)
                    .Where(e => e.Metrics.ContainsKey(metric))
                    .GroupBy(e => e.Epoch)
                    .OrderBy(g => g.Key)
                    .Select(g => (Epoch: g.Key, Mean: MeanOfFinite(g.Select(e => e.Metrics.GetValueOrDefault(metric, double.NaN)))))
                    .ToList();
                if (points.Any(p => !double.IsNaN(p.Mean))) curves.Add(new Curve(setting.Key, points));
            }
            if (curves.Count > 0) result.Add((metric, curves));
        }
        return result;
    }

    /// <summary>One SVG per per-epoch metric.</summary>
    public static IReadOnlyList<string> Render(IEnumerable<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues)
    {
        var svgs = new List<string>();
        foreach (var (metric, curves) in Compute(outcomes, fixedValues))
        {
            var frame = PlotFrame.Default.WithLegend(curves.Count);
            var x = new LinearScale(curves.SelectMany(c => c.Points).Select(p => (double)p.Epoch), frame.Left, frame.Right, integer: true);
            var y = new LinearScale(curves.SelectMany(c => c.Points).Select(p => p.Mean), frame.Bottom, frame.Top);
            var direction = ParameterPlots.Direction(MetricDirections.Of(metric));
            var plot = new SvgPlot($"learning curves: {metric}", frame, x, y, "epoch", $"{metric}{direction}, mean over seeds");
            for (var series = 0; series < curves.Count; series++)
            {
                var points = curves[series].Points;
                plot.Line(points.Select(p => ((double)p.Epoch, p.Mean)), series, legend: curves[series].Setting);
                // A line through one point draws nothing; mark it.
                if (points.Count(p => !double.IsNaN(p.Mean)) == 1)
                {
                    var (epoch, mean) = points.First(p => !double.IsNaN(p.Mean));
                    plot.Point(epoch, mean, $"{curves[series].Setting}, epoch {epoch}: {TableRenderer.Number(mean)}", series);
                }
            }
            svgs.Add(plot.ToSvg());
        }
        return svgs;
    }

    /// <summary>The mean of the values that are not NaN; NaN when there are none.</summary>
    internal static double MeanOfFinite(IEnumerable<double> values)
    {
        var (sum, count) = (0.0, 0);
        foreach (var value in values.Where(v => !double.IsNaN(v)))
            (sum, count) = (sum + value, count + 1);
        return count == 0 ? double.NaN : sum / count;
    }
}
