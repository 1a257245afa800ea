using Goldstone.Contracts;

namespace Goldstone.Tests.Grains;

public sealed class SchedulerGrainTests(SchedulerFixture fixture) : IClassFixture<SchedulerFixture>
{
    private ISchedulerGrain Scheduler => fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);

    private static TrialConfig Trial(string campaign, int index, int slots = 1) => new(
        campaign, index, "synthetic", [], Seed: index, Epochs: 1, Threads: 1, Slots: slots, TimeoutSeconds: 60,
        new RetryPolicy(1, 1, 1, false), ["score"], "(all)");

    [Fact]
    public async Task LeaseAsync_TrialsWiderThanFreeSlots_AreNotLeased()
    {
        await Scheduler.EnqueueAsync([Trial("wide", 0, slots: 2), Trial("wide", 1, slots: 2)]);

        var one = await Scheduler.LeaseAsync("w-wide", 3);
        var none = await Scheduler.LeaseAsync("w-wide", 1);
        var last = await Scheduler.LeaseAsync("w-wide", 2);

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

        var leases = await Scheduler.LeaseAsync("w-fair", 4);

        Assert.Equal(4, leases.Count);
        Assert.Equal(2, leases.Count(l => l.Trial.Campaign == "fair-a"));
        Assert.Equal(2, leases.Count(l => l.Trial.Campaign == "fair-b"));
        var rest = await Scheduler.LeaseAsync("w-fair", 4);
        Assert.Equal(["fair-a/2"], rest.Select(l => l.Trial.TrialKey));
        foreach (var lease in leases.Concat(rest)) await Scheduler.ReleaseAsync(lease.LeaseId, requeue: false);
    }

    [Fact]
    public async Task EnqueueAsync_SameTrialTwice_QueuesItOnce()
    {
        await Scheduler.EnqueueAsync([Trial("dedup", 0)]);
        await Scheduler.EnqueueAsync([Trial("dedup", 0)]);

        var leases = await Scheduler.LeaseAsync("w-dedup", 5);
        await Scheduler.EnqueueAsync([Trial("dedup", 0)]);
        var whileLeased = await Scheduler.LeaseAsync("w-dedup", 5);

        Assert.Single(leases);
        Assert.Empty(whileLeased);
        await Scheduler.ReleaseAsync(leases[0].LeaseId, requeue: false);
    }

    [Fact]
    public async Task LeaseAsync_ExpiredLease_GoesToAnotherWorkerAndTheFirstLosesIt()
    {
        await Scheduler.EnqueueAsync([Trial("expiry", 0)]);
        var first = Assert.Single(await Scheduler.LeaseAsync("w-dead", 1));
        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await Scheduler.RenewAsync("w-dead", [new LeaseHeartbeat(first.LeaseId, 1, 1)]));

        fixture.Time.Advance(TimeSpan.FromSeconds(31));
        var second = Assert.Single(await Scheduler.LeaseAsync("w-alive", 1));
        var lost = await Scheduler.RenewAsync("w-dead", [new LeaseHeartbeat(first.LeaseId, 1, 1)]);

        Assert.Equal("expiry/0", second.Trial.TrialKey);
        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.Equal([first.LeaseId], lost);
        await Scheduler.ReleaseAsync(second.LeaseId, requeue: false);
    }

    [Fact]
    public async Task CancelCampaignAsync_DropsQueuedAndRevokesLeases()
    {
        await Scheduler.EnqueueAsync([Trial("cancelled", 0), Trial("cancelled", 1)]);
        var lease = Assert.Single(await Scheduler.LeaseAsync("w-cancel", 1));

        await Scheduler.CancelCampaignAsync("cancelled");

        Assert.Equal([lease.LeaseId], await Scheduler.RenewAsync("w-cancel", [new LeaseHeartbeat(lease.LeaseId, 1, 0)]));
        Assert.Empty(await Scheduler.GetRunningAsync("cancelled"));
        Assert.DoesNotContain(await Scheduler.LeaseAsync("w-cancel", 10), l => l.Trial.Campaign == "cancelled");
    }

    [Fact]
    public async Task GetRunningAsync_ReportsEpochFromHeartbeats()
    {
        await Scheduler.EnqueueAsync([Trial("running", 0)]);
        var lease = Assert.Single(await Scheduler.LeaseAsync("w-run", 1));
        await Scheduler.RenewAsync("w-run", [new LeaseHeartbeat(lease.LeaseId, 2, 3)]);

        var running = Assert.Single(await Scheduler.GetRunningAsync("running"));

        Assert.Equal((0, "w-run", 2, 3), (running.Index, running.Worker, running.Attempt, running.Epoch));
        await Scheduler.ReleaseAsync(lease.LeaseId, requeue: true);
        Assert.Empty(await Scheduler.GetRunningAsync("running"));
        var again = Assert.Single(await Scheduler.LeaseAsync("w-run", 1));
        await Scheduler.ReleaseAsync(again.LeaseId, requeue: false);
    }
}
