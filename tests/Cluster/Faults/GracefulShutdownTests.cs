using System.Diagnostics;
using System.Text.Json;
using Goldstone.Silo.Storage.Postgres;
using Goldstone.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>
/// SIGTERM, as Kubernetes stops a pod: the silo takes no new lease, lets its running trial reach its next checkpoint,
/// hands it back and exits 0 well within the grace period; the trial resumes on the other silo from that checkpoint,
/// with no failed attempt, and ends as the uninterrupted run does.
/// </summary>
public sealed class GracefulShutdownTests(PostgresFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private const string Spec = """
        name: sigterm
        kind: soft_symmetry
        params: {width: 32, lr: 0.01, train_size: 80000, test_size: 2000, penalty: 1}
        epochs: 8
        table:
          metrics: [auc, shift_auc, gen_gap]
        """;

    /// <summary>Kubernetes' grace period in the shipped manifests (k8s/base).</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Sigterm_SiloRunningATrial_CheckpointsHandsItBackAndExits_TrialResumesElsewhereWithoutAFailedAttempt()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", Spec);
        var embedded = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml", "--data-dir", "embedded", "--slots", "1");
        Assert.True(embedded.ExitCode == 0, embedded.Stderr);
        var connection = await fixture.NewDatabaseAsync();
        await PostgresSchema.InitAsync(connection, CancellationToken.None);
        await using var cluster = new SiloCluster(dir.Path, 2, 1, "postgres", connection, ["Goldstone__Cluster__AdvertisedAddress=127.0.0.1"]);
        await cluster.StartAllAsync();
        Assert.Equal(0, (await cluster.CliAsync("submit", "spec.yaml")).ExitCode);

        var running = await ClusterTrials.RunningWithCheckpointAsync(cluster.Gateways, "sigterm", 1, 5);
        var victim = cluster.SiloOf(running.Attempts[^1].Worker);
        var clock = Stopwatch.StartNew();
        cluster.Terminate(victim);
        var exitCode = await cluster.WaitExitAsync(victim);
        var exitedAfter = clock.Elapsed;
        var watched = await cluster.CliAsync("watch", "sigterm");
        var export = await cluster.CliAsync("export", "sigterm", "-o", "cluster.jsonl");
        var final = (await ClusterTrials.SnapshotsAsync(cluster.Gateways, "sigterm", 1))[0];

        Assert.True(exitCode == 0, cluster.Logs);
        Assert.InRange(exitedAfter, TimeSpan.Zero, GracePeriod);
        Assert.True(watched.ExitCode == 0, $"{watched.Stderr}\n{cluster.Logs}");
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(2, final.Attempts.Count);
        Assert.Equal("interrupted", final.Attempts[0].Outcome);
        Assert.Contains("shut down", final.Attempts[0].Reason);
        Assert.Equal("succeeded", final.Attempts[1].Outcome);
        Assert.Contains($":{cluster.SiloPort(1 - victim)}@", final.Attempts[1].Worker);
        Assert.Contains("\"failed_attempts\":0", File.ReadAllText(Path.Combine(dir.Path, "cluster.jsonl")));
        // It drained: the attempt it handed back had checkpointed after the signal, so the next one starts past the
        // checkpoint seen before it, at the epoch after the one that was training.
        var resumedFrom = final.Epochs.Where(e => e.Attempt == 2).Min(e => e.Epoch) - 1;
        Assert.InRange(resumedFrom, running.CheckpointEpoch + 1, 7);
        Assert.Equal(Enumerable.Range(resumedFrom + 1, 8 - resumedFrom), final.Epochs.Where(e => e.Attempt == 2).Select(e => e.Epoch));
        Assert.Equal(ClusterTrials.SingleTrialMetrics(File.ReadAllText(Path.Combine(dir.Path, "embedded", "campaigns", "sigterm", "results.jsonl"))),
            ClusterTrials.SingleTrialMetrics(File.ReadAllText(Path.Combine(dir.Path, "cluster.jsonl"))));
        var line = JsonSerializer.Serialize(new
        {
            test = "sigterm-drain", provider = "postgres", checkpoint_before_signal = running.CheckpointEpoch, resumed_from = resumedFrom,
            exited_after_s = Math.Round(exitedAfter.TotalSeconds, 2),
            resumed_after_s = Math.Round((final.Attempts[1].StartedAt - final.Attempts[0].EndedAt!.Value).TotalSeconds, 2),
        });
        output.WriteLine(line);
        ClusterTrials.Report(line);
    }
}
