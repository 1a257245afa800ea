using System.CommandLine;
using System.Text;
using Goldstone.Cli.Parsing;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        var gateway = CliOptions.Gateway();
        var table = new TableOptions();
        var command = new Command("report", "the self-contained HTML report: the table and its plots in one offline file") { name, output, gateway };
        foreach (var option in table.All) command.Options.Add(option);
        command.SetAction(result => ExecuteAsync(result.GetRequiredValue(name), result.GetRequiredValue(output),
            result.GetRequiredValue(gateway), table.Query(result)));
        return command;
    }

    /// <summary>Runs <c>report</c> against a silo's gateway; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(string name, string output, string gatewayText, TableQuery query)
    {
        var gateway = GatewayCommands.ParseGateway(gatewayText);
        using var host = await GatewayCommands.ConnectAsync(gateway);
        var grains = host.Services.GetRequiredService<IClusterClient>();
        try
        {
            await GatewayCommands.RequireKnownAsync(grains, name);
            try
            {
                await WriteAsync(grains, name, output, query);
            }
            catch (TableQueryException e)
            {
                throw new BadInputException([$"error: {e.Message}"]);
            }
            catch (InvalidOperationException e)
            {
                throw new SystemFailureException(e.Message, e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException([$"error: -o {output}: cannot write the report: {e.Message}"]);
            }
            Console.Error.WriteLine($"wrote {Path.GetFullPath(output)}");
            return ExitCodes.Ok;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Writes the HTML report of <paramref name="campaign"/> to <paramref name="path"/> (its directory created if
    /// needed) by a rename, so a reader never sees half a file. <paramref name="query"/> defaults to the spec's table.
    /// </summary>
    /// <exception cref="TableQueryException">The query names an unknown parameter, value or metric.</exception>
    /// <exception cref="InvalidOperationException">The campaign has no table definition yet.</exception>
    public static async Task WriteAsync(IGrainFactory grains, string campaign, string path, TableQuery? query = null)
    {
        var aggregator = grains.GetGrain<IAggregatorGrain>(campaign);
        var html = await ReadReportAsync(aggregator, query ?? TableQuery.Default);

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, html, new UTF8Encoding(false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>The report's pages, all from one rendering (if the campaign moved on between pages, read it again).</summary>
    private static async Task<string> ReadReportAsync(IAggregatorGrain aggregator, TableQuery query)
    {
        for (var tries = 0; ; tries++)
        {
            var first = await aggregator.GetReportPageAsync(query, 0);
            var html = new StringBuilder(first.Text);
            var consistent = true;
            for (var page = 1; page < first.Pages && consistent; page++)
            {
                var next = await aggregator.GetReportPageAsync(query, page);
                consistent = next.Version == first.Version;
                html.Append(next.Text);
            }
            if (consistent) return html.ToString();
            if (tries >= 3) throw new InvalidOperationException("the report kept changing while it was read (another client renders it too); try again");
        }
    }
}
