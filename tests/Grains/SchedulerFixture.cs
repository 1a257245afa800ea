using Goldstone.Grains;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Goldstone.Tests.Grains;

/// <summary>A silo without a worker and with a fake clock, to drive the scheduler's leases by hand.</summary>
public sealed class SchedulerFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "goldstone-scheduler-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SchedulerOptions.Section}:LeaseDuration"] = "00:00:30",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddGoldstoneGrains(Path.Combine(_dataDir, "scheduler.db")));
        builder.ConfigureSiloHost((_, host) =>
        {
            // The scheduler's options are bound from the silo host's configuration.
            host.Configuration.AddConfiguration(configuration);
            host.Services.AddSingleton<TimeProvider>(Time);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
