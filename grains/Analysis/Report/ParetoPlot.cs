using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// The table's rows in the plane of each pair of its Pareto metrics, the front highlighted; connected when the front is
/// over those two metrics alone (over three, a point on the front can look dominated in a plane of two).
/// </summary>
internal static class ParetoPlot
{
    /// <summary>One SVG per pair of the table's Pareto metrics; none when it marks no front or no row has the means.</summary>
    public static IReadOnlyList<string> Render(CampaignTable table)
    {
        var plots = new List<string>();
        for (var a = 0; a < table.Pareto.Count; a++)
            for (var b = a + 1; b < table.Pareto.Count; b++)
                if (Render(table, table.Pareto[a].Name, table.Pareto[b].Name) is { } svg) plots.Add(svg);
        return plots;
    }

    private static string? Render(CampaignTable table, string xName, string yName)
    {
        var xColumn = table.Metrics.ToList().FindIndex(m => m.Name == xName);
        var yColumn = table.Metrics.ToList().FindIndex(m => m.Name == yName);
        if (xColumn < 0 || yColumn < 0) return null;
        var rows = table.Rows.Where(r => !double.IsNaN(r.Cells[xColumn].Mean) && !double.IsNaN(r.Cells[yColumn].Mean)).ToList();
        if (rows.Count == 0) return null;

        var connected = table.Pareto.Count == 2;
        var frame = connected ? PlotFrame.Default.WithLegend(1) : PlotFrame.Default;
        var x = new LinearScale(rows.Select(r => r.Cells[xColumn].Mean), frame.Left + 12, frame.Right - 12);
        var y = new LinearScale(rows.Select(r => r.Cells[yColumn].Mean), frame.Bottom - 12, frame.Top + 12);
        var title = connected ? $"Pareto front: {xName} and {yName}" : $"Pareto front of {table.Pareto.Count} objectives: {xName} and {yName}";
        var plot = new SvgPlot(title, frame, x, y,
            $"{xName}{ParameterPlots.Direction(table.Metrics[xColumn].Direction)}, mean",
            $"{yName}{ParameterPlots.Direction(table.Metrics[yColumn].Direction)}, mean");
        if (connected)
        {
            var front = rows.Where(r => r.OnParetoFront).OrderBy(r => r.Cells[xColumn].Mean).ThenBy(r => r.Cells[yColumn].Mean).ToList();
            plot.Line(front.Select(r => (r.Cells[xColumn].Mean, r.Cells[yColumn].Mean)), series: 2, legend: "Pareto front", extraClass: "front-line");
        }
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
