using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Goldstone.Cli.Commands;

/// <summary>The host of an embedded silo, configured from command-line options and quiet on the console.</summary>
public static class EmbeddedHost
{
    /// <summary>
    /// A host builder whose Goldstone section takes the command-line options over environment variables; a null
    /// option leaves the environment's value (or the default).
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string? dataDir, int slots, int? siloPort, int? gatewayPort,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        var settings = new Dictionary<string, string?>();
        if (siloPort is { } silo) settings["Goldstone:SiloPort"] = silo.ToString(CultureInfo.InvariantCulture);
        if (gatewayPort is { } gateway) settings["Goldstone:GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture);
        if (dataDir is not null) settings["Goldstone:DataDir"] = dataDir;
        if (slots > 0) settings["Goldstone:Worker:Slots"] = slots.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The CLI reports failures itself, one line each; Orleans' own error logs would print stack traces.
        builder.Logging.AddFilter("Orleans", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft", LogLevel.Critical);
        return builder;
    }
}

/// <summary>Picks a free loopback port for an in-process silo that nobody else needs to reach.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago.</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Two different ports that were free a moment ago: both listeners stay open until both ports are known, since two
    /// <see cref="Pick"/> calls in a row can be given the same port (the first is closed before the second asks).
    /// </summary>
    public static (int First, int Second) PickTwo()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
