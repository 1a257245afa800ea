using System.Text;
using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// Parallel coordinates: one vertical axis per swept parameter (numbers on a linear or, where the spec log-scales
/// them, log axis; strings and booleans as evenly spaced categories) and a last one for the table's first metric; one
/// line per succeeded trial, coloured by that metric (viridis, light is better when the metric has a direction).
/// </summary>
internal static class ParallelCoordinates
{
    /// <summary>Most trials drawn; beyond it every k-th in trial order.</summary>
    public const int MaxLines = 2000;

    private const double Top = 56, Bottom = 290, Left = 70, Gap = 150, Height = 310;

    /// <summary>The SVG, or null when nothing is swept or no succeeded trial has a finite value of the first metric.</summary>
    public static string? Render(CampaignTable table, TableDefinition definition, IReadOnlyList<TrialOutcome> ordered, IReadOnlyList<ParamValue> fixedValues)
    {
        if (table.Metrics.Count == 0) return null;
        var metric = table.Metrics[0];
        var swept = definition.SweptParams.Where(name => fixedValues.All(f => f.Name != name)).ToList();
        if (swept.Count == 0) return null;
        var trials = ordered
            .Where(o => o.Status == TrialStatus.Succeeded && o.Metrics.TryGetValue(metric.Name, out var v) && double.IsFinite(v))
            .Where(o => fixedValues.All(f => o.Params.Contains(f)))
            .ToList();
        if (trials.Count == 0) return null;
        var stride = (trials.Count + MaxLines - 1) / MaxLines;
        var drawn = trials.Where((_, i) => i % stride == 0).ToList();

        var axes = swept.Select(name => Axis.Of(name, definition.Points.Select(p => p.FirstOrDefault(v => v.Name == name)).OfType<ParamValue>(),
                definition.LogScaledParams.Contains(name)))
            .Append(Axis.Numeric(metric.Name + Arrow(metric.Direction), trials.Select(t => t.Metrics[metric.Name]), logarithmic: false))
            .ToList();
        var values = trials.Select(t => t.Metrics[metric.Name]).ToList();
        var (low, high) = (values.Min(), values.Max());
        // Light is good: flip the ramp for a metric where lower is better.
        double Shade(double v) => metric.Direction == MetricDirection.Lower ? low + high - v : v;

        var width = Left * 2 + Gap * (axes.Count - 1);
        var title = $"Parallel coordinates: {metric.Name}" + (stride > 1 ? $" (every {stride}th trial)" : "");
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"plot parallel\" viewBox=\"0 0 {C(width)} {C(Height)}\" width=\"{C(width)}\" height=\"{C(Height)}\" role=\"img\">\n");
        svg.Append($"<title>{Markup.Escape(title)}</title>\n");
        svg.Append($"<text class=\"plot-title\" x=\"{C(width / 2)}\" y=\"20\" text-anchor=\"middle\">{Markup.Escape(title)}</text>\n");
        foreach (var trial in drawn)
        {
            var ys = axes.Select((axis, a) => a < swept.Count
                ? axis.Map(trial.Params.FirstOrDefault(p => p.Name == swept[a]))
                : axis.Map(trial.Metrics[metric.Name])).ToList();
            // A value its axis cannot show (≤ 0 on a log axis, a parameter the trial lacks) leaves the trial out.
            if (ys.Any(double.IsNaN)) continue;
            var path = new StringBuilder();
            for (var a = 0; a < axes.Count; a++) path.Append(a == 0 ? 'M' : 'L').Append(C(Left + a * Gap)).Append(',').Append(C(ys[a]));
            var colour = ProfilePlots.Colour(Shade(trial.Metrics[metric.Name]), low, high, logarithmic: false);
            var tooltip = $"#{trial.Index} {trial.Setting} seed {trial.Seed}: {metric.Name}={TableRenderer.Number(trial.Metrics[metric.Name])}";
            svg.Append($"<path class=\"line trial\" stroke=\"{colour}\" d=\"{path}\"><title>{Markup.Escape(tooltip)}</title></path>\n");
        }
        for (var a = 0; a < axes.Count; a++) axes[a].Append(svg, Left + a * Gap);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string C(double value) => Markup.Coordinate(value);

    /// <summary>A short mark of the metric's direction for an axis label that sits above its axis.</summary>
    private static string Arrow(MetricDirection direction) => direction switch
    {
        MetricDirection.Higher => " ↑ better",
        MetricDirection.Lower => " ↓ better",
        _ => "",
    };

    /// <summary>One vertical axis: maps a value to its height and draws itself.</summary>
    private sealed class Axis
    {
        private readonly string _label;
        private readonly AxisScale? _scale;
        private readonly IReadOnlyList<string> _categories = [];

        private Axis(string label, AxisScale? scale, IReadOnlyList<string> categories) => (_label, _scale, _categories) = (label, scale, categories);

        public static Axis Of(string name, IEnumerable<ParamValue> values, bool logarithmic)
        {
            var list = values.ToList();
            return list.All(v => v.Type == ParamType.Number)
                ? Numeric(name, list.Select(v => v.Number), logarithmic)
                : new Axis(name, null, list.Select(Text).Distinct().Order(StringComparer.Ordinal).ToList());
        }

        public static Axis Numeric(string label, IEnumerable<double> values, bool logarithmic)
        {
            var list = values.ToList();
            AxisScale scale = logarithmic && list.All(v => v >= 0) && list.Any(v => v > 0)
                ? new LogScale(list, Bottom, Top)
                : new LinearScale(list, Bottom, Top);
            return new Axis(label, scale, []);
        }

        public double Map(ParamValue? value) =>
            value is null ? double.NaN
            : _scale is not null ? Map(value.Number)
            : Bottom - (Bottom - Top) * (_categories.Count == 1 ? 0.5 : (double)IndexOf(Text(value)) / (_categories.Count - 1));

        public double Map(double value) => _scale!.CanShow(value) ? _scale.Map(value) : double.NaN;

        public void Append(StringBuilder svg, double x)
        {
            svg.Append("<g class=\"axis\">\n");
            svg.Append($"<line class=\"domain\" x1=\"{C(x)}\" y1=\"{C(Top)}\" x2=\"{C(x)}\" y2=\"{C(Bottom)}\"/>\n");
            var ticks = _scale is not null
                ? _scale.Ticks.Select(t => (At: _scale.Map(t.Value), t.Label))
                : _categories.Select(c => (At: Map(new ParamValue("", ParamType.Text, 0, c, false)), Label: c));
            foreach (var (at, label) in ticks)
                svg.Append($"<g class=\"tick\"><line x1=\"{C(x - 4)}\" y1=\"{C(at)}\" x2=\"{C(x)}\" y2=\"{C(at)}\"/><text x=\"{C(x - 7)}\" y=\"{C(at)}\" dy=\"0.32em\" text-anchor=\"end\">{Markup.Escape(label)}</text></g>\n");
            // Above the axis, short: the axes stand closer than a horizontal axis' label is long.
            var note = _scale is LogScale ? " (log)" : "";
            svg.Append($"<text class=\"axis-label\" x=\"{C(x)}\" y=\"{C(Top - 14)}\" text-anchor=\"middle\">{Markup.Escape(_label + note)}</text>\n");
            svg.Append("</g>\n");
        }

        private int IndexOf(string text) => _categories.ToList().IndexOf(text);

        private static string Text(ParamValue value) => value.Type switch
        {
            ParamType.Text => value.Text ?? "",
            ParamType.Boolean => value.Boolean ? "true" : "false",
            _ => Markup.Tick(value.Number),
        };
    }
}
