using System.Globalization;
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
    private const string Usage = "usage: goldstone silo [--cluster embedded|postgres|azure] [--connection CS] [--data-dir DIR] [--port P] [--gateway-port G] [--http-port H] [--slots N] [--gpus N]";

    /// <summary>Runs the silo until it is stopped; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(string[] args)
    {
        var line = CommandLine.Parse(args, ["cluster", "connection", "data-dir", "port", "gateway-port", "http-port", "slots", "gpus"], 0, 0, Usage);
        var overrides = new Dictionary<string, string?>();
        if (line.Option("cluster") is { } provider)
        {
            if (!ClusterOptions.Providers.Contains(provider, StringComparer.Ordinal))
                throw new UsageException($"--cluster: '{provider}' is not a provider (allowed: {string.Join(", ", ClusterOptions.Providers)})", Usage);
            overrides["Goldstone:Cluster:Provider"] = provider;
        }
        if (line.Option("connection") is { } connection) overrides["Goldstone:Cluster:ConnectionString"] = connection;
        if (line.Option("http-port") is not null)
            overrides["Goldstone:Http:Port"] = line.IntOption("http-port", 0, 0, 65535, Usage).ToString(CultureInfo.InvariantCulture);
        if (line.Option("gpus") is not null)
            overrides["Goldstone:Worker:Gpus"] = line.IntOption("gpus", 0, 0, 1024, Usage).ToString(CultureInfo.InvariantCulture);
        int? Port(string name) => line.Option(name) is null ? null : line.IntOption(name, 0, 1, 65535, Usage);
        var builder = EmbeddedHost.CreateBuilder(line.Option("data-dir"), line.IntOption("slots", 0, 1, 4096, Usage),
            Port("port"), Port("gateway-port"), overrides);
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
