using System.Globalization;
using System.Text;
using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// The comparative table as an HTML &lt;table&gt;: the same numbers as the text table, the best value per column
/// in class "best" with ★, the baseline row in class "baseline", significant differences (adjusted p &lt; 0.05) in
/// class "significant", the trend row in class "trend", and the table's notes below it.
/// </summary>
internal static class HtmlTable
{
    /// <summary>Adjusted p below which a difference (or a trend) is marked significant.</summary>
    public const double SignificanceLevel = 0.05;

    /// <summary>The table and its notes.</summary>
    public static string Render(CampaignTable table)
    {
        var html = new StringBuilder();
        html.Append("<div class=\"table-scroll\">\n<table class=\"campaign-table\">\n<thead><tr><th class=\"setting\">setting</th><th>n</th>");
        foreach (var metric in table.Metrics)
        {
            html.Append($"<th title=\"{Markup.Escape(Direction(metric.Direction))}\">{Markup.Escape(metric.Name)}{Arrow(metric.Direction)}</th>");
            if (table.HasBaseline) html.Append($"<th>Δ {Markup.Escape(metric.Name)}</th>");
        }
        var ranked = table.Rows.Any(r => r.Rank > 0);
        if (ranked) html.Append("<th>rank</th>");
        if (table.Pareto.Count > 0) html.Append("<th>pareto</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append(row.IsBaseline ? "<tr class=\"baseline\">" : "<tr>");
            html.Append($"<td class=\"setting\">{Markup.Escape(row.Setting)}{(row.IsBaseline ? " <span class=\"tag\">baseline</span>" : "")}</td>");
            html.Append($"<td{(row.Succeeded < row.Trials ? " class=\"short\"" : "")}>{Markup.Escape(Count(row))}</td>");
            foreach (var cell in row.Cells)
            {
                html.Append(cell.IsBest ? $"<td class=\"best\">{Markup.Escape(Value(cell, table.Interval))} <span class=\"mark\">{TableRenderer.BestMark}</span></td>"
                    : $"<td>{Markup.Escape(Value(cell, table.Interval))}</td>");
                if (table.HasBaseline) html.Append(row.IsBaseline ? "<td>—</td>" : Difference(cell, table.Correction));
            }
            if (ranked) html.Append($"<td>{(row.Rank > 0 ? row.Rank.ToString(CultureInfo.InvariantCulture) : "")}</td>");
            if (table.Pareto.Count > 0) html.Append(row.OnParetoFront ? "<td class=\"front\">yes</td>" : "<td></td>");
            html.Append("</tr>\n");
        }
        if (table.Trend is { } trend)
        {
            var (label, cells) = TableRenderer.TrendRow(trend);
            html.Append($"<tr class=\"trend\"><td class=\"setting\">{Markup.Escape(label)}</td><td></td>");
            for (var c = 0; c < cells.Count; c++)
            {
                var t = trend.Metrics[c];
                var detail = $"Spearman ρ={Raw(t.SpearmanRho)} over {t.SpearmanN} trials, p={Raw(t.SpearmanP)}; Page's L={Raw(t.PageL)} over {t.Blocks} blocks ({t.PageMethod}), two-sided p={Raw(t.PageP)}";
                var significant = t.PageP < SignificanceLevel ? " class=\"significant\"" : "";
                html.Append($"<td{significant} title=\"{Markup.Escape(detail)}\">{Markup.Escape(cells[c])}</td>");
                if (table.HasBaseline) html.Append("<td></td>");
            }
            if (ranked) html.Append("<td></td>");
            if (table.Pareto.Count > 0) html.Append("<td></td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n<ul class=\"notes\">\n");
        foreach (var note in TableRenderer.Notes(table)) html.Append($"<li>{Markup.Escape(note)}</li>\n");
        html.Append("</ul>\n");
        return html.ToString();
    }

    private static string Count(TableRow row)
    {
        var extra = new List<string>();
        if (row.Failed > 0) extra.Add($"{row.Failed} failed");
        if (row.Cancelled > 0) extra.Add($"{row.Cancelled} cancelled");
        if (row.Running > 0) extra.Add($"{row.Running} running");
        if (row.Pending > 0) extra.Add($"{row.Pending} pending");
        var text = $"{row.Succeeded}/{row.Trials}{(row.Succeeded < row.Trials ? "*" : "")}";
        return extra.Count == 0 ? text : $"{text} ({string.Join(", ", extra)})";
    }

    private static string Value(TableCell cell, IntervalMethod interval)
    {
        if (cell.N == 0) return cell.NaNCount > 0 ? $"NaN ({cell.NaNCount})" : "n/a";
        var text = double.IsNaN(cell.Low) ? TableRenderer.Number(cell.Mean)
            : interval == IntervalMethod.Bootstrap ? $"{TableRenderer.Number(cell.Mean)} [{TableRenderer.Number(cell.Low)}, {TableRenderer.Number(cell.High)}]"
            : $"{TableRenderer.Number(cell.Mean)} ± {TableRenderer.Number(cell.HalfWidth)}";
        return cell.NaNCount > 0 ? $"{text} ({cell.NaNCount} NaN)" : text;
    }

    private static string Difference(TableCell cell, MultipleTestCorrection correction)
    {
        if (cell.DiffToBaseline is null && cell.RatioToBaseline is null) return "<td>n/a</td>";
        var adjusted = correction switch
        {
            MultipleTestCorrection.BenjaminiHochberg => "Benjamini–Hochberg-adjusted p",
            MultipleTestCorrection.None => "unadjusted p",
            _ => "Holm-adjusted p",
        };
        var detail = $"paired n={cell.PairedN}; p={Raw(cell.PValue)}; {adjusted}={Raw(cell.PAdjusted)}";
        var significant = cell.PAdjusted < SignificanceLevel ? " class=\"significant\"" : "";
        return $"<td{significant} title=\"{Markup.Escape(detail)}\">{Markup.Escape(TableRenderer.DifferenceText(cell))}</td>";
    }

    private static string Raw(double p) => double.IsNaN(p) ? "n/a" : p.ToString("G4", CultureInfo.InvariantCulture);

    private static string Arrow(MetricDirection direction) => direction switch
    {
        MetricDirection.Higher => " ↑",
        MetricDirection.Lower => " ↓",
        _ => "",
    };

    private static string Direction(MetricDirection direction) => direction switch
    {
        MetricDirection.Higher => "higher is better",
        MetricDirection.Lower => "lower is better",
        _ => "no better direction",
    };
}
