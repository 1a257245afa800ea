using System.Text;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Goldstone.Cli.Commands;

/// <summary><c>goldstone report NAME -o FILE</c>: the campaign's HTML report (table and plots), written atomically.</summary>
public static class ReportCommand
{
    /// <summary>The command's usage line.</summary>
    public const string Usage =
        "usage: goldstone report NAME -o FILE [--gateway HOST:PORT] [--by P1,P2] [--metrics M1,M2] [--fix P=V,…] [--interval t|bootstrap] [--test t|wilcoxon] [--correction holm|bh|none] [--trend P|none] [--log-scale M1,M2|none] [--pareto M1,M2]";

    /// <summary>The report's file name in <c>DATA_DIR/campaigns/NAME/</c>.</summary>
    public const string FileName = "report.html";

    private static readonly string[] Options = ["gateway", "output", .. TableOptions.Names];

    /// <summary>Runs <c>report</c> against a silo's gateway; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(string[] args)
    {
        var line = CommandLine.Parse(args, Options, 1, 1, Usage);
        var output = line.Option("output") ?? throw new UsageException("-o FILE is required: where to write the report, e.g. -o report.html", Usage);
        var query = TableOptions.Query(line, Usage);
        var gateway = GatewayCommands.ParseGateway(line.Option("gateway", GatewayCommands.DefaultGateway), Usage);
        var name = line.Positional[0];

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
