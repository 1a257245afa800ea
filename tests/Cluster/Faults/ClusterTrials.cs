using System.Net;
using Goldstone.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>What the fault tests read back from the cluster's trial grains, through an Orleans client of their own.</summary>
public static class ClusterTrials
{
    /// <summary>Every trial's snapshot (attempt history with worker and times).</summary>
    public static async Task<IReadOnlyList<TrialSnapshot>> SnapshotsAsync(string gateways, string campaign, int trials)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.Split(',').Select(g => IPEndPoint.Parse(g)).ToArray());
            client.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = GoldstoneNames.EmbeddedClusterId;
                o.ServiceId = GoldstoneNames.ServiceId;
            });
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var snapshots = new List<TrialSnapshot>();
        foreach (var chunk in Enumerable.Range(0, trials).Chunk(50))
            snapshots.AddRange(await Task.WhenAll(chunk.Select(i => grains.GetGrain<ITrialGrain>(TrialKeys.Of(campaign, i)).GetAsync())));
        await host.StopAsync();
        return snapshots;
    }

    /// <summary>
    /// Polls the single trial of <paramref name="campaign"/> until it runs with a recorded checkpoint of epoch
    /// <paramref name="minEpoch"/> to <paramref name="maxEpoch"/>; fails after 3 minutes, or once it is past the range.
    /// </summary>
    public static async Task<TrialSnapshot> RunningWithCheckpointAsync(string gateways, string campaign, int minEpoch, int maxEpoch = int.MaxValue)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var running = (await SnapshotsAsync(gateways, campaign, 1))[0];
            if (running.Status == TrialStatus.Running && running.CheckpointEpoch >= minEpoch && running.CheckpointEpoch <= maxEpoch) return running;
            Assert.True(DateTime.UtcNow < giveUp && running.CheckpointEpoch <= maxEpoch,
                $"no checkpoint in epochs {minEpoch}-{maxEpoch} seen while running: {running.Status}, checkpoint {running.CheckpointEpoch}, epoch {running.CurrentEpoch}");
            await Task.Delay(200);
        }
    }

    /// <summary>The metrics of the single trial of a results.jsonl or an export.</summary>
    public static string SingleTrialMetrics(string resultsJsonl) =>
        System.Text.Json.JsonDocument.Parse(resultsJsonl.Trim()).RootElement.GetProperty("metrics").GetRawText();

    /// <summary>
    /// For each kill (time, the killed silo's port), the seconds from the kill until each attempt it interrupted had a
    /// successor running: a worker id ends in <c>@ADDRESS:PORT@GENERATION</c>, so the killed silo's attempts are those
    /// of its port that started before the kill and did not end before it.
    /// </summary>
    public static IReadOnlyList<double> RecoverySeconds(IReadOnlyList<TrialSnapshot> snapshots, IEnumerable<(DateTimeOffset At, int SiloPort)> kills)
    {
        var seconds = new List<double>();
        foreach (var (at, port) in kills)
            foreach (var trial in snapshots)
                for (var i = 0; i < trial.Attempts.Count - 1; i++)
                {
                    var attempt = trial.Attempts[i];
                    if (!attempt.Worker.Contains($":{port}@", StringComparison.Ordinal) || attempt.StartedAt >= at) continue;
                    if (attempt.Outcome == "succeeded" || attempt.EndedAt < at) continue;
                    seconds.Add((trial.Attempts[i + 1].StartedAt - at).TotalSeconds);
                }
        return seconds;
    }

    /// <summary>Median and maximum, for the report.</summary>
    public static (double Median, double Max) Summary(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return (median, sorted[^1]);
    }

    /// <summary>Appends one line of measurements to GOLDSTONE_FAULT_REPORT when it is set (docs/reliability.md is written from it).</summary>
    public static void Report(string line)
    {
        if (Environment.GetEnvironmentVariable("GOLDSTONE_FAULT_REPORT") is { Length: > 0 } path)
            File.AppendAllText(path, line + "\n");
    }
}
