namespace Goldstone.Contracts;

/// <summary>The cluster-wide queue of runnable trials; silos pull leases from it. Key: 0.</summary>
[Alias("goldstone.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Queues trials; a trial already queued or leased is not queued twice.</summary>
    [Alias("Enqueue")]
    Task EnqueueAsync(IReadOnlyList<TrialConfig> trials);

    /// <summary>Leases trials that fit into <paramref name="freeSlots"/>, fairly across campaigns.</summary>
    [Alias("Lease")]
    Task<IReadOnlyList<TrialLease>> LeaseAsync(string worker, int freeSlots);

    /// <summary>Renews a worker's leases; returns the ids of those it no longer holds (expired or cancelled).</summary>
    [Alias("Renew")]
    Task<IReadOnlyList<string>> RenewAsync(string worker, IReadOnlyList<LeaseHeartbeat> heartbeats);

    /// <summary>Ends a lease: the trial finished, or the worker hands it back for another to run.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string leaseId, bool requeue);

    /// <summary>Drops a campaign's queued trials and revokes its leases.</summary>
    [Alias("CancelCampaign")]
    Task CancelCampaignAsync(string campaign);

    /// <summary>The trials of a campaign that hold a lease now.</summary>
    [Alias("GetRunning")]
    Task<IReadOnlyList<RunningTrial>> GetRunningAsync(string campaign);
}
