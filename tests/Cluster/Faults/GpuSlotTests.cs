using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Silo.Storage.Postgres;
using Goldstone.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>
/// GPU slots on real silo processes that declare fake GPUs (<c>--gpus</c>): one-GPU trials never run on more GPUs
/// than the cluster has, no two live trainers of a silo own the same device (read from /proc), a silo that leaves
/// mid-run strands no trial, and a campaign asking more GPUs than any silo has says so.
/// </summary>
public sealed class GpuSlotTests(PostgresFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private const int Trials = 12;

    // Synthetic trials ignore their GPUs but run in trainers that own them, like a torch trial would.
    private const string Spec = """
        name: gpu-slots
        kind: synthetic
        params: {duration: 1.6}
        seeds: 12
        epochs: 4
        resources: {gpus: 1}
        table:
          metrics: [score]
        """;

    private const string WideSpec = """
        name: gpu-wide
        kind: synthetic
        params: {duration: 0.1}
        resources: {gpus: 3}
        table:
          metrics: [score]
        """;

    [Fact]
    public async Task OneGpuTrials_OnSilosWithTwoAndOneGpus_NeverOversubscribeAndSurviveASiloLeaving()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", Spec);
        dir.Write("wide.yaml", WideSpec);
        var connection = await fixture.NewDatabaseAsync();
        await PostgresSchema.InitAsync(connection, CancellationToken.None);
        int[] gpus = [2, 1];
        await using var cluster = new SiloCluster(dir.Path, 2, 4, "postgres", connection, ["Goldstone__Cluster__AdvertisedAddress=127.0.0.1"],
            i => ["--gpus", $"{gpus[i]}"]);
        await cluster.StartAllAsync();
        Assert.Equal(0, (await cluster.CliAsync("submit", "spec.yaml")).ExitCode);

        // Sample every trainer of both silos until the campaign ends; the second silo leaves (SIGKILL) 4 s after the
        // first trial started, in the middle of its second or third trial.
        using var watch = cluster.StartCli("watch", "gpu-slots");
        var maxBusy = 0;
        var maxBusyOnTwo = 0;
        var samples = 0;
        var devicesSeen = new HashSet<string>[] { [], [] };
        var left = false;
        DateTime? firstBusy = null;
        while (!watch.HasExited)
        {
            var busy = 0;
            for (var silo = 0; silo < 2; silo++)
            {
                if (!cluster.IsRunning(silo)) continue;
                var trainers = TrainerProcesses.InGroup(cluster.Pid(silo));
                var owned = trainers.Where(t => !string.IsNullOrEmpty(t.VisibleDevices)).Select(t => t.VisibleDevices!).ToList();
                Assert.True(owned.Count == owned.Distinct().Count(),
                    $"silo {silo} has two live trainers on one GPU: {string.Join("; ", trainers.Select(t => $"{t.Pid} '{t.VisibleDevices}' {t.Label}"))}");
                Assert.All(owned, d => Assert.Contains(d, Enumerable.Range(0, gpus[silo]).Select(g => $"{g}")));
                foreach (var device in owned) devicesSeen[silo].Add(device);
                var running = trainers.Count(t => t.Label.Length > 0);
                Assert.InRange(running, 0, gpus[silo]);
                if (silo == 0) maxBusyOnTwo = Math.Max(maxBusyOnTwo, running);
                busy += running;
            }
            Assert.InRange(busy, 0, 3);
            maxBusy = Math.Max(maxBusy, busy);
            samples++;
            if (busy > 0) firstBusy ??= DateTime.UtcNow;
            if (!left && DateTime.UtcNow - firstBusy > TimeSpan.FromSeconds(4))
            {
                cluster.Kill(1);
                left = true;
            }
            await Task.Delay(100);
        }

        Assert.True(await watch.WaitAsync() == 0, $"{watch.Stderr}\n{cluster.Logs}");
        Assert.True(left, "the campaign ended before the second silo left");
        var final = await ClusterTrials.SnapshotsAsync(cluster.Gateways, "gpu-slots", Trials);
        Assert.All(final, s => Assert.Equal(TrialStatus.Succeeded, s.Status));
        Assert.Equal(2, maxBusyOnTwo);
        Assert.Equal(["0", "1"], devicesSeen[0].Order());
        Assert.Equal(["0"], devicesSeen[1].Order());

        // Three GPUs per trial fit no silo: the campaign says why instead of waiting silently.
        Assert.Equal(0, (await cluster.CliAsync("submit", "wide.yaml")).ExitCode);
        // (Once the killed silo is declared dead, the report counts the one worker left.)
        const string expected = "gpu-wide [running] 0/1 done (succeeded 0, failed 0), pending 1, running 0 | unschedulable: its trials ask 1 slot(s) and 3 GPU(s) each, and no silo has that many: the largest of 1 worker(s) has 4 slot(s) and 2 GPU(s)\n";
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string status;
        while ((status = (await cluster.CliAsync("status", "gpu-wide")).Stdout) != expected)
        {
            Assert.True(DateTime.UtcNow < giveUp, $"never reported unschedulable as expected: {status}");
            await Task.Delay(500);
        }
        var line = JsonSerializer.Serialize(new { test = "gpu-slots", trials = Trials, gpus, max_running = maxBusy, samples });
        output.WriteLine(line);
        ClusterTrials.Report(line);
    }
}
