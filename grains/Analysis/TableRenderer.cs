using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis;

/// <summary>
/// Writes a <see cref="CampaignTable"/> as aligned text (with ANSI colour on request), Markdown, CSV or LaTeX
/// (booktabs). Output depends on the table only, so equal tables give equal bytes.
/// </summary>
public static class TableRenderer
{
    /// <summary>Marks the best value of a column in text output.</summary>
    public const string BestMark = "★";

    /// <summary>Aligned columns for a terminal or a pipe; <paramref name="colour"/> adds ANSI bold to the best values.</summary>
    public static string Text(CampaignTable table, bool colour = false)
    {
        var grid = Grid(table, best => colour ? $"\u001b[1;32m{best} {BestMark}\u001b[0m" : $"{best} {BestMark}");
        var widths = grid.Header.Select((_, c) => grid.Rows.Prepend(grid.Header).Max(r => VisibleLength(r[c]))).ToList();
        var text = new StringBuilder();
        var rule = string.Join("  ", widths.Select(w => new string('-', w)));
        foreach (var row in grid.Rows.Prepend(grid.Header))
        {
            if (ReferenceEquals(row, grid.Trend)) text.Append(rule).Append('\n');
            var cells = row.Select((cell, c) => c == 0 ? PadRight(cell, widths[c]) : PadLeft(cell, widths[c]));
            text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
            if (ReferenceEquals(row, grid.Header)) text.Append(rule).Append('\n');
        }
        foreach (var note in Notes(table)) text.Append(note).Append('\n');
        return text.ToString();
    }

    /// <summary>A GitHub-flavoured Markdown table with a title and notes; best values in bold.</summary>
    public static string Markdown(CampaignTable table)
    {
        var grid = Grid(table, best => $"**{best}**");
        var text = new StringBuilder();
        text.Append($"# {table.Campaign}\n\n");
        text.Append("| ").Append(string.Join(" | ", grid.Header)).Append(" |\n");
        text.Append("|:--|").Append(string.Concat(Enumerable.Repeat("--:|", grid.Header.Count - 1))).Append('\n');
        foreach (var row in grid.Rows) text.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|")))).Append(" |\n");
        // One paragraph per note, '*' escaped: a line starting with "* " would render as a bullet, not the marker.
        text.Append('\n').Append(string.Join("\n\n", Notes(table).Select(n => n.StartsWith('*') ? "\\" + n : n))).Append('\n');
        return text.ToString();
    }

    /// <summary>A booktabs <c>table</c> environment; best values in bold.</summary>
    public static string Latex(CampaignTable table)
    {
        var grid = Grid(table, best => $"\\textbf{{{best}}}", latex: true);
        var text = new StringBuilder();
        text.Append("\\begin{table}[ht]\n\\centering\n");
        text.Append("\\caption{").Append(EscapeLatex(table.Campaign)).Append(": ").Append(EscapeLatex(string.Join(" ", Notes(table)))).Append("}\n");
        text.Append("\\begin{tabular}{l").Append(new string('r', grid.Header.Count - 1)).Append("}\n\\toprule\n");
        text.Append(string.Join(" & ", grid.Header.Select(EscapeLatexHeader))).Append(" \\\\\n\\midrule\n");
        foreach (var row in grid.Rows)
        {
            if (ReferenceEquals(row, grid.Trend)) text.Append("\\midrule\n");
            text.Append(string.Join(" & ", row)).Append(" \\\\\n");
        }
        text.Append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return text.ToString();
    }

