using System.CommandLine;
using Goldstone.Cli.Parsing;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Files;

namespace Goldstone.Cli.Commands;

/// <summary><c>goldstone report NAME -o FILE</c>: the campaign's HTML report (table and plots), written atomically.</summary>
public static class ReportCommand
{
    /// <summary>The report's file name in <c>DATA_DIR/campaigns/NAME/</c>.</summary>
    public const string FileName = "report.html";

    /// <summary>The <c>report</c> command.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "the campaign's name (its spec's name:)" };
        var output = CliOptions.Output("where to write the report, e.g. -o report.html");
        var source = new ReadSource();
        var table = new TableOptions();
        var command = new Command("report", "the self-contained HTML report: the table and its plots in one offline file") { name, output };
        source.AddTo(command);
        foreach (var option in table.All) command.Options.Add(option);
        command.SetAction(result =>
        {
            var query = table.Query(result);
            return source.RunAsync(result, "report", reads => ExecuteAsync(reads, result.GetRequiredValue(name), result.GetRequiredValue(output), query));
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(ICampaignReads reads, string name, string output, TableQuery query)
    {
        await GatewayCommands.RequireKnownAsync(reads, name);
        try
        {
            await WriteAsync(reads, name, output, query);
        }
        catch (Exception e) when (GatewayCommands.TableReadFailure(e) is { } failure)
        {
            throw failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException([$"error: -o {output}: cannot write the report: {e.Message}"]);
        }
        Console.Error.WriteLine($"wrote {Path.GetFullPath(output)}");
        return ExitCodes.Ok;
    }

    /// <summary>Writes the HTML report of <paramref name="campaign"/> as its silo's aggregator renders it; see <see cref="WriteAsync(ICampaignReads, string, string, TableQuery?)"/>.</summary>
    public static Task WriteAsync(IGrainFactory grains, string campaign, string path, TableQuery? query = null) =>
        WriteAsync(new GatewayReads(grains), campaign, path, query);

    /// <summary>
    /// Writes the HTML report of <paramref name="campaign"/> to <paramref name="path"/> (its directory created if
    /// needed) by a rename, so a reader never sees half a file. <paramref name="query"/> defaults to the spec's table.
    /// </summary>
    /// <exception cref="TableQueryException">The query names an unknown parameter, value or metric.</exception>
    /// <exception cref="InvalidOperationException">The campaign has no table definition yet.</exception>
    internal static async Task WriteAsync(ICampaignReads reads, string campaign, string path, TableQuery? query = null)
    {
        var html = await reads.GetReportAsync(campaign, query ?? TableQuery.Default);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await AtomicFile.WriteAllTextAsync(full, html);
    }
}
