using System.Globalization;
using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>
/// Three real silo processes on a real PostgreSQL: silos SIGKILLed and started again, all of them at once, and the
/// database stopped for 30 s. After each, the campaign completes with one result per trial and the table of an
/// uninterrupted embedded run, cell for cell.
/// </summary>
public sealed class SiloKillTests(ChaosFixture fixture, ITestOutputHelper output) : IClassFixture<ChaosFixture>
{
    private static readonly string[] Environment = ["Goldstone__Cluster__AdvertisedAddress=127.0.0.1"];
    private static readonly TimeSpan RoundInterval = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task KillRandomSilo_RepeatedlyMidCampaign_CompletesWithOneResultPerTrialAndTheEmbeddedTable()
    {
        using var dir = new TempDir();
        await using var cluster = await SubmittedAsync(dir);
        using var watch = cluster.StartCli("watch", ChaosFixture.Campaign);

        var kills = await ChaosRun.KillRandomSilosAsync(cluster, watch, ChaosSpec.Rounds, RoundInterval, new Random(20261202), output.WriteLine);

        await ChaosRun.AssertWatchSucceededAsync(watch, cluster, ChaosFixture.Campaign);
        await AssertCompleteAndEqualAsync(dir, cluster);
        var snapshots = await ClusterTrials.SnapshotsAsync(cluster.Gateways, ChaosFixture.Campaign, ChaosSpec.Trials);
        var recovery = ClusterTrials.RecoverySeconds(snapshots, kills);
        Assert.Equal(0, ChaosRun.CountedTwice(snapshots));
        Assert.NotEmpty(recovery);
        var line = JsonSerializer.Serialize(ChaosRun.KillMeasurements("postgres", kills.Count, ChaosSpec.Trials, snapshots, recovery));
        output.WriteLine(line);
        ClusterTrials.Report(line);
    }

    [Fact]
    public async Task KillAllSilos_StartedAgain_CampaignFinishesWithoutAnyResumeCall()
    {
        using var dir = new TempDir();
        await using var cluster = await SubmittedAsync(dir);
        await WaitForDoneAsync(cluster, ChaosSpec.Trials / 4);

        var killedAt = DateTimeOffset.UtcNow;
        for (var i = 0; i < cluster.Count; i++) cluster.Kill(i);
        await Task.Delay(TimeSpan.FromSeconds(2));
        for (var i = 0; i < cluster.Count; i++) cluster.Start(i);
        await Task.WhenAll(Enumerable.Range(0, cluster.Count).Select(cluster.WaitReadyAsync));
        // Only reads from here on: the silos' startup tasks (and the reminder behind them) resume the campaign.
        var watched = await cluster.CliAsync("watch", ChaosFixture.Campaign);

        Assert.True(watched.ExitCode == 0, $"watch exited {watched.ExitCode}:\n{watched.Stderr}\n{cluster.Logs}");
        await AssertCompleteAndEqualAsync(dir, cluster);
        var snapshots = await ClusterTrials.SnapshotsAsync(cluster.Gateways, ChaosFixture.Campaign, ChaosSpec.Trials);
        var restarted = snapshots.SelectMany(s => s.Attempts).Where(a => a.StartedAt > killedAt).Min(a => a.StartedAt);
        var line = JsonSerializer.Serialize(new
        {
            test = "kill-all-silos", provider = "postgres", trials = ChaosSpec.Trials, lost = 0,
            counted_twice = ChaosRun.CountedTwice(snapshots),
            first_attempt_after_kill_s = Math.Round((restarted - killedAt).TotalSeconds, 2),
        });
        output.WriteLine(line);
        ClusterTrials.Report(line);
    }

    [Fact]
    public async Task PostgresStoppedFor30Seconds_MidCampaign_SilosRetryAndTheCampaignFinishes()
    {
        using var dir = new TempDir();
        await using var cluster = await SubmittedAsync(dir);
        await WaitForDoneAsync(cluster, ChaosSpec.Trials / 6);

        await fixture.Postgres.StopAsync();
        string readiness;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            readiness = await ReadyzAsync(cluster);
            await Task.Delay(TimeSpan.FromSeconds(20));
            Assert.All(Enumerable.Range(0, cluster.Count), i => Assert.True(cluster.IsRunning(i), $"silo {i} exited during the outage:\n{cluster.Logs}"));
        }
        finally
        {
            await fixture.Postgres.StartAgainAsync();
        }
        var watched = await cluster.CliAsync("watch", ChaosFixture.Campaign);

        Assert.True(watched.ExitCode == 0, $"watch exited {watched.ExitCode}:\n{watched.Stderr}\n{cluster.Logs}");
        Assert.Contains("\"storage\":\"unreachable: PostgreSQL at 127.0.0.1:", readiness);
        Assert.StartsWith("503 ", readiness);
        await AssertCompleteAndEqualAsync(dir, cluster);
        Assert.All(Enumerable.Range(0, cluster.Count), i => Assert.True(cluster.IsRunning(i), $"silo {i} exited:\n{cluster.Logs}"));
        Assert.Contains("Storage or cluster call failed (retry", cluster.Logs);
        var snapshots = await ClusterTrials.SnapshotsAsync(cluster.Gateways, ChaosFixture.Campaign, ChaosSpec.Trials);
        var line = JsonSerializer.Serialize(new
        {
            test = "postgres-stopped-30s", provider = "postgres", trials = ChaosSpec.Trials, lost = 0,
            counted_twice = ChaosRun.CountedTwice(snapshots),
            attempts = snapshots.Sum(s => s.Attempts.Count),
            retry_log_lines = cluster.Logs.Split('\n').Count(l => l.Contains("Storage or cluster call failed (retry", StringComparison.Ordinal)),
        });
        output.WriteLine(line);
        ClusterTrials.Report(line);
    }

    /// <summary>Three silos of two slots on a fresh database, with the chaos campaign submitted.</summary>
    private async Task<SiloCluster> SubmittedAsync(TempDir dir)
    {
        dir.Write("spec.yaml", ChaosSpec.Text(ChaosFixture.Campaign));
        var cluster = new SiloCluster(dir.Path, 3, 2, "postgres", await fixture.NewDatabaseAsync(), Environment);
        try
        {
            await cluster.StartAllAsync();
            Assert.Equal(0, (await cluster.CliAsync("submit", "spec.yaml")).ExitCode);
            return cluster;
        }
        catch
        {
            // No silo process outlives a failed start.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every trial succeeded exactly once, and the table is the embedded run's.</summary>
    private Task AssertCompleteAndEqualAsync(TempDir dir, SiloCluster cluster) =>
        ChaosRun.AssertCompleteAndEqualAsync(dir.Path, cluster, ChaosFixture.Campaign, ChaosSpec.Trials, fixture.EmbeddedTable);

    private static async Task WaitForDoneAsync(SiloCluster cluster, int done)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < giveUp)
        {
            var status = await cluster.CliAsync("status", ChaosFixture.Campaign);
            var slash = status.Stdout.IndexOf('/', StringComparison.Ordinal);
            var start = status.Stdout.IndexOf("] ", StringComparison.Ordinal) + 2;
            if (status.ExitCode == 0 && slash > start && int.Parse(status.Stdout[start..slash], CultureInfo.InvariantCulture) >= done) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"fewer than {done} trials were done after 3 minutes:\n{cluster.Logs}");
    }

    private static async Task<string> ReadyzAsync(SiloCluster cluster)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var response = await http.GetAsync($"http://127.0.0.1:{cluster.HttpPort(0)}/readyz");
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }
}
