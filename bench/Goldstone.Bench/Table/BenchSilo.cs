using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Goldstone.Bench.Table;

/// <summary>
/// One in-process silo with Goldstone's grains and the real SQLite grain storage in a temporary directory, composed
/// like tests/Grains/ClusterFixture.cs but without the worker: the bench records outcomes itself.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private BenchSilo(string dataDirectory, InProcessTestCluster cluster)
    {
        DataDirectory = dataDirectory;
        Cluster = cluster;
    }

    /// <summary>The temporary data directory (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>The cluster of one silo.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, GoldstoneSiloExtensions.DatabaseFileName);

    /// <summary>The silo's services (its grain storage among them).</summary>
    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    /// <summary>Starts the silo.</summary>
    public static async Task<BenchSilo> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "goldstone-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Goldstone:DataDir"] = dataDirectory,
        }).Build();
        var options = GoldstoneSiloExtensions.ReadOptions(configuration);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddGoldstoneGrains(Path.Combine(dataDirectory, GoldstoneSiloExtensions.DatabaseFileName)));
        builder.ConfigureSiloHost((_, host) =>
        {
            // The scheduler's options are bound from the silo host's configuration.
            host.Configuration.AddConfiguration(configuration);
            host.Services.AddSingleton(Options.Create(options));
            host.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new BenchSilo(dataDirectory, cluster);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
