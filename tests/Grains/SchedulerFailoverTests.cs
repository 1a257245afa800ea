using Goldstone.Contracts;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Goldstone.Tests.Grains;

/// <summary>Two silos with a worker each on one SQLite store; the silo that hosts the scheduler is killed mid-campaign.</summary>
public sealed class SchedulerFailoverTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "goldstone-failover-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Goldstone:DataDir"] = _dataDir,
            ["Goldstone:Worker:Slots"] = "2",
            ["Goldstone:Worker:PollInterval"] = "00:00:00.100",
            ["Goldstone:Worker:HeartbeatInterval"] = "00:00:01",
        }).Build();
        var options = GoldstoneSiloExtensions.ReadOptions(configuration);
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGoldstoneGrains(Path.Combine(_dataDir, GoldstoneSiloExtensions.DatabaseFileName));
            // A killed silo is declared dead within a few seconds, as cluster mode will tune it.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            // The scheduler's options are bound from the silo host's configuration.
            host.Configuration.AddConfiguration(configuration);
            host.Services.AddSingleton(Options.Create(options));
            host.Services.AddGoldstoneWorker();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task KillSiloAsync_SiloHostingTheScheduler_RunningAttemptsGoOnAndNothingCountsTwice()
    {
        var client = _cluster.Client;
        var campaign = client.GetGrain<ICampaignGrain>("failover");
        // Eight trials of eight one-second epochs, four at a time: the kill comes while both silos run two.
        var spec = Specs.Synthetic("failover", "{duration: 8}", "{x: {values: [0, 1, 2, 3, 4, 5, 6, 7]}}", seeds: 1, maxAttempts: 1, epochs: 8,
            table: "table: {baseline: {x: 0}, metrics: [score]}");
        await campaign.SubmitAsync(spec, "failover.yaml");
        CampaignProgress progress = null!;
        await Waiting.UntilAsync(async () => (progress = await campaign.GetProgressAsync()).Running.Count(r => r.Epoch >= 1) == 4,
            "four trials past their first epoch");

        var scheduler = client.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);
        var schedulerSilo = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(scheduler);
        var doomed = _cluster.Silos.Single(s => s.SiloAddress.Equals(schedulerSilo));
        var survivor = _cluster.Silos.Single(s => !s.SiloAddress.Equals(schedulerSilo));
        var onSurvivor = progress.Running.Where(r => r.Worker.EndsWith("@" + survivor.SiloAddress.ToParsableString(), StringComparison.Ordinal))
            .Select(r => r.Index).ToList();
        Assert.Equal(2, onSurvivor.Count);

        await _cluster.KillSiloAsync(doomed);
        // A call that reached the killed silo times out until the cluster declares it dead; as a client would, ask again.
        CampaignProgress done = null!;
        await Waiting.UntilAsync(async () =>
        {
            try
            {
                done = await campaign.GetProgressAsync();
                return done.Status == CampaignStatus.Completed;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                return false;
            }
        }, "the campaign to complete after the kill");

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.GetGrain<ITrialGrain>(TrialKeys.Of("failover", i)).GetAsync()));
        Assert.Equal(8, done.Counts.GetValueOrDefault(TrialStatus.Succeeded));
        Assert.All(snapshots, s => Assert.Equal(TrialStatus.Succeeded, s.Status));
        Assert.All(snapshots, s => Assert.Equal(1, s.Attempts.Count(a => a.Outcome == "succeeded")));
        Assert.All(snapshots, s => Assert.DoesNotContain(s.Attempts, a => a.Outcome == "failed"));
        // The attempts that ran on the surviving silo were never stopped: one attempt each, from its first epoch.
        Assert.All(onSurvivor, i => Assert.Equal(["succeeded"], snapshots[i].Attempts.Select(a => a.Outcome)));
        var table = await client.GetGrain<IAggregatorGrain>("failover").GetTableAsync(TableQuery.Default);
        Assert.Equal(8, table.Rows.Sum(r => r.Succeeded));
        Assert.All(table.Rows, r => Assert.Equal((1, 1), (r.Trials, r.Succeeded)));
    }
}
