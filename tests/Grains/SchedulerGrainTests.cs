using Goldstone.Contracts;

namespace Goldstone.Tests.Grains;

public sealed class SchedulerGrainTests(SchedulerFixture fixture) : IClassFixture<SchedulerFixture>
{
    private ISchedulerGrain Scheduler => fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);

    private static TrialConfig Trial(string campaign, int index, int slots = 1) => new(
        campaign, index, "synthetic", [], Seed: index, Epochs: 1, Threads: 1, Slots: slots, TimeoutSeconds: 60,
        new RetryPolicy(1, 1, 1, false), ["score"], "(all)");

    private static LeaseHeartbeat Beat(TrialLease lease, int attempt, int epoch) =>
        new(lease.LeaseId, attempt, epoch, lease.Trial, default);

    [Fact]
    public async Task LeaseAsync_TrialsWiderThanFreeSlots_AreNotLeased()
    {
        await Scheduler.EnqueueAsync([Trial("wide", 0, slots: 2), Trial("wide", 1, slots: 2)]);

        var one = await Scheduler.LeaseAsync("w-wide", WorkerCapacity.Cpu(3));
        var none = await Scheduler.LeaseAsync("w-wide", WorkerCapacity.Cpu(1));
        var last = await Scheduler.LeaseAsync("w-wide", WorkerCapacity.Cpu(2));

        Assert.Equal([0], one.Select(l => l.Trial.Index));
        Assert.Empty(none);
        Assert.Equal([1], last.Select(l => l.Trial.Index));
        foreach (var lease in one.Concat(last)) await Scheduler.ReleaseAsync(lease.LeaseId, requeue: false);
    }

    [Fact]
    public async Task LeaseAsync_TwoCampaigns_AlternatesBetweenThem()
    {
        await Scheduler.EnqueueAsync([Trial("fair-a", 0), Trial("fair-a", 1), Trial("fair-a", 2)]);
        await Scheduler.EnqueueAsync([Trial("fair-b", 0), Trial("fair-b", 1)]);

        var leases = await Scheduler.LeaseAsync("w-fair", WorkerCapacity.Cpu(4));

        Assert.Equal(4, leases.Count);
        Assert.Equal(2, leases.Count(l => l.Trial.Campaign == "fair-a"));
        Assert.Equal(2, leases.Count(l => l.Trial.Campaign == "fair-b"));
        var rest = await Scheduler.LeaseAsync("w-fair", WorkerCapacity.Cpu(4));
        Assert.Equal(["fair-a/2"], rest.Select(l => l.Trial.TrialKey));
        foreach (var lease in leases.Concat(rest)) await Scheduler.ReleaseAsync(lease.LeaseId, requeue: false);
    }

    [Fact]
    public async Task EnqueueAsync_SameTrialTwice_QueuesItOnce()
    {
        await Scheduler.EnqueueAsync([Trial("dedup", 0)]);
        await Scheduler.EnqueueAsync([Trial("dedup", 0)]);

        var leases = await Scheduler.LeaseAsync("w-dedup", WorkerCapacity.Cpu(5));
        await Scheduler.EnqueueAsync([Trial("dedup", 0)]);
        var whileLeased = await Scheduler.LeaseAsync("w-dedup", WorkerCapacity.Cpu(5));

        Assert.Single(leases);
        Assert.Empty(whileLeased);
        await Scheduler.ReleaseAsync(leases[0].LeaseId, requeue: false);
    }

    [Fact]
    public async Task LeaseAsync_ExpiredLease_GoesToAnotherWorkerAndTheFirstLosesIt()
    {
        await Scheduler.EnqueueAsync([Trial("expiry", 0)]);
        var first = Assert.Single(await Scheduler.LeaseAsync("w-dead", WorkerCapacity.Cpu(1)));
        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await Scheduler.RenewAsync("w-dead", [Beat(first, 1, 1)]));

        fixture.Time.Advance(TimeSpan.FromSeconds(31));
        var second = Assert.Single(await Scheduler.LeaseAsync("w-alive", WorkerCapacity.Cpu(1)));
        var lost = await Scheduler.RenewAsync("w-dead", [Beat(first, 1, 1)]);

        Assert.Equal("expiry/0", second.Trial.TrialKey);
        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.Equal([first.LeaseId], lost);
        await Scheduler.ReleaseAsync(second.LeaseId, requeue: false);
    }

    [Fact]
    public async Task CancelCampaignAsync_DropsQueuedAndRevokesLeases()
    {
        await Scheduler.EnqueueAsync([Trial("cancelled", 0), Trial("cancelled", 1)]);
        var lease = Assert.Single(await Scheduler.LeaseAsync("w-cancel", WorkerCapacity.Cpu(1)));

        await Scheduler.CancelCampaignAsync("cancelled");

        Assert.Equal([lease.LeaseId], await Scheduler.RenewAsync("w-cancel", [Beat(lease, 1, 0)]));
        Assert.Empty(await Scheduler.GetRunningAsync("cancelled"));
        Assert.DoesNotContain(await Scheduler.LeaseAsync("w-cancel", WorkerCapacity.Cpu(10)), l => l.Trial.Campaign == "cancelled");
    }

    [Fact]
    public async Task GetRunningAsync_ReportsEpochFromHeartbeats()
    {
        await Scheduler.EnqueueAsync([Trial("running", 0)]);
        var lease = Assert.Single(await Scheduler.LeaseAsync("w-run", WorkerCapacity.Cpu(1)));
        await Scheduler.RenewAsync("w-run", [Beat(lease, 2, 3)]);

        var running = Assert.Single(await Scheduler.GetRunningAsync("running"));

        Assert.Equal((0, "w-run", 2, 3), (running.Index, running.Worker, running.Attempt, running.Epoch));
        await Scheduler.ReleaseAsync(lease.LeaseId, requeue: true);
        Assert.Empty(await Scheduler.GetRunningAsync("running"));
        var again = Assert.Single(await Scheduler.LeaseAsync("w-run", WorkerCapacity.Cpu(1)));
        await Scheduler.ReleaseAsync(again.LeaseId, requeue: false);
    }

    [Fact]
    public async Task RenewAsync_LeaseThisActivationNeverGranted_AdoptsItAndTakesTheTrialOutOfTheQueue()
    {
        // As after the scheduler's silo died: the rebuilt queue holds a trial whose worker still runs it.
        await Scheduler.EnqueueAsync([Trial("adopt", 0), Trial("adopt", 1)]);
        var held = new LeaseHeartbeat("lease-from-before", 1, 4, Trial("adopt", 0), fixture.Time.GetUtcNow());

        var lost = await Scheduler.RenewAsync("w-adopt", [held]);
        var running = Assert.Single(await Scheduler.GetRunningAsync("adopt"));
        var leases = await Scheduler.LeaseAsync("w-other", WorkerCapacity.Cpu(5));

        Assert.Empty(lost);
        Assert.Equal((0, "w-adopt", 1, 4), (running.Index, running.Worker, running.Attempt, running.Epoch));
        Assert.Equal(["adopt/1"], leases.Select(l => l.Trial.TrialKey));
        await Scheduler.ReleaseAsync("lease-from-before", requeue: false);
        await Scheduler.ReleaseAsync(leases[0].LeaseId, requeue: false);
        Assert.Empty(await Scheduler.GetRunningAsync("adopt"));
    }

    [Fact]
    public async Task RenewAsync_UnknownLeaseOfATrialLeasedToAnother_IsLost()
    {
        await Scheduler.EnqueueAsync([Trial("contested", 0)]);
        var granted = Assert.Single(await Scheduler.LeaseAsync("w-granted", WorkerCapacity.Cpu(1)));

        var lost = await Scheduler.RenewAsync("w-stale", [new LeaseHeartbeat("stale-lease", 1, 1, Trial("contested", 0), default)]);

        Assert.Equal(["stale-lease"], lost);
        Assert.Equal("w-granted", Assert.Single(await Scheduler.GetRunningAsync("contested")).Worker);
        await Scheduler.ReleaseAsync(granted.LeaseId, requeue: false);
        // An ended lease is not adopted again by a heartbeat that was already on its way.
        Assert.Equal([granted.LeaseId], await Scheduler.RenewAsync("w-granted", [Beat(granted, 1, 1)]));
    }

    [Fact]
    public async Task DeferAsync_Lease_QueuesTheTrialAgainOnlyAfterTheDelay()
    {
        await Scheduler.EnqueueAsync([Trial("deferred", 0)]);
        var lease = Assert.Single(await Scheduler.LeaseAsync("w-defer", WorkerCapacity.Cpu(1)));

        await Scheduler.DeferAsync(lease.LeaseId, TimeSpan.FromSeconds(2));
        var early = await Scheduler.LeaseAsync("w-defer", WorkerCapacity.Cpu(1));
        await Scheduler.EnqueueAsync([Trial("deferred", 0)]);
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        var due = await Scheduler.LeaseAsync("w-defer", WorkerCapacity.Cpu(5));

        Assert.Empty(early);
        Assert.Equal(["deferred/0"], due.Select(l => l.Trial.TrialKey));
        await Scheduler.ReleaseAsync(due[0].LeaseId, requeue: false);
    }
}
