using System.Text.Json;
using Goldstone.Silo.Storage.Postgres;
using Goldstone.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>A torch trial killed at epoch k on one silo resumes at k on another, and ends as an uninterrupted run.</summary>
public sealed class ResumeOnAnotherSiloTests(PostgresFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private const string Spec = """
        name: resume-k
        kind: soft_symmetry
        params: {width: 32, lr: 0.01, train_size: 80000, test_size: 2000, penalty: 1}
        epochs: 8
        table:
          metrics: [auc, shift_auc, gen_gap]
        """;

    [Fact]
    public async Task TrialKilledAtEpochK_OnOneSilo_ResumesAtKOnAnotherWithTheUninterruptedMetrics()
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

        // Kill the silo running the trial once a checkpoint after epoch 2 or later is recorded.
        var running = await ClusterTrials.RunningWithCheckpointAsync(cluster.Gateways, "resume-k", 2);
        var victim = cluster.SiloOf(running.Attempts[^1].Worker);
        var killedAt = DateTimeOffset.UtcNow;
        cluster.Kill(victim);
        var watched = await cluster.CliAsync("watch", "resume-k");
        var export = await cluster.CliAsync("export", "resume-k", "-o", "cluster.jsonl");
        var final = (await ClusterTrials.SnapshotsAsync(cluster.Gateways, "resume-k", 1))[0];

        Assert.True(watched.ExitCode == 0, $"{watched.Stderr}\n{cluster.Logs}");
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(2, final.Attempts.Count);
        var survivor = 1 - victim;
        Assert.Contains($":{cluster.SiloPort(survivor)}@", final.Attempts[1].Worker);
        // The second attempt reports only the epochs after the first attempt's last checkpoint (k or later: the
        // trainer may have checkpointed once more before the kill landed).
        var resumedFrom = final.Epochs.Where(e => e.Attempt == 2).Min(e => e.Epoch) - 1;
        Assert.InRange(resumedFrom, running.CheckpointEpoch, 7);
        Assert.Equal(Enumerable.Range(resumedFrom + 1, 8 - resumedFrom), final.Epochs.Where(e => e.Attempt == 2).Select(e => e.Epoch));
        // Final metrics bit for bit those of the uninterrupted embedded run.
        Assert.Equal(ClusterTrials.SingleTrialMetrics(File.ReadAllText(Path.Combine(dir.Path, "embedded", "campaigns", "resume-k", "results.jsonl"))),
            ClusterTrials.SingleTrialMetrics(File.ReadAllText(Path.Combine(dir.Path, "cluster.jsonl"))));
        var line = JsonSerializer.Serialize(new
        {
            test = "resume-on-another-silo", provider = "postgres", killed_after_checkpoint = running.CheckpointEpoch, resumed_from = resumedFrom,
            recovery_s = Math.Round((final.Attempts[1].StartedAt - killedAt).TotalSeconds, 2),
        });
        output.WriteLine(line);
        ClusterTrials.Report(line);
    }
}