    /// <summary>Every number in full: per metric mean, interval, n, NaN count, difference, ratio (log scale), paired n,
    /// p, adjusted p, best; the trend test is in the JSON.</summary>
    public static string Csv(CampaignTable table)
    {
        var text = new StringBuilder();
        var header = new List<string> { "setting", "baseline", "trials", "succeeded", "failed", "running", "pending", "cancelled", "stopped", "rank", "pareto" };
        foreach (var m in table.Metrics.Select(m => m.Name))
            header.AddRange([$"{m}_mean", $"{m}_low", $"{m}_high", $"{m}_n", $"{m}_nan", $"{m}_diff", $"{m}_ratio", $"{m}_paired_n", $"{m}_p", $"{m}_p_adjusted", $"{m}_best"]);
        text.Append(string.Join(",", header.Select(CsvField))).Append('\n');
        foreach (var row in table.Rows)
        {
            var fields = new List<string>
            {
                row.Setting, Bool(row.IsBaseline), Int(row.Trials), Int(row.Succeeded), Int(row.Failed), Int(row.Running), Int(row.Pending),
                Int(row.Cancelled), Int(row.Stopped), Int(row.Rank), Bool(row.OnParetoFront),
            };
            foreach (var cell in row.Cells)
                fields.AddRange([Raw(cell.Mean), Raw(cell.Low), Raw(cell.High), Int(cell.N), Int(cell.NaNCount), cell.DiffToBaseline is { } d ? Raw(d) : "",
                    cell.RatioToBaseline is { } r ? Raw(r) : "", Int(cell.PairedN), Raw(cell.PValue), Raw(cell.PAdjusted), Bool(cell.IsBest)]);
            text.Append(string.Join(",", fields.Select(CsvField))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A number with four significant digits; scientific outside [1e-3, 1e4).</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        // Rounding to four digits can carry into the next power of ten: 9.9996 is 10.00, not 10.000, and 9999.7 is 1.000e+4.
        if (Math.Round(magnitude / Math.Pow(10, exponent - 3)) >= 10_000) exponent++;
        if (exponent is < -3 or >= 4) return value.ToString("0.000e+0", CultureInfo.InvariantCulture);
        return value.ToString("F" + Math.Max(0, 3 - exponent), CultureInfo.InvariantCulture);
    }

    /// <summary>A p-value: two decimals from 0.01, three below, "p&lt;0.001" below that.</summary>
    public static string PValue(double p) =>
        double.IsNaN(p) ? "p=n/a"
        : p < 0.001 ? "p<0.001"
        : "p=" + p.ToString(p >= 0.01 ? "0.00" : "0.000", CultureInfo.InvariantCulture);

    /// <summary>The table as JSON: enums as names, NaN as the string "NaN".</summary>
    public static string Json(CampaignTable table) => JsonSerializer.Serialize(table, JsonOptions) + "\n";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    /// <summary>The notes under a table: what the numbers mean and which markers appear.</summary>
    public static IReadOnlyList<string> Notes(CampaignTable table)
    {
        var interval = table.Interval == IntervalMethod.Bootstrap
            ? "mean [95% percentile-bootstrap interval] over seeds"
            : "mean ± 95% CI (Student t) over seeds";
        var notes = new List<string> { $"{interval}; n = succeeded/trials" };
        if (table.HasBaseline)
        {
            var test = table.Test == PairedTestMethod.Wilcoxon ? "Wilcoxon signed-rank test" : "paired t-test";
            notes.Add($"Δ = difference of means to the baseline row; p = two-sided {test} over trials matched by seed, {Family(table)}");
            if (table.LogScale.Count > 0)
                notes.Add($"log scale for {string.Join(", ", table.LogScale)}: Δ = ×ratio of geometric means over the matched trials, p on log values");
        }
        if (table.Trend is { } trend)
            notes.Add($"trend over {trend.Parameter} ({trend.Levels} values): ρ = Spearman's rank correlation with {trend.Parameter} over the trials; " +
                "p = two-sided Page's L test over blocks of trials equal in seed and every other parameter (exact up to 8 values and 12 blocks, " +
                "else the normal approximation); one trend test per metric, not adjusted");
        if (table.Metrics.Any(m => m.Direction != MetricDirection.None))
            notes.Add($"{BestMark} best in its column; rank by {table.Metrics.First(m => m.Direction != MetricDirection.None).Name}");
        if (table.Pareto.Count > 0) notes.Add(ParetoNote(table));
        if (table.Rows.Any(r => r.Succeeded < r.Trials)) notes.Add("* fewer succeeded trials than asked (failed, cancelled or not finished)");
        if (table.Rows.Any(r => r.Cells.Any(c => c.NaNCount > 0))) notes.Add("NaN values are excluded from the statistics and counted");
        return notes;
    }

    /// <summary>What the pareto column marks: the front of the query's two metrics, or of the search's objectives.</summary>
    public static string ParetoNote(CampaignTable table)
    {
        if (table.ParetoX is not null) return $"pareto: on the front of {table.ParetoX} and {table.ParetoY}";
        var objectives = table.Pareto.Select(m => $"{m.Name} ({(m.Direction == MetricDirection.Higher ? "max" : "min")})");
        return $"pareto: on the Pareto front of the search's objectives {string.Join(", ", objectives)}: no other row is as good in all and better in one";
    }

    /// <summary>How the p-values were adjusted and over which family, for the notes.</summary>
    public static string Family(CampaignTable table)
    {
        var sizes = table.Metrics.Select((_, c) => table.Rows.Count(r => !r.IsBaseline && !double.IsNaN(r.Cells[c].PValue))).Distinct().Order().ToList();
        var m = sizes.Count switch { 0 => "0", 1 => Int(sizes[0]), _ => $"{Int(sizes[0])} to {Int(sizes[^1])}" };
        return table.Correction switch
        {
            MultipleTestCorrection.BenjaminiHochberg => $"Benjamini–Hochberg-adjusted (false discovery rate) within each metric: its family is that metric's {m} comparisons against the baseline",
            MultipleTestCorrection.None => $"not adjusted for multiple comparisons ({m} per metric)",
            _ => $"Holm-adjusted within each metric: its family is that metric's {m} comparisons against the baseline",
        };
    }

    /// <summary>The Δ cell: a signed difference (or ×ratio on a log scale) with the adjusted p-value.</summary>
    public static string DifferenceText(TableCell cell)
    {
        var p = PValue(cell.PAdjusted);
        if (cell.RatioToBaseline is { } ratio) return $"×{Number(ratio)} ({p})";
        if (cell.DiffToBaseline is not { } d) return "n/a";
        return $"{(d >= 0 ? "+" + Number(d) : Number(d))} ({p})";
    }

    /// <summary>The trend row's label and one cell per metric: ρ and Page's two-sided p.</summary>
    public static (string Label, IReadOnlyList<string> Cells) TrendRow(TrendTable trend) =>
        ($"trend over {trend.Parameter}", trend.Metrics.Select(t =>
            $"ρ={(double.IsNaN(t.SpearmanRho) ? "n/a" : t.SpearmanRho >= 0 ? "+" + t.SpearmanRho.ToString("0.00", CultureInfo.InvariantCulture) : t.SpearmanRho.ToString("0.00", CultureInfo.InvariantCulture))} ({PValue(t.PageP)})").ToList());

    private sealed record TableGrid(List<string> Header, List<List<string>> Rows, List<string>? Trend);

    private static TableGrid Grid(CampaignTable table, Func<string, string> best, bool latex = false)
    {
        var header = new List<string> { "setting", "n" };
        foreach (var metric in table.Metrics)
        {
            header.Add(metric.Name);
            if (table.HasBaseline) header.Add($"Δ {metric.Name}");
        }
        var ranked = table.Rows.Any(r => r.Rank > 0);
        if (ranked) header.Add("rank");
        if (table.Pareto.Count > 0) header.Add("pareto");

        var rows = new List<List<string>>();
        foreach (var row in table.Rows)
        {
            var setting = row.IsBaseline ? $"{row.Setting} (baseline)" : row.Setting;
            var cells = new List<string> { latex ? EscapeLatex(setting) : setting, Count(row) };
            foreach (var cell in row.Cells)
            {
                var value = Value(cell, table.Interval, latex);
                cells.Add(cell.IsBest ? best(value) : value);
                if (table.HasBaseline) cells.Add(row.IsBaseline ? (latex ? "---" : "—") : Difference(cell, latex));
            }
            if (ranked) cells.Add(row.Rank > 0 ? Int(row.Rank) : "");
            if (table.Pareto.Count > 0) cells.Add(row.OnParetoFront ? "yes" : "");
            rows.Add(cells);
        }
        List<string>? trendRow = null;
        if (table.Trend is { } trend)
        {
            var (label, values) = TrendRow(trend);
            trendRow = [latex ? EscapeLatex(label) : label, ""];
            foreach (var value in values)
            {
                trendRow.Add(latex ? EscapeLatex(value).Replace("<", "$<$") : value);
                if (table.HasBaseline) trendRow.Add("");
            }
            if (ranked) trendRow.Add("");
            if (table.Pareto.Count > 0) trendRow.Add("");
            rows.Add(trendRow);
        }
        return new TableGrid(header, rows, trendRow);
    }

    private static string Count(TableRow row)
    {
        var text = $"{row.Succeeded}/{row.Trials}{(row.Succeeded < row.Trials ? "*" : "")}";
        var extra = new List<string>();
        if (row.Failed > 0) extra.Add($"{row.Failed} failed");
        if (row.Cancelled > 0) extra.Add($"{row.Cancelled} cancelled");
        if (row.Stopped > 0) extra.Add($"{row.Stopped} stopped");
        if (row.Running > 0) extra.Add($"{row.Running} running");
        if (row.Pending > 0) extra.Add($"{row.Pending} pending");
        return extra.Count == 0 ? text : $"{text} ({string.Join(", ", extra)})";
    }

    private static string Value(TableCell cell, IntervalMethod interval, bool latex)
    {
        if (cell.N == 0) return cell.NaNCount > 0 ? $"NaN ({cell.NaNCount})" : "n/a";
        string text;
        if (double.IsNaN(cell.Low)) text = Number(cell.Mean);
        else if (interval == IntervalMethod.Bootstrap) text = $"{Number(cell.Mean)} [{Number(cell.Low)}, {Number(cell.High)}]";
        else text = latex ? $"${Number(cell.Mean)} \\pm {Number(cell.HalfWidth)}$" : $"{Number(cell.Mean)} ± {Number(cell.HalfWidth)}";
        return cell.NaNCount > 0 ? $"{text} ({cell.NaNCount} NaN)" : text;
    }

    private static string Difference(TableCell cell, bool latex)
    {
        var text = DifferenceText(cell);
        return latex ? text.Replace("<", "$<$").Replace("×", "$\\times$") : text;
    }

    private static int VisibleLength(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "").Length;

    private static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - VisibleLength(text)));

    private static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - VisibleLength(text))) + text;

    private static string EscapeLatex(string text)
    {
        var builder = new StringBuilder();
        foreach (var ch in text)
        {
            builder.Append(ch switch
            {
                '\\' => "\\textbackslash{}",
                '&' or '%' or '$' or '#' or '_' or '{' or '}' => "\\" + ch,
                '~' => "\\textasciitilde{}",
                '^' => "\\textasciicircum{}",
                '±' => "$\\pm$",
                'Δ' => "$\\Delta$",
                'ρ' => "$\\rho$",
                '×' => "$\\times$",
                '–' => "--",
                '★' => "$\\star$",
                '—' => "---",
                _ => ch.ToString(),
            });
        }
        return builder.ToString();
    }

    private static string EscapeLatexHeader(string header) => EscapeLatex(header);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Raw(double value) => double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A CSV field (RFC 4180): quoted, with its quotes doubled, when it holds a comma, a quote or a line break.</summary>
    public static string CsvField(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
}
