using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Goldstone.Tests.Grains;

/// <summary>
/// One in-process silo with the real SQLite storage in a temporary directory and a worker that runs real
/// trainer processes (the synthetic kind) in two slots.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "goldstone-grain-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await StartAsync(DataDir);

    /// <summary>
    /// A one-silo cluster on <paramref name="dataDir"/>: SQLite storage, a worker with two slots polling every 0.1 s;
    /// <paramref name="settings"/> add or override configuration keys.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(string dataDir, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Goldstone:DataDir"] = dataDir,
            ["Goldstone:Worker:Slots"] = "2",
            ["Goldstone:Worker:PollInterval"] = "00:00:00.100",
            ["Goldstone:Worker:HeartbeatInterval"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = GoldstoneSiloExtensions.ReadOptions(configuration);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddGoldstoneGrains(Path.Combine(dataDir, GoldstoneSiloExtensions.DatabaseFileName)));
        builder.ConfigureSiloHost((_, host) =>
        {
            // The scheduler's options are bound from the silo host's configuration.
            host.Configuration.AddConfiguration(configuration);
            host.Services.AddSingleton(Options.Create(options));
            host.Services.AddGoldstoneWorker();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
