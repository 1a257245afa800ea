using Goldstone.Contracts;

namespace Goldstone.Tests.Grains;

/// <summary>GPU trials against workers that say what they have; a scheduler of its own, so the fleet is exactly this test's.</summary>
public sealed class SchedulerGpuTests(SchedulerFixture fixture) : IClassFixture<SchedulerFixture>
{
    private ISchedulerGrain Scheduler => fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);

    internal static TrialConfig Trial(string campaign, int index, int gpus) => new(
        campaign, index, "synthetic", [], Seed: index, Epochs: 1, Threads: 1, Slots: 1, TimeoutSeconds: 60,
        new RetryPolicy(1, 1, 1, false), ["score"], "(all)", Gpus: gpus);

    [Fact]
    public async Task LeaseAsync_GpuTrials_GoOnlyToFreeGpusAndNeverToACpuOnlyWorker()
    {
        await Scheduler.EnqueueAsync(Enumerable.Range(0, 4).Select(i => Trial("gpu-one", i, gpus: 1)).ToList());
        await Scheduler.EnqueueAsync([new TrialConfig("gpu-cpu", 0, "synthetic", [], 0, 1, 1, 1, 60, new RetryPolicy(1, 1, 1, false), ["score"], "(all)")]);

        var cpuOnly = await Scheduler.LeaseAsync("w-cpu", new WorkerCapacity(FreeSlots: 8, FreeGpus: 0, Slots: 8, Gpus: 0));
        var twoGpus = await Scheduler.LeaseAsync("w-2gpu", new WorkerCapacity(FreeSlots: 8, FreeGpus: 2, Slots: 8, Gpus: 2));
        var busy = await Scheduler.LeaseAsync("w-2gpu", new WorkerCapacity(FreeSlots: 6, FreeGpus: 0, Slots: 8, Gpus: 2));
        var oneSlot = await Scheduler.LeaseAsync("w-1gpu", new WorkerCapacity(FreeSlots: 1, FreeGpus: 1, Slots: 1, Gpus: 1));

        Assert.Equal(["gpu-cpu/0"], cpuOnly.Select(l => l.Trial.TrialKey));
        Assert.Equal(["gpu-one/0", "gpu-one/1"], twoGpus.Select(l => l.Trial.TrialKey));
        Assert.Empty(busy);
        Assert.Equal(["gpu-one/2"], oneSlot.Select(l => l.Trial.TrialKey));
        Assert.Null(await Scheduler.GetUnschedulableAsync("gpu-one"));
        foreach (var lease in cpuOnly.Concat(twoGpus).Concat(oneSlot)) await Scheduler.ReleaseAsync(lease.LeaseId, requeue: false);
        var last = await Scheduler.LeaseAsync("w-2gpu", new WorkerCapacity(8, 2, 8, 2));
        Assert.Equal(["gpu-one/3"], last.Select(l => l.Trial.TrialKey));
        await Scheduler.ReleaseAsync(last[0].LeaseId, requeue: false);
    }
}

/// <summary>The unschedulable report, on a scheduler whose only workers are this test's.</summary>
public sealed class SchedulerUnschedulableTests(SchedulerFixture fixture) : IClassFixture<SchedulerFixture>
{
    private ISchedulerGrain Scheduler => fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);

    [Fact]
    public async Task LeaseAsync_TrialsAskingMoreGpusThanAnyWorkerHas_AreReportedUnschedulableUntilOneJoins()
    {
        await Scheduler.EnqueueAsync([SchedulerGpuTests.Trial("gpu-four", 0, gpus: 4), SchedulerGpuTests.Trial("gpu-four", 1, gpus: 4)]);

        var small = await Scheduler.LeaseAsync("w-small", new WorkerCapacity(FreeSlots: 2, FreeGpus: 2, Slots: 2, Gpus: 2));
        var reason = await Scheduler.GetUnschedulableAsync("gpu-four");
        var large = await Scheduler.LeaseAsync("w-large", new WorkerCapacity(FreeSlots: 4, FreeGpus: 4, Slots: 4, Gpus: 4));
        // Trial 1 still waits (the large worker is full), but for a worker that is busy, not for one that fits.

        Assert.Empty(small);
        Assert.Equal("its trials ask 1 slot(s) and 4 GPU(s) each, and no silo has that many: the largest of 1 worker(s) has 2 slot(s) and 2 GPU(s)", reason);
        Assert.Equal(["gpu-four/0"], large.Select(l => l.Trial.TrialKey));
        Assert.Null(await Scheduler.GetUnschedulableAsync("gpu-four"));
        await Scheduler.ReleaseAsync(large[0].LeaseId, requeue: false);
        var second = await Scheduler.LeaseAsync("w-large", new WorkerCapacity(4, 4, 4, 4));
        Assert.Equal(["gpu-four/1"], second.Select(l => l.Trial.TrialKey));
        await Scheduler.ReleaseAsync(second[0].LeaseId, requeue: false);
    }
}

/// <summary>A busy worker, known to the scheduler only by its heartbeats (as after a scheduler failover).</summary>
public sealed class SchedulerBusyWorkerTests(SchedulerFixture fixture) : IClassFixture<SchedulerFixture>
{
    private ISchedulerGrain Scheduler => fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);

    [Fact]
    public async Task RenewAsync_WithCapacity_MakesABusyGpuWorkerCountForSchedulability()
    {
        var running = SchedulerGpuTests.Trial("busy-four", 0, gpus: 4);
        await Scheduler.EnqueueAsync([running, SchedulerGpuTests.Trial("busy-four", 1, gpus: 4)]);

        await Scheduler.LeaseAsync("w-cpu-only", new WorkerCapacity(FreeSlots: 4, FreeGpus: 0, Slots: 4, Gpus: 0));
        var before = await Scheduler.GetUnschedulableAsync("busy-four");
        // The 4-GPU worker runs trial 0 (a lease this scheduler adopts from the heartbeat) and has nothing free.
        Assert.Empty(await Scheduler.RenewAsync("w-busy-gpu", [new LeaseHeartbeat("busy-lease", 1, 1, running, default)],
            new WorkerCapacity(FreeSlots: 3, FreeGpus: 0, Slots: 4, Gpus: 4)));
        var leased = await Scheduler.LeaseAsync("w-cpu-only", new WorkerCapacity(4, 0, 4, 0));
        var after = await Scheduler.GetUnschedulableAsync("busy-four");

        Assert.Equal("its trials ask 1 slot(s) and 4 GPU(s) each, and no silo has that many: the largest of 1 worker(s) has 4 slot(s) and 0 GPU(s)", before);
        Assert.Empty(leased);
        Assert.Null(after);
        await Scheduler.ReleaseAsync("busy-lease", requeue: false);
    }
}
