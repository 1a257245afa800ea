using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Files;

namespace Goldstone.Cli.Commands;

/// <summary>What a finished campaign leaves in <c>DATA_DIR/campaigns/NAME/</c>.</summary>
public sealed record WrittenOutputs(string Directory, string Text);

/// <summary>Writes the table (Markdown, CSV) and every trial's result (JSON lines), each file atomically.</summary>
public static class CampaignOutputs
{
    /// <summary>The Markdown table.</summary>
    public const string MarkdownFile = "table.md";
    /// <summary>The CSV table.</summary>
    public const string CsvFile = "table.csv";
    /// <summary>One JSON object per trial.</summary>
    public const string ResultsFile = "results.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes the outputs; returns the directory and the table as terminal text.</summary>
    public static async Task<WrittenOutputs> WriteAsync(IGrainFactory grains, string campaign, string dataDir)
    {
        var aggregator = grains.GetGrain<IAggregatorGrain>(campaign);
        var table = await aggregator.GetTableAsync(TableQuery.Default);
        var directory = Path.GetFullPath(Path.Combine(dataDir, "campaigns", campaign));
        Directory.CreateDirectory(directory);
        await AtomicFile.WriteAllTextAsync(Path.Combine(directory, MarkdownFile), TableRenderer.Markdown(table));
        await AtomicFile.WriteAllTextAsync(Path.Combine(directory, CsvFile), TableRenderer.Csv(table));
        await WriteResultsAsync(aggregator.GetOutcomesPageAsync, Path.Combine(directory, ResultsFile));
        return new WrittenOutputs(directory, TableRenderer.Text(table, colour: Terminal.UseColour()));
    }

    /// <summary>The <c>export --format</c> of JSON lines (results.jsonl's).</summary>
    public const string JsonLines = "jsonl";

    /// <summary>The <c>export --format</c> of CSV.</summary>
    public const string Csv = "csv";

    /// <summary>The formats <c>export</c> writes.</summary>
    public static readonly IReadOnlyList<string> ExportFormats = [JsonLines, Csv];

    /// <summary>Writes every trial's outcome in <paramref name="format"/> to <paramref name="path"/>, one page of outcomes in memory at a time, atomically.</summary>
    public static async Task WriteResultsAsync(Func<int, Task<OutcomePage>> pages, string path, string format = JsonLines)
    {
        await AtomicFile.WriteAsync(path, async stream =>
        {
            await using var writer = AtomicFile.TextWriter(stream);
            await WriteResultsAsync(pages, writer, format);
        });
    }

    /// <summary>Writes every trial's outcome in <paramref name="format"/> to <paramref name="writer"/>, a page at a time.</summary>
    public static async Task WriteResultsAsync(Func<int, Task<OutcomePage>> pages, TextWriter writer, string format)
    {
        if (format == Csv)
        {
            await ResultsCsv.WriteAsync(pages, writer);
            return;
        }
        for (int page = 0, count = 1; page < count; page++)
        {
            var outcomes = await pages(page);
            count = outcomes.Pages;
            await writer.WriteAsync(ResultsJsonLines(outcomes.Outcomes));
        }
        await writer.FlushAsync();
    }

    /// <summary>One line per trial, ordered by index.</summary>
    public static string ResultsJsonLines(IEnumerable<TrialOutcome> outcomes)
    {
        var text = new StringBuilder();
        foreach (var outcome in outcomes.OrderBy(o => o.Index))
        {
            var line = new
            {
                trial = outcome.Index,
                setting = outcome.Setting,
                seed = outcome.Seed,
                @params = outcome.Params.ToDictionary(p => p.Name, p => p.Value),
                status = outcome.Status,
                attempts = outcome.Attempts,
                failed_attempts = outcome.FailedAttempts,
                reason = outcome.Reason,
                metrics = new SortedDictionary<string, double>(outcome.Metrics.ToDictionary(), StringComparer.Ordinal),
            };
            text.Append(JsonSerializer.Serialize(line, Json)).Append('\n');
        }
        return text.ToString();
    }
}
