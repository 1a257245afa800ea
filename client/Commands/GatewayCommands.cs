using System.CommandLine;
using System.Globalization;
using System.Net;
using Goldstone.Cli.Parsing;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Goldstone.Cli.Commands;

/// <summary><c>submit</c>, <c>watch</c>, <c>status</c>, <c>table</c>, <c>list</c>, <c>cancel</c> and <c>export</c> against a running silo's gateway.</summary>
public static class GatewayCommands
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private static Argument<string> CampaignName() => new("NAME") { Description = "the campaign's name (its spec's name:)" };

    /// <summary>The <c>submit SPEC</c> command.</summary>
    internal static Command Submit()
    {
        var spec = new Argument<string>("SPEC") { Description = "the campaign spec (YAML)" };
        var gateway = CliOptions.Gateway();
        var command = new Command("submit", "submit a campaign to a running silo") { spec, gateway };
        command.SetAction(result =>
        {
            var path = result.GetRequiredValue(spec);
            var loaded = SpecFiles.Load(path);
            return OnGatewayAsync(result.GetRequiredValue(gateway), "submit", grains => SubmitAsync(grains, loaded, path));
        });
        return command;
    }

    /// <summary>The <c>watch NAME</c> command.</summary>
    internal static Command Watch()
    {
        var name = CampaignName();
        var gateway = CliOptions.Gateway();
        var command = new Command("watch", "live progress until the campaign ends: exit 0 completed, 1 the cluster unreachable for a minute, 2 unknown or cancelled campaign")
        {
            name, gateway,
        };
        // watch waits out a failover by itself, for longer than one call's retry.
        command.SetAction(result => OnGatewayAsync(result.GetRequiredValue(gateway), null, grains => WatchAsync(grains, result.GetRequiredValue(name))));
        return command;
    }

    /// <summary>The <c>status [NAME]</c> command.</summary>
    internal static Command Status()
    {
        var name = new Argument<string?>("NAME") { Arity = ArgumentArity.ZeroOrOne, Description = "one campaign (default all)" };
        var source = new ReadSource();
        var command = new Command("status", "counts per state and running trials (all campaigns, or one); a campaign whose trials fit no silo says \"unschedulable: …\" and why")
        {
            name,
        };
        source.AddTo(command);
        command.SetAction(result => source.RunAsync(result, "status", reads => StatusAsync(reads, result.GetValue(name))));
        return command;
    }

    /// <summary>The <c>table NAME</c> command.</summary>
    internal static Command Table()
    {
        var name = CampaignName();
        var source = new ReadSource();
        var table = new TableOptions();
        var format = CliOptions.Choice("--format", "a format", "how to print the table", TableOptions.Formats, "text");
        var command = new Command("table", "the comparative table: rows grouped by parameters, intervals, paired tests and their correction, trend test, Pareto front")
        {
            name,
        };
        source.AddTo(command);
        foreach (var option in table.All) command.Options.Add(option);
        command.Options.Add(format);
        command.SetAction(result =>
        {
            var query = table.Query(result);
            return source.RunAsync(result, "table", reads => TableAsync(reads, result.GetRequiredValue(name), query, result.GetValue(format)!));
        });
        return command;
    }

    /// <summary>The <c>list</c> command.</summary>
    internal static Command List()
    {
        var source = new ReadSource();
        var command = new Command("list", "every campaign with kind, status, trial count");
        source.AddTo(command);
        command.SetAction(result => source.RunAsync(result, "list", ListAsync));
        return command;
    }

    /// <summary>The <c>cancel NAME</c> command.</summary>
    internal static Command Cancel()
    {
        var name = CampaignName();
        var gateway = CliOptions.Gateway();
        var command = new Command("cancel", "cancel the unfinished trials of a campaign") { name, gateway };
        command.SetAction(result => OnGatewayAsync(result.GetRequiredValue(gateway), "cancel", grains => CancelAsync(grains, result.GetRequiredValue(name))));
        return command;
    }

    /// <summary>The <c>export NAME -o FILE</c> command.</summary>
    internal static Command Export()
    {
        var name = CampaignName();
        var output = CliOptions.Output("where to write the trials, e.g. -o results.jsonl; - for standard output");
        var format = CliOptions.Choice("--format", "an export format", "jsonl: one JSON object per trial (the format of results.jsonl); csv: one row per trial, a column per parameter and metric",
            CampaignOutputs.ExportFormats, CampaignOutputs.JsonLines);
        var source = new ReadSource();
        var command = new Command("export", "every trial's parameters, status, attempts, reason and metrics as JSON lines or CSV, fetched in pages")
        {
            name, output, format,
        };
        source.AddTo(command);
        command.SetAction(result => source.RunAsync(result, "export",
            reads => ExportAsync(reads, result.GetRequiredValue(name), result.GetRequiredValue(output), result.GetValue(format)!)));
        return command;
    }

    /// <summary>
    /// Connects to <paramref name="gatewayText"/>, runs <paramref name="call"/> (retried across a failover as
    /// <paramref name="retryAs"/>, unless null) and disconnects.
    /// </summary>
    internal static async Task<int> OnGatewayAsync(string gatewayText, string? retryAs, Func<IClusterClient, Task<int>> call)
    {
        var gateway = ParseGateway(gatewayText);
        using var host = await ConnectAsync(gateway);
        var grains = host.Services.GetRequiredService<IClusterClient>();
        try
        {
            // Each command prints only once it has everything, so a retry after a failover prints nothing twice.
            return retryAs is null ? await call(grains) : await FailoverRetry.RunAsync(retryAs, () => call(grains));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<int> SubmitAsync(IClusterClient grains, LoadedSpec spec, string path)
    {
        var result = await grains.GetGrain<ICampaignGrain>(spec.Spec.Name).SubmitAsync(spec.Text, path);
        if (result.Outcome is SubmitOutcome.Invalid or SubmitOutcome.Conflict) throw new BadInputException(result.Errors);
        var added = result.Outcome == SubmitOutcome.Grown ? $" ({result.Added} new)" : "";
        Console.Out.WriteLine($"{spec.Spec.Name}: {result.Outcome.ToString().ToLowerInvariant()}, {result.Trials} trials{added}, {result.Status.ToString().ToLowerInvariant()}");
        return ExitCodes.Ok;
    }

    private static async Task<int> StatusAsync(ICampaignReads reads, string? name)
    {
        var names = name is not null ? [name] : (await reads.ListAsync()).Select(c => c.Name).ToList();
        if (name is not null) await RequireKnownAsync(reads, name);
        var lines = new List<string>();
        foreach (var campaign in names)
        {
            var progress = await reads.GetProgressAsync(campaign);
            lines.Add($"{campaign} [{StatusText(reads, progress.Status)}] {ProgressView.Describe(progress, 0, 0, TimeSpan.Zero)}");
        }
        if (names.Count == 0) lines.Add("no campaigns");
        foreach (var text in lines) Console.Out.WriteLine(text);
        return ExitCodes.Ok;
    }

    /// <summary>A campaign's status; read offline, a running campaign is one a stopped silo left (the next run resumes it).</summary>
    private static string StatusText(ICampaignReads reads, CampaignStatus status) =>
        reads.Offline && status == CampaignStatus.Running ? "interrupted" : status.ToString().ToLowerInvariant();

    private static async Task<int> TableAsync(ICampaignReads reads, string name, TableQuery query, string format)
    {
        await RequireKnownAsync(reads, name);
        CampaignTable table;
        try
        {
            table = await reads.GetTableAsync(name, query);
        }
        catch (Exception e) when (TableReadFailure(e) is { } failure)
        {
            throw failure;
        }
        Console.Out.Write(format switch
        {
            "markdown" => TableRenderer.Markdown(table),
            "csv" => TableRenderer.Csv(table),
            "json" => TableRenderer.Json(table),
            "latex" => TableRenderer.Latex(table),
            _ => TableRenderer.Text(table, colour: Terminal.UseColour()),
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(ICampaignReads reads)
    {
        var campaigns = await reads.ListAsync();
        if (campaigns.Count == 0) Console.Out.WriteLine("no campaigns");
        foreach (var c in campaigns)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name,-24} {c.Kind,-14} {StatusText(reads, c.Status),-11} {c.Trials,6} trials  created {c.CreatedAt:yyyy-MM-dd HH:mm:ss}Z"));
        return ExitCodes.Ok;
    }

    /// <summary>Every trial's parameters, status, attempts, reason and metrics as JSON lines or CSV, fetched a page at a time.</summary>
    private static async Task<int> ExportAsync(ICampaignReads reads, string name, string output, string format)
    {
        await RequireKnownAsync(reads, name);
        Task<OutcomePage> Page(int page) => reads.GetOutcomesPageAsync(name, page);
        if (output == "-")
        {
            await CampaignOutputs.WriteResultsAsync(Page, Console.Out, format);
            return ExitCodes.Ok;
        }
        var path = Path.GetFullPath(output);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await CampaignOutputs.WriteResultsAsync(Page, path, format);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException([$"error: -o {output}: cannot write the export: {e.Message}"]);
        }
        Console.Error.WriteLine($"wrote {path}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Live progress until the campaign ends: exit 0 when it completes, 2 when it is unknown or was cancelled, 1 when
    /// the cluster stays unreachable for a minute (a silo restart or a failover in between is waited out).
    /// </summary>
    private static async Task<int> WatchAsync(IClusterClient grains, string name)
    {
        await FailoverRetry.RunAsync("watch", async () =>
        {
            await RequireKnownAsync(grains, name);
            return true;
        });
        var progress = await new ProgressView(Console.Out).WatchAsync(grains.GetGrain<ICampaignGrain>(name), CancellationToken.None, WatchOutage);
        if (progress.Status == CampaignStatus.Cancelled)
            throw new BadInputException([$"error: campaign '{name}' was cancelled"]);
        return ExitCodes.Ok;
    }

    private static readonly TimeSpan WatchOutage = TimeSpan.FromSeconds(60);

    private static async Task<int> CancelAsync(IClusterClient grains, string name)
    {
        await RequireKnownAsync(grains, name);
        var cancelled = await grains.GetGrain<ICampaignGrain>(name).CancelAsync();
        Console.Out.WriteLine(cancelled ? $"{name}: cancelled" : $"{name}: not running, nothing to cancel");
        return ExitCodes.Ok;
    }

    internal static Task RequireKnownAsync(IGrainFactory grains, string name) => RequireKnownAsync(new GatewayReads(grains), name);

    internal static async Task RequireKnownAsync(ICampaignReads reads, string name)
    {
        var campaigns = await reads.ListAsync();
        if (campaigns.All(c => c.Name != name))
            throw new BadInputException([$"error: no campaign named '{name}' (known: {(campaigns.Count == 0 ? "none" : string.Join(", ", campaigns.Select(c => c.Name)))})"]);
    }

    /// <summary>
    /// What a failed table or report read means to the user: a query naming an unknown parameter, value or metric is
    /// their input (exit 2), a campaign without a table definition yet a system failure (exit 1); null for any other.
    /// </summary>
    internal static Exception? TableReadFailure(Exception e) => e switch
    {
        TableQueryException => new BadInputException([$"error: {e.Message}"]),
        InvalidOperationException => new SystemFailureException(e.Message, e),
        _ => null,
    };

    /// <summary>One gateway or several, comma-separated: <c>HOST:PORT[,HOST:PORT…]</c>.</summary>
    internal static IReadOnlyList<IPEndPoint> ParseGateway(string text)
    {
        var gateways = new List<IPEndPoint>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(item[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                throw new UsageException($"--gateway: '{item}' is not HOST:PORT (several: HOST:PORT,HOST:PORT)");
            var hostName = item[..colon];
            var address = hostName == "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(hostName, out var parsed) ? parsed
                : Resolve(hostName) ?? throw new UsageException($"--gateway: cannot resolve the host '{hostName}'");
            gateways.Add(new IPEndPoint(address, port));
        }
        return gateways;
    }

    private static IPAddress? Resolve(string hostName)
    {
        try
        {
            return Dns.GetHostAddresses(hostName).FirstOrDefault();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    internal static async Task<IHost> ConnectAsync(IReadOnlyList<IPEndPoint> gateways)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        // The cluster id comes from the same key (and environment variable) as the silos': Goldstone:Cluster:ClusterId.
        var cluster = builder.Configuration.GetSection("Goldstone:Cluster").Get<Goldstone.Silo.Hosting.ClusterOptions>() ?? new();
        // TLS from the silos' keys too (Goldstone__Tls__CertificateFile, …): a TLS cluster takes only clients with its certificate.
        var tls = builder.Configuration.GetSection("Goldstone:Tls").Get<TlsOptions>() ?? new();
        if (new Goldstone.Silo.Hosting.Validation.TlsOptionsValidator().Validate(null, tls) is { Failed: true } invalidTls)
            throw new GoldstoneConfigurationException([.. invalidTls.Failures]);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.ToArray());
            client.UseGoldstoneTls(tls);
            client.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
        });
        var host = builder.Build();
        // The client keeps retrying the gateway by itself for a minute; a CLI user wants an answer sooner.
        var connect = new ResiliencePipelineBuilder().AddTimeout(ConnectTimeout).Build();
        try
        {
            await connect.ExecuteAsync(async token => await host.StartAsync(token));
        }
        catch (Exception e) when (e is OrleansException or TimeoutRejectedException)
        {
            host.Dispose();
            var why = e is TimeoutRejectedException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s" : e.Message;
            // A TLS gateway drops a client whose certificate it does not take without saying why; say what to check.
            var tlsHint = tls.Enabled
                ? $"; with TLS, the silo must use the same certificate as Goldstone__Tls__CertificateFile ({tls.CertificateFile})"
                : "; a silo with TLS takes only clients given its certificate: set Goldstone__Tls__CertificateFile and its password";
            throw new SystemFailureException($"cannot reach a silo at {string.Join(",", gateways)}: {why} (start one with ./goldstone silo, or pass --gateway HOST:PORT{tlsHint})", e);
        }
        return host;
    }
}
