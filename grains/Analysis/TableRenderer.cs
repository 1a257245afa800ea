using System.Globalization;
using System.Text;
using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis;

/// <summary>Writes a <see cref="CampaignTable"/> as Markdown, CSV or aligned plain text. Output depends on the table only.</summary>
public static class TableRenderer
{
    private const string Legend = "mean ± 95% CI (Student t) over seeds; Δ = difference of means to the baseline row; n = succeeded/seeds";

    /// <summary>A GitHub-flavoured Markdown table with a legend.</summary>
    public static string Markdown(CampaignTable table)
    {
        var (header, rows) = Cells(table);
        var text = new StringBuilder();
        text.Append($"# {table.Campaign}\n\n");
        text.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        text.Append("|:--|").Append(string.Concat(Enumerable.Repeat("--:|", header.Count - 1))).Append('\n');
        foreach (var row in rows) text.Append("| ").Append(string.Join(" | ", row.Select(EscapeMarkdown))).Append(" |\n");
        // One paragraph per note, and the '*' escaped: a line starting with "* " would render as a bullet, not the marker.
        text.Append('\n').Append(string.Join("\n\n", Notes(table).Select(n => n.StartsWith('*') ? "\\" + n : n))).Append('\n');
        return text.ToString();
    }

    /// <summary>Plain aligned columns for a terminal or a pipe.</summary>
    public static string Text(CampaignTable table)
    {
        var (header, rows) = Cells(table);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, c) => all.Max(r => r[c].Length)).ToList();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            var cells = row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            text.Append(string.Join("  ", cells).TrimEnd()).Append('\n');
            if (ReferenceEquals(row, header)) text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        }
        text.Append(Footer(table)).Append('\n');
        return text.ToString();
    }

    /// <summary>One row per setting; per metric the mean, the CI half-width, n and the difference to the baseline.</summary>
    public static string Csv(CampaignTable table)
    {
        var text = new StringBuilder();
        var header = new List<string> { "setting", "baseline", "seeds", "succeeded", "failed", "unfinished" };
        foreach (var metric in table.Metrics) header.AddRange([$"{metric}_mean", $"{metric}_ci95", $"{metric}_n", $"{metric}_diff"]);
        text.Append(string.Join(",", header.Select(CsvField))).Append('\n');
        foreach (var row in table.Rows)
        {
            var fields = new List<string>
            {
                row.Setting, row.IsBaseline ? "true" : "false", Int(row.Seeds), Int(row.Succeeded), Int(row.Failed), Int(row.Unfinished),
            };
            foreach (var cell in row.Cells)
                fields.AddRange([Raw(cell.Mean), Raw(cell.HalfWidth), Int(cell.N), cell.DiffToBaseline is { } d ? Raw(d) : ""]);
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

    private static (List<string> Header, List<List<string>> Rows) Cells(CampaignTable table)
    {
        var header = new List<string> { "setting", "n" };
        foreach (var metric in table.Metrics)
        {
            header.Add(metric);
            if (table.HasBaseline) header.Add($"Δ {metric}");
        }
        var rows = new List<List<string>>();
        foreach (var row in table.Rows)
        {
            var n = $"{row.Succeeded}/{row.Seeds}{(row.Succeeded < row.Seeds ? "*" : "")}";
            if (row.Failed > 0) n += $" ({row.Failed} failed)";
            var cells = new List<string> { row.IsBaseline ? $"{row.Setting} (baseline)" : row.Setting, n };
            foreach (var cell in row.Cells)
            {
                cells.Add(Cell(cell));
                if (table.HasBaseline) cells.Add(row.IsBaseline ? "—" : cell.DiffToBaseline is { } d ? Signed(d) : "n/a");
            }
            rows.Add(cells);
        }
        return (header, rows);
    }

    private static string Cell(TableCell cell)
    {
        if (cell.N == 0) return cell.NaNCount > 0 ? $"NaN ({cell.NaNCount})" : "n/a";
        var text = double.IsNaN(cell.HalfWidth) ? Number(cell.Mean) : $"{Number(cell.Mean)} ± {Number(cell.HalfWidth)}";
        return cell.NaNCount > 0 ? $"{text} ({cell.NaNCount} NaN)" : text;
    }

    private static string Footer(CampaignTable table) => string.Join("\n", Notes(table));

    private static List<string> Notes(CampaignTable table)
    {
        var notes = new List<string> { Legend };
        if (table.Rows.Any(r => r.Succeeded < r.Seeds)) notes.Add("* fewer succeeded seeds than asked (failed or unfinished trials)");
        if (table.Rows.Any(r => r.Cells.Any(c => c.NaNCount > 0))) notes.Add("NaN values are excluded from the statistics and counted");
        return notes;
    }

    private static string Signed(double value) => value >= 0 ? "+" + Number(value) : Number(value);

    private static string Raw(double value) => double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string EscapeMarkdown(string cell) => cell.Replace("|", "\\|");

    private static string CsvField(string field) =>
        field.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
}
