using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// Each metric of the table against each swept numeric parameter: the rows of the table grouped by that parameter
/// alone (the other parameters pooled), mean with its 95% interval per value, on a log axis where the parameter is
/// log-scaled.
/// </summary>
internal static class ParameterPlots
{
    /// <summary>The swept parameters whose every value is a number, in space order, minus those held fixed.</summary>
    public static IReadOnlyList<string> NumericSwept(TableDefinition definition, IReadOnlyList<ParamValue> fixedValues) =>
        definition.SweptParams
            .Where(name => fixedValues.All(f => f.Name != name))
            .Where(name => definition.Points.All(point => point.FirstOrDefault(v => v.Name == name) is { Type: ParamType.Number }))
            .ToList();

    /// <summary>One SVG per (parameter, metric) with at least one finite mean; a note for each left out.</summary>
    public static (IReadOnlyList<string> Svgs, IReadOnlyList<string> Skipped) Render(
        CampaignTable table, TableDefinition definition, IReadOnlyList<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues)
    {
        var svgs = new List<string>();
        var skipped = new List<string>();
        var metrics = table.Metrics.Select(m => m.Name).ToList();
        foreach (var parameter in NumericSwept(definition, fixedValues))
        {
            // Means and intervals only: no trend or log-scale test is drawn here.
            var query = new TableQuery([parameter], metrics, fixedValues, table.Interval, table.Test, null, null) { Trend = "", LogScale = [] };
            var byParameter = TableBuilder.Build(definition, outcomes, query);
            for (var c = 0; c < byParameter.Metrics.Count; c++)
            {
                var metric = byParameter.Metrics[c];
                var rows = byParameter.Rows.Where(r => r.Cells[c].N > 0).OrderBy(r => r.Params[0].Number).ToList();
                if (rows.Count == 0)
                {
                    skipped.Add($"{metric.Name} against {parameter}: no finite values yet");
                    continue;
                }
                svgs.Add(Plot(parameter, metric, c, rows, byParameter.Interval, definition.LogScaledParams.Contains(parameter)));
            }
        }
        return (svgs, skipped);
    }

    private static string Plot(string parameter, MetricColumn metric, int column, List<TableRow> rows, IntervalMethod interval, bool logScaled)
    {
        var frame = PlotFrame.Default;
        var xs = rows.Select(r => r.Params[0].Number).ToList();
        var ys = rows.SelectMany(r => new[] { r.Cells[column].Mean, r.Cells[column].Low, r.Cells[column].High }).ToList();
        AxisScale x = !logScaled ? new LinearScale(xs, frame.Left + 12, frame.Right - 12)
            : xs.Any(v => v < 0) || !xs.Any(v => v > 0) ? new LinearScale(xs, frame.Left + 12, frame.Right - 12, labelNote: " (linear: not all values > 0)")
            : new LogScale(xs, frame.Left + 12, frame.Right - 12);
        var y = new LinearScale(ys, frame.Bottom, frame.Top);
        var intervalName = interval == IntervalMethod.Bootstrap ? "95% bootstrap interval" : "95% CI";
        var plot = new SvgPlot($"{metric.Name} against {parameter}", frame, x, y, parameter, $"{metric.Name}{Direction(metric.Direction)}, mean ± {intervalName}");
        plot.Line(rows.Select(r => (r.Params[0].Number, r.Cells[column].Mean)));
        foreach (var row in rows)
        {
            var cell = row.Cells[column];
            plot.ErrorBar(row.Params[0].Number, cell.Low, cell.High);
            var tooltip = $"{row.Setting}{(row.IsBaseline ? " (baseline)" : "")}: {Describe(cell)}, n={cell.N}{(cell.NaNCount > 0 ? $", {cell.NaNCount} NaN" : "")}";
            plot.Point(row.Params[0].Number, cell.Mean, tooltip, extraClass: row.IsBaseline ? "baseline" : "");
        }
        return plot.ToSvg();
    }

    /// <summary>What the y label adds for a metric's direction.</summary>
    public static string Direction(MetricDirection direction) => direction switch
    {
        MetricDirection.Higher => " (higher is better)",
        MetricDirection.Lower => " (lower is better)",
        _ => "",
    };

    private static string Describe(TableCell cell) =>
        double.IsNaN(cell.Low) ? TableRenderer.Number(cell.Mean)
        : $"{TableRenderer.Number(cell.Mean)} [{TableRenderer.Number(cell.Low)}, {TableRenderer.Number(cell.High)}]";
}
