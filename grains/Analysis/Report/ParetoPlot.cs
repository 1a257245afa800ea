using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>The table's rows in the plane of its two Pareto metrics, the front highlighted and connected.</summary>
internal static class ParetoPlot
{
    /// <summary>The SVG, or null when the table has no Pareto metrics or no row with both means.</summary>
    public static string? Render(CampaignTable table)
    {
        if (table.ParetoX is not { } xName || table.ParetoY is not { } yName) return null;
        var xColumn = table.Metrics.ToList().FindIndex(m => m.Name == xName);
        var yColumn = table.Metrics.ToList().FindIndex(m => m.Name == yName);
        if (xColumn < 0 || yColumn < 0) return null;
        var rows = table.Rows.Where(r => !double.IsNaN(r.Cells[xColumn].Mean) && !double.IsNaN(r.Cells[yColumn].Mean)).ToList();
        if (rows.Count == 0) return null;

        var frame = PlotFrame.Default.WithLegend(1);
        var x = new LinearScale(rows.Select(r => r.Cells[xColumn].Mean), frame.Left + 12, frame.Right - 12);
        var y = new LinearScale(rows.Select(r => r.Cells[yColumn].Mean), frame.Bottom - 12, frame.Top + 12);
        var plot = new SvgPlot($"Pareto front: {xName} and {yName}", frame, x, y,
            $"{xName}{ParameterPlots.Direction(table.Metrics[xColumn].Direction)}, mean",
            $"{yName}{ParameterPlots.Direction(table.Metrics[yColumn].Direction)}, mean");
        var front = rows.Where(r => r.OnParetoFront).OrderBy(r => r.Cells[xColumn].Mean).ThenBy(r => r.Cells[yColumn].Mean).ToList();
        plot.Line(front.Select(r => (r.Cells[xColumn].Mean, r.Cells[yColumn].Mean)), series: 2, legend: "Pareto front", extraClass: "front-line");
        foreach (var row in rows)
        {
            var (mx, my) = (row.Cells[xColumn].Mean, row.Cells[yColumn].Mean);
            var tooltip = $"{row.Setting}{(row.IsBaseline ? " (baseline)" : "")}{(row.OnParetoFront ? ", on the front" : "")}: "
                + $"{xName}={TableRenderer.Number(mx)}, {yName}={TableRenderer.Number(my)}";
            var classes = string.Join(' ', new[] { row.OnParetoFront ? "front" : "", row.IsBaseline ? "baseline" : "" }.Where(c => c.Length > 0));
            plot.Point(mx, my, tooltip, series: row.OnParetoFront ? 2 : 0, extraClass: classes);
        }
        return plot.ToSvg();
    }
}
