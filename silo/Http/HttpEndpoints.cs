using System.Text.Json;
using Goldstone.Grains.Telemetry;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Runtime;

namespace Goldstone.Silo.Http;

/// <summary>
/// The silo's HTTP port (<c>Goldstone:Http:Port</c>): <c>/healthz</c> answers while the process runs, <c>/readyz</c>
/// only while the silo is an active cluster member, its store answers and its worker runs, and <c>/metrics</c> is the
/// Prometheus scrape of the <c>Microsoft.Orleans</c> and Goldstone meters (OpenTelemetry's exporter, with
/// <c>service.name</c> and <c>service.instance.id</c> in <c>target_info</c>). A small Kestrel application of its own
/// inside the silo's host, so that the silo's host needs no web builder.
/// </summary>
public sealed class HttpEndpoints(
    IServiceProvider services,
    IOptions<GoldstoneOptions> options,
    IStorageProbe storage,
    ILogger<HttpEndpoints> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The port it listens on (the configured one, or the one picked for port 0 in tests).</summary>
    public int Port { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(options.Value.Http.Port));
        if (options.Value.Dashboard.Enabled) DashboardServices.Forward(builder.Services, services);
        var instance = services.GetRequiredService<ILocalSiloDetails>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: InstanceId(instance), autoGenerateServiceInstanceId: false)
                .AddAttributes([new("goldstone.cluster_id", options.Value.Cluster.ClusterId)]))
            .WithMetrics(metrics => metrics.AddMeter(OrleansMeter, GoldstoneMetrics.MeterName).AddPrometheusExporter());
        _app = builder.Build();
        _app.MapPrometheusScrapingEndpoint("/metrics");
        if (options.Value.Dashboard.Enabled) Orleans.Dashboard.ServiceCollectionExtensions.MapOrleansDashboard(_app, options.Value.Dashboard.Path);
        _app.MapGet("/healthz", () => Results.Text("ok\n"));
        _app.MapGet("/readyz", async (CancellationToken token) =>
        {
            var checks = await CheckAsync(token);
            var ready = checks.Values.All(v => v is "joined" or "reachable" or "running" or "disabled");
            return Results.Text(JsonSerializer.Serialize(new { ready, checks }) + "\n", "application/json",
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        await _app.StartAsync(cancellationToken);
        Port = options.Value.Http.Port;
        logger.LogInformation("HTTP on port {Port}: /healthz, /readyz, /metrics{Dashboard}", Port,
            options.Value.Dashboard.Enabled ? $", {options.Value.Dashboard.Path} (Orleans Dashboard)" : "");
    }

    /// <summary>The <c>service.name</c> of every silo's metrics.</summary>
    public const string ServiceName = "goldstone-silo";

    /// <summary>Orleans' own meter (grain calls, activations, storage latency, membership).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// The <c>service.instance.id</c>: the pod's name on Kubernetes (<c>POD_NAME</c>), else the silo's address.
    /// </summary>
    public static string InstanceId(ILocalSiloDetails silo) =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : silo.SiloAddress.Endpoint.ToString();

    /// <summary>Each readiness check and its state: cluster joined, storage reachable, worker running.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal);
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var self = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var status = membership.CurrentSnapshot.GetSiloStatus(self);
        checks["cluster"] = status == SiloStatus.Active ? "joined" : $"not joined ({status.ToString().ToLowerInvariant()})";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StorageProbes.Timeout);
        checks["storage"] = await storage.ProbeAsync(timeout.Token) is { } problem ? $"unreachable: {problem}" : "reachable";
        var worker = services.GetService<WorkerService>();
        checks["worker"] = worker is null ? "disabled" : worker.Draining ? "draining" : worker.Running ? "running" : "stopped";
        return checks;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
