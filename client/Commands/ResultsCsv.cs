using System.Globalization;
using System.Text;
using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Grains.Specs;

namespace Goldstone.Cli.Commands;

/// <summary>
/// Every trial as one CSV row: <c>trial, setting, seed</c>, a column per parameter (in the campaign's order),
/// <c>status, attempts, failed_attempts, reason</c>, and a column per metric (sorted; empty where a trial has none).
/// The columns come from a first pass over the pages, the rows from a second, so only one page is in memory at a time.
/// </summary>
internal static class ResultsCsv
{
    /// <summary>Writes the header and one row per trial, ordered by index.</summary>
    /// <exception cref="SystemFailureException">A metric appeared between the two passes (a trial finished meanwhile).</exception>
    public static async Task WriteAsync(Func<int, Task<OutcomePage>> pages, TextWriter writer)
    {
        var (parameters, metrics) = await ColumnsAsync(pages);
        var header = new List<string> { "trial", "setting", "seed" };
        header.AddRange(parameters);
        header.AddRange(["status", "attempts", "failed_attempts", "reason"]);
        header.AddRange(metrics);
        await writer.WriteAsync(Line(header));
        var known = metrics.ToHashSet(StringComparer.Ordinal);
        for (int page = 0, count = 1; page < count; page++)
        {
            var outcomes = await pages(page);
            count = outcomes.Pages;
            var text = new StringBuilder();
            foreach (var outcome in outcomes.Outcomes.OrderBy(o => o.Index))
            {
                if (outcome.Metrics.Keys.FirstOrDefault(m => !known.Contains(m)) is { } added)
                    throw new SystemFailureException($"trial {outcome.Index} reported the metric '{added}' while the export was written (the campaign is running): export again");
                text.Append(Line(Row(outcome, parameters, metrics)));
            }
            await writer.WriteAsync(text.ToString());
        }
        await writer.FlushAsync();
    }

    private static async Task<(List<string> Parameters, List<string> Metrics)> ColumnsAsync(Func<int, Task<OutcomePage>> pages)
    {
        var parameters = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var metrics = new SortedSet<string>(StringComparer.Ordinal);
        for (int page = 0, count = 1; page < count; page++)
        {
            var outcomes = await pages(page);
            count = outcomes.Pages;
            foreach (var outcome in outcomes.Outcomes)
            {
                foreach (var value in outcome.Params)
                    if (seen.Add(value.Name)) parameters.Add(value.Name);
                metrics.UnionWith(outcome.Metrics.Keys);
            }
        }
        return (parameters, metrics.ToList());
    }

    private static List<string> Row(TrialOutcome outcome, IReadOnlyList<string> parameters, IReadOnlyList<string> metrics)
    {
        var values = outcome.Params.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var row = new List<string> { Integer(outcome.Index), outcome.Setting, outcome.Seed.ToString(CultureInfo.InvariantCulture) };
        row.AddRange(parameters.Select(p => values.TryGetValue(p, out var value) ? ParamFormat.Value(value) : ""));
        row.AddRange([JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.Status.ToString()), Integer(outcome.Attempts), Integer(outcome.FailedAttempts), outcome.Reason ?? ""]);
        row.AddRange(metrics.Select(m => outcome.Metrics.TryGetValue(m, out var value) ? value.ToString("R", CultureInfo.InvariantCulture) : ""));
        return row;
    }

    private static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(TableRenderer.CsvField)) + "\n";

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
