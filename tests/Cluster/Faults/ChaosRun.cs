using System.Globalization;
using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Tests.EndToEnd;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>
/// Steps the fault tests share across cluster providers: the reference table of an uninterrupted embedded run, rounds
/// of SIGKILL of a random silo, and the checks that a campaign completed with one result per trial and that table.
/// </summary>
public static class ChaosRun
{
    /// <summary>table.md of an uninterrupted embedded run of <paramref name="spec"/> (<c>goldstone run</c>, six slots).</summary>
    public static async Task<string> EmbeddedTableAsync(string spec, string campaign)
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", spec);
        var run = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml", "--data-dir", "embedded", "--slots", "6");
        if (run.ExitCode != 0) throw new InvalidOperationException($"the embedded run failed ({run.ExitCode}):\n{run.Stderr}");
        return await File.ReadAllTextAsync(Path.Combine(dir.Path, "embedded", "campaigns", campaign, "table.md"));
    }

    /// <summary>
    /// <paramref name="rounds"/> times: waits <paramref name="interval"/>, SIGKILLs a random silo, waits 1 s, starts it
    /// again and waits until it is ready. Fails when <paramref name="watch"/> ended first (the campaign was too short).
    /// Returns each kill's time and the killed silo's port, for <see cref="ClusterTrials.RecoverySeconds"/>.
    /// </summary>
    public static async Task<List<(DateTimeOffset At, int SiloPort)>> KillRandomSilosAsync(SiloCluster cluster, CliProcess watch, int rounds,
        TimeSpan interval, Random random, Action<string> log)
    {
        var kills = new List<(DateTimeOffset At, int SiloPort)>();
        for (var round = 0; round < rounds; round++)
        {
            await Task.Delay(interval);
            Assert.False(watch.HasExited, $"the campaign ended after only {round} of {rounds} kill rounds");
            var victim = random.Next(cluster.Count);
            kills.Add((DateTimeOffset.UtcNow, cluster.SiloPort(victim)));
            cluster.Kill(victim);
            await Task.Delay(TimeSpan.FromSeconds(1));
            cluster.Start(victim);
            await cluster.WaitReadyAsync(victim);
            log($"round {round + 1}: killed and restarted silo {victim}");
        }
        return kills;
    }

    /// <summary>Waits for a background <c>watch</c> and asserts that it exited 0; a hang fails with the campaign's status.</summary>
    public static async Task AssertWatchSucceededAsync(CliProcess watch, SiloCluster cluster, string campaign)
    {
        int watched;
        try
        {
            watched = await watch.WaitAsync();
        }
        catch (TaskCanceledException)
        {
            var status = await cluster.CliAsync("status", campaign);
            throw new TimeoutException($"the campaign did not complete: {status.Stdout}{status.Stderr}\nwatch: {watch.Stderr}");
        }
        Assert.True(watched == 0, $"watch exited {watched}:\n{watch.Stderr}\n{cluster.Logs}");
    }

    /// <summary>Every trial succeeded (status and export), and <c>table</c> prints <paramref name="embeddedTable"/>.</summary>
    public static async Task AssertCompleteAndEqualAsync(string workDir, SiloCluster cluster, string campaign, int trials, string embeddedTable)
    {
        var status = await cluster.CliAsync("status", campaign);
        var export = await cluster.CliAsync("export", campaign, "-o", "results.jsonl");
        var table = await cluster.CliAsync("table", campaign, "--format", "markdown");

        var count = trials.ToString(CultureInfo.InvariantCulture);
        Assert.Equal((0, $"{campaign} [completed] {count}/{count} done (succeeded {count}, failed 0), pending 0, running 0\n"), (status.ExitCode, status.Stdout));
        Assert.Equal(0, export.ExitCode);
        var results = File.ReadAllLines(Path.Combine(workDir, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, trials), results.Select(r => r.GetProperty("trial").GetInt32()));
        Assert.All(results, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        Assert.Equal((0, embeddedTable), (table.ExitCode, table.Stdout));
    }

    /// <summary>Trials with more than one succeeded attempt (a result counted twice).</summary>
    public static int CountedTwice(IReadOnlyList<TrialSnapshot> snapshots) =>
        snapshots.Count(s => s.Attempts.Count(a => a.Outcome == "succeeded") > 1);

    /// <summary>The measurements of a repeated-kill run, for <see cref="ClusterTrials.Report"/>; callers may add fields.</summary>
    public static Dictionary<string, object> KillMeasurements(string provider, int rounds, int trials, IReadOnlyList<TrialSnapshot> snapshots,
        IReadOnlyList<double> recovery)
    {
        var (median, max) = ClusterTrials.Summary(recovery);
        return new Dictionary<string, object>
        {
            ["test"] = "kill-random-silo", ["provider"] = provider, ["rounds"] = rounds, ["trials"] = trials, ["lost"] = 0,
            ["counted_twice"] = CountedTwice(snapshots), ["interrupted_attempts"] = recovery.Count,
            ["recovery_median_s"] = Math.Round(median, 2), ["recovery_max_s"] = Math.Round(max, 2),
            ["attempts"] = snapshots.Sum(s => s.Attempts.Count),
        };
    }
}
