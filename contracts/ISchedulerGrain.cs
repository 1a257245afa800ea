namespace Goldstone.Contracts;

/// <summary>The cluster-wide queue of runnable trials; silos pull leases from it. Key: 0.</summary>
[Alias("goldstone.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Queues trials (send pages of at most a thousand); a trial already queued or leased is not queued twice.</summary>
    [Alias("Enqueue")]
    Task EnqueueAsync(IReadOnlyList<TrialConfig> trials);

    /// <summary>
    /// Leases trials that fit into the worker's free slots and GPUs, fairly across campaigns. A campaign whose trials
    /// fit no worker the scheduler knows is marked unschedulable (<see cref="GetUnschedulableAsync"/>) until one does.
    /// </summary>
    [Alias("Lease")]
    Task<IReadOnlyList<TrialLease>> LeaseAsync(string worker, WorkerCapacity capacity);

    /// <summary>
    /// Renews a worker's leases; returns the ids of those it no longer holds (expired, cancelled, or held by another
    /// lease). A lease this activation does not know (it was started again) is adopted, not lost.
    /// </summary>
    /// <param name="capacity">What the worker has, so that the scheduler knows a busy worker's slots and GPUs.</param>
    [Alias("Renew")]
    Task<IReadOnlyList<string>> RenewAsync(string worker, IReadOnlyList<LeaseHeartbeat> heartbeats, WorkerCapacity? capacity = null);

    /// <summary>Ends a lease: the trial finished, or the worker hands it back for another to run.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string leaseId, bool requeue);

    /// <summary>Ends a lease and queues its trial again after <paramref name="delay"/> (its trial runs elsewhere, for now).</summary>
    [Alias("Defer")]
    Task DeferAsync(string leaseId, TimeSpan delay);

    /// <summary>Drops a campaign's queued trials and revokes its leases; returns the indices of the trials that were leased.</summary>
    [Alias("CancelCampaign")]
    Task<IReadOnlyList<int>> CancelCampaignAsync(string campaign);

    /// <summary>
    /// Why a campaign's queued trials cannot run on any live silo (e.g. they ask more GPUs than any silo has), or null
    /// when they can (or nothing is queued).
    /// </summary>
    [Alias("GetUnschedulable")]
    Task<string?> GetUnschedulableAsync(string campaign);

    /// <summary>The trials of a campaign that hold a lease now.</summary>
    [Alias("GetRunning")]
    Task<IReadOnlyList<RunningTrial>> GetRunningAsync(string campaign);
}
