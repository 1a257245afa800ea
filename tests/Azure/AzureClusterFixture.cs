using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Goldstone.Tests.Azure;

/// <summary>
/// A real Azurite, and two silos in this process composed by <c>AddGoldstoneSilo</c> with <c>Goldstone:Cluster:Provider</c>
/// azure (Table membership and reminders, Blob grain state, real TCP between them) whose workers run real trainer
/// processes and keep checkpoints in the azure-blob store; and a client that finds them through the membership table.
/// </summary>
public sealed class AzureClusterFixture : IAsyncLifetime
{
    public const string CheckpointContainer = "test-checkpoints";

    public string ClusterId { get; } = "azure-tests-" + Guid.NewGuid().ToString("N")[..8];

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "goldstone-azure-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public AzuriteServer Azurite { get; private set; } = null!;

    public List<IHost> Silos { get; } = [];

    public IHost ClientHost { get; private set; } = null!;

    public IClusterClient Client => ClientHost.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartNewAsync();
        foreach (var name in new[] { "silo-a", "silo-b" })
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
            builder.Configuration.AddInMemoryCollection(Configuration(Azurite.ConnectionString, Path.Combine(DataDir, name)));
            builder.AddGoldstoneSilo();
            var silo = builder.Build();
            Silos.Add(silo);
            await silo.StartAsync();
        }

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        var connectionString = Azurite.ConnectionString;
        client.UseOrleansClient(orleans =>
        {
            orleans.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
            orleans.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ClusterId;
            });
        });
        ClientHost = client.Build();
        await ClientHost.StartAsync();
    }

    /// <summary>A silo's configuration: its own ports and data directory, as on separate machines.</summary>
    private Dictionary<string, string?> Configuration(string connectionString, string dataDir) => new()
    {
        ["Goldstone:DataDir"] = dataDir,
        ["Goldstone:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Goldstone:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Goldstone:Http:Port"] = "0",
        ["Goldstone:Cluster:Provider"] = ClusterOptions.Azure,
        ["Goldstone:Cluster:ConnectionString"] = connectionString,
        ["Goldstone:Cluster:ClusterId"] = ClusterId,
        ["Goldstone:Cluster:ServiceId"] = ClusterId,
        ["Goldstone:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Goldstone:Checkpoints:Provider"] = CheckpointOptions.AzureBlob,
        ["Goldstone:Checkpoints:Container"] = CheckpointContainer,
        ["Goldstone:Worker:Slots"] = "2",
        ["Goldstone:Worker:PollInterval"] = "00:00:00.100",
        ["Goldstone:Worker:HeartbeatInterval"] = "00:00:01",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (ClientHost is not null) await StopAsync(ClientHost);
        foreach (var silo in Enumerable.Reverse(Silos)) await StopAsync(silo);
        if (Azurite is not null) await Azurite.DisposeAsync();
        if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else host.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AzureClusterCollection : ICollectionFixture<AzureClusterFixture>
{
    public const string Name = "azure cluster";
}
