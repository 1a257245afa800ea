using System.Diagnostics;
using Goldstone.Bench.Table;
using Goldstone.Contracts;

namespace Goldstone.Bench.ClusterGrains;

/// <summary>
/// What one trial costs the grains every silo of a cluster shares: the scheduler (one activation for the whole
/// cluster) and the campaign (one per campaign). A submitted campaign of --trials trials is drained by 8 simulated
/// workers that lease 4 at a time, heartbeat their leases once and release each trial, as WorkerService does for a
/// no-op trial; then the campaign grain takes one shard-progress message per trial (what each recorded outcome
/// sends it). Wall time per trial at saturation bounds the cluster's throughput: no number of silos finishes trials
/// faster than the scheduler grain can hand them out. Client and silo share this process and its 2 cores, so the
/// cost includes the callers' side: the ceiling is a lower bound.
/// </summary>
public static class ClusterGrainsBench
{
    private const int Workers = 8;
    private const int LeaseBatch = 4;

    /// <summary>The <c>cluster-grains</c> command.</summary>
    public static async Task RunAsync(BenchArguments arguments)
    {
        var trials = arguments.Trials;
        var workload = $"{trials} trials";
        void Emit(string metric, string unit, double value)
        {
            new Measurement("cluster-grains", workload, "goldstone", 0, metric, unit, [value]).Emit();
            Console.Error.WriteLine($"cluster-grains {workload} {metric}: {value:G4} {unit}");
        }

        await using var silo = await BenchSilo.StartAsync();
        var grains = silo.Cluster.Client;
        var campaign = $"cluster-grains-{trials}";
        var submitted = await grains.GetGrain<ICampaignGrain>(campaign).SubmitAsync(SyntheticCampaign.Spec(campaign, trials), "bench.yaml");
        if (submitted.Outcome != SubmitOutcome.Created) throw new InvalidOperationException(string.Join("\n", submitted.Errors));
        var scheduler = grains.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var done = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => DrainAsync(scheduler, $"bench-worker-{w}")));
        var wall = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (done.Sum() != trials) throw new InvalidOperationException($"drained {done.Sum()} of {trials} trials");
        Emit("scheduler_us_per_trial", "us", wall / trials * 1e6);
        Emit("scheduler_cpu_us_per_trial", "us", cpuSeconds / trials * 1e6);
        Emit("scheduler_ceiling_trials_per_s", "trials/s", trials / wall);

        var campaignGrain = grains.GetGrain<ICampaignGrain>(campaign);
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        foreach (var chunk in Enumerable.Range(0, trials).Chunk(16))
            await Task.WhenAll(chunk.Select(i => campaignGrain.ShardProgressAsync(i / TrialShards.Size, new ShardCounts(i % TrialShards.Size + 1, 0, 0, 0))));
        wall = clock.Elapsed.TotalSeconds;
        cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Emit("campaign_us_per_trial", "us", wall / trials * 1e6);
        Emit("campaign_cpu_us_per_trial", "us", cpuSeconds / trials * 1e6);
        Emit("campaign_ceiling_trials_per_s", "trials/s", trials / wall);
    }

    private static async Task<int> DrainAsync(ISchedulerGrain scheduler, string worker)
    {
        var done = 0;
        while (true)
        {
            var leases = await scheduler.LeaseAsync(worker, WorkerCapacity.Cpu(LeaseBatch));
            if (leases.Count == 0) return done;
            await scheduler.RenewAsync(worker, leases.Select(l => new LeaseHeartbeat(l.LeaseId, 1, 0, l.Trial, DateTimeOffset.UtcNow)).ToList());
            foreach (var lease in leases) await scheduler.ReleaseAsync(lease.LeaseId, false);
            done += leases.Count;
        }
    }
}
