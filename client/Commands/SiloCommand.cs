using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Goldstone.Cli.Commands;

/// <summary><c>goldstone silo</c>: a standalone silo on the embedded store; Ctrl-C stops it and leaves trials resumable.</summary>
public static class SiloCommand
{
    private const string Usage = "usage: goldstone silo [--data-dir DIR] [--port P] [--gateway-port G] [--slots N]";

    /// <summary>Runs the silo until it is stopped; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(string[] args)
    {
        var line = CommandLine.Parse(args, ["data-dir", "port", "gateway-port", "slots"], 0, 0, Usage);
        var builder = EmbeddedHost.CreateBuilder(
            line.Option("data-dir"),
            line.IntOption("slots", 0, 1, 4096, Usage),
            line.IntOption("port", GoldstoneOptions.DefaultSiloPort, 1, 65535, Usage),
            line.IntOption("gateway-port", GoldstoneOptions.DefaultGatewayPort, 1, 65535, Usage));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        // Orleans' placement runs through a Polly pipeline that logs two lines per grain activation at Information:
        // 200,000 lines (37 MB of stderr) for a 100,000-trial campaign.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.AddGoldstoneSilo();
        using var host = builder.Build();
        await host.StartAsync();
        var options = host.Services.GetService(typeof(IOptions<GoldstoneOptions>)) as IOptions<GoldstoneOptions>;
        Console.Error.WriteLine($"goldstone silo: gateway localhost:{options!.Value.GatewayPort}, data in {Path.GetFullPath(options.Value.DataDir)}; Ctrl-C stops it");
        await host.WaitForShutdownAsync();
        return ExitCodes.Ok;
    }
}
