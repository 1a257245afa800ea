using System.CommandLine;
using System.Globalization;
using Goldstone.Cli.Parsing;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Goldstone.Cli.Commands;

/// <summary>
/// <c>goldstone silo</c>: a standalone silo, on the embedded store or joining a cluster (<c>--cluster postgres|azure</c>);
/// Ctrl-C or SIGTERM stops it and leaves its trials resumable.
/// </summary>
public static class SiloCommand
{
    /// <summary>The <c>silo</c> command.</summary>
    public static Command Create()
    {
        var cluster = CliOptions.Choice("--cluster", "a provider", "the store: the embedded one, or a cluster's (default embedded, or Goldstone:Cluster:Provider)",
            ClusterOptions.Providers);
        var connection = new Option<string?>("--connection")
        {
            HelpName = "CS",
            Description = "the cluster store's connection string (or Goldstone__Cluster__ConnectionString(File))",
        };
        var dataDir = CliOptions.DataDir();
        var port = CliOptions.Integer("--port", "P", "the silo-to-silo port (default 11111)", 1, 65535);
        var gatewayPort = CliOptions.Integer("--gateway-port", "G", "the port clients connect to (default 30000)", 1, 65535);
        var httpPort = CliOptions.Integer("--http-port", "H", "/healthz, /readyz, /metrics and the dashboard (default 8080; 0: no HTTP)", 0, 65535);
        var slots = CliOptions.Slots();
        var gpus = CliOptions.Gpus();
        var command = new Command("silo", "a standalone silo: on the embedded store, or one silo of a cluster (Ctrl-C or SIGTERM drains it: its trials checkpoint and resume elsewhere)")
        {
            cluster, connection, dataDir, port, gatewayPort, httpPort, slots, gpus,
        };
        command.SetAction(result => ExecuteAsync(new SiloArguments(result.GetValue(cluster), result.GetValue(connection), result.GetValue(dataDir),
            result.GetValue(port), result.GetValue(gatewayPort), result.GetValue(httpPort), result.GetValue(slots), result.GetValue(gpus))));
        return command;
    }

    /// <summary>Runs the silo until it is stopped; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(SiloArguments arguments)
    {
        var overrides = new Dictionary<string, string?>();
        if (arguments.Cluster is { } provider) overrides["Goldstone:Cluster:Provider"] = provider;
        if (arguments.Connection is { } connection) overrides["Goldstone:Cluster:ConnectionString"] = connection;
        if (arguments.HttpPort is { } httpPort) overrides["Goldstone:Http:Port"] = httpPort.ToString(CultureInfo.InvariantCulture);
        if (arguments.Gpus is { } gpus) overrides["Goldstone:Worker:Gpus"] = gpus.ToString(CultureInfo.InvariantCulture);
        var builder = EmbeddedHost.CreateBuilder(arguments.DataDir, arguments.Slots ?? 0, arguments.Port, arguments.GatewayPort, overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        // Orleans' placement runs through a Polly pipeline that logs two lines per grain activation at Information:
        // 200,000 lines (37 MB of stderr) for a 100,000-trial campaign.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // Kestrel's start-up lines repeat what the line below says.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.AddGoldstoneSilo();
        using var host = builder.Build();
        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<GoldstoneOptions>>().Value;
        var dashboard = options.Dashboard.Enabled ? $", {options.Dashboard.Path}" : "";
        var http = options.Http.Port > 0 ? $", http :{options.Http.Port} (/healthz, /readyz, /metrics{dashboard})" : "";
        var store = options.Cluster.IsCluster
            ? $"cluster '{options.Cluster.ClusterId}' on {options.Cluster.Provider}, checkpoints in {Checkpoints(options)}"
            : $"data in {Path.GetFullPath(options.DataDir)}";
        Console.Error.WriteLine($"goldstone silo: gateway localhost:{options.GatewayPort}, {store}{http}; Ctrl-C stops it");
        await host.WaitForShutdownAsync();
        return ExitCodes.Ok;
    }

    private static string Checkpoints(GoldstoneOptions options) => options.Checkpoints.Provider == CheckpointOptions.AzureBlob
        ? $"blob container {options.Checkpoints.Container}"
        : Path.GetFullPath(options.Checkpoints.Path.Length > 0 ? options.Checkpoints.Path : options.DataDir);
}

/// <summary>The options of <c>goldstone silo</c>; null where not given (then configuration decides).</summary>
public sealed record SiloArguments(string? Cluster, string? Connection, string? DataDir, int? Port, int? GatewayPort, int? HttpPort, int? Slots, int? Gpus);
