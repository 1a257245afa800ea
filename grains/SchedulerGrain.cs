using System.Diagnostics.Metrics;
using Goldstone.Contracts;
using Goldstone.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Goldstone.Grains;

/// <summary>
/// The queue of runnable trials and their leases. Silos pull: a worker asks for as many trials as it has free
/// slots, renews its leases by heartbeat, and an expired lease puts the trial back at the head of its queue.
/// Campaigns are served round-robin so that concurrent campaigns share the cluster.
/// The queue is soft state: trial grains hold the truth, and on activation the scheduler asks every running
/// campaign to queue its unfinished trials again (the silo's resume task does the same at start). Leases survive a
/// new activation too: a heartbeat carries its trial, so a lease this activation does not know is adopted (and the
/// trial taken out of the queue) rather than revoked. Everything kept is per campaign with queued or leased trials:
/// a campaign whose last trial is released is dropped, and a running-trials query costs O(running).
/// A trial needs its slots and its GPUs of one worker; each worker says what it has when it leases, so a campaign
/// whose trials fit no live worker is marked unschedulable, with the reason, instead of waiting silently.
/// </summary>
[KeepAlive]
public sealed class SchedulerGrain(
    TimeProvider time,
    IOptions<SchedulerOptions> options,
    IClusterMembershipService membership,
    ILogger<SchedulerGrain> logger)
    : Grain, ISchedulerGrain
{
    private readonly Dictionary<string, CampaignQueue> _campaigns = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly PriorityQueue<TrialConfig, DateTimeOffset> _deferred = new();
    // Leases ended lately, and campaigns cancelled: a heartbeat sent before the worker learnt of it must not revive them.
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);
    private readonly Queue<string> _endedOrder = new();
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    // What each worker has in all, from its lease calls; a worker of a silo the cluster declared dead is forgotten.
    private readonly Dictionary<string, (SiloAddress? Silo, WorkerCapacity Capacity, DateTimeOffset Seen)> _workers = new(StringComparer.Ordinal);
    private volatile Measurement<long>[] _queuedGauge = [];
    private IDisposable? _queuedObservation;
    private int _cursor;

    /// <summary>Ended lease ids remembered so that a late heartbeat does not adopt them.</summary>
    public const int RememberedEndedLeases = 4096;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Interleave: the campaigns we ask call EnqueueAsync on this grain while the callback waits for them.
        this.RegisterGrainTimer(RebuildQueueAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = true,
        });
        _queuedObservation = GoldstoneMetrics.ObserveQueued(() => _queuedGauge);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation, maybe on another silo, reports the queue from then on.
        _queuedObservation?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task EnqueueAsync(IReadOnlyList<TrialConfig> trials)
    {
        foreach (var trial in trials)
        {
            _cancelled.Remove(trial.Campaign);
            var campaign = Campaign(trial);
            if (campaign.Queued.ContainsKey(trial.Index) || campaign.Leased.ContainsKey(trial.Index)) continue;
            campaign.Queued[trial.Index] = campaign.Queue.AddLast(new QueuedTrial(trial, time.GetUtcNow()));
        }
        PublishQueued();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialLease>> LeaseAsync(string worker, WorkerCapacity capacity)
    {
        var now = time.GetUtcNow();
        ExpireLeases(now);
        ReleaseDeferred(now);
        _workers[worker] = (WorkerIds.SiloOf(worker), capacity, now);
        var leases = new List<TrialLease>();
        var (slots, gpus) = (capacity.FreeSlots, capacity.FreeGpus);
        var idleCampaigns = 0;
        while ((slots > 0 || gpus > 0) && _order.Count > 0 && idleCampaigns < _order.Count)
        {
            _cursor %= _order.Count;
            var campaign = _campaigns[_order[_cursor]];
            _cursor++;
            if (campaign.Queue.First is not { } head || head.Value.Trial.Slots > slots || head.Value.Trial.Gpus > gpus)
            {
                if (campaign.Queue.First is { } waiting && !capacity.FitsAtAll(waiting.Value.Trial.Slots, waiting.Value.Trial.Gpus))
                    CheckSchedulable(campaign, waiting.Value.Trial);
                idleCampaigns++;
                continue;
            }
            idleCampaigns = 0;
            var trial = head.Value.Trial;
            campaign.Queue.RemoveFirst();
            campaign.Queued.Remove(trial.Index);
            campaign.Unschedulable = null;
            GoldstoneMetrics.QueueWait.Record((now - head.Value.Since).TotalSeconds, GoldstoneMetrics.TrialTags(trial.Campaign, trial.Kind));
            var lease = Grant(campaign, trial, Guid.NewGuid().ToString("N"), worker, now);
            slots -= trial.Slots;
            gpus -= trial.Gpus;
            leases.Add(new TrialLease(lease.Id, lease.Trial, lease.ExpiresAt));
        }
        PublishQueued();
        return Task.FromResult<IReadOnlyList<TrialLease>>(leases);
    }

    /// <inheritdoc />
    public Task<string?> GetUnschedulableAsync(string campaign) =>
        Task.FromResult(_campaigns.TryGetValue(campaign, out var queue) && queue.Queue.Count > 0 ? queue.Unschedulable : null);

    /// <summary>
    /// Marks a campaign unschedulable when its next trial fits no live worker that has leased from this activation
    /// (the mark goes as soon as one such worker takes a trial of it).
    /// </summary>
    private void CheckSchedulable(CampaignQueue campaign, TrialConfig trial)
    {
        var snapshot = membership.CurrentSnapshot;
        var largest = (Slots: 0, Gpus: 0);
        var live = 0;
        var now = time.GetUtcNow();
        foreach (var (worker, (silo, capacity, seen)) in _workers.ToList())
        {
            if ((silo is not null && snapshot.GetSiloStatus(silo) == SiloStatus.Dead) || now - seen > WorkerForgottenAfter)
            {
                _workers.Remove(worker);
                continue;
            }
            if (capacity.FitsAtAll(trial.Slots, trial.Gpus))
            {
                campaign.Unschedulable = null;
                return;
            }
            live++;
            largest = (Math.Max(largest.Slots, capacity.Slots), Math.Max(largest.Gpus, capacity.Gpus));
        }
        var reason = $"its trials ask {trial.Slots} slot(s) and {trial.Gpus} GPU(s) each, and no silo has that many: the largest of {live} worker(s) has {largest.Slots} slot(s) and {largest.Gpus} GPU(s)";
        if (campaign.Unschedulable == reason) return;
        campaign.Unschedulable = reason;
        logger.LogWarning("Campaign {Campaign} is unschedulable: {Reason}", trial.Campaign, reason);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RenewAsync(string worker, IReadOnlyList<LeaseHeartbeat> heartbeats, WorkerCapacity? capacity = null)
    {
        var now = time.GetUtcNow();
        ExpireLeases(now);
        // A busy worker leases nothing; its heartbeat keeps what it has known (after a failover too).
        if (capacity is not null) _workers[worker] = (WorkerIds.SiloOf(worker), capacity, now);
        var lost = new List<string>();
        foreach (var heartbeat in heartbeats)
        {
            if (!_leases.TryGetValue(heartbeat.LeaseId, out var lease))
            {
                lease = Adopt(worker, heartbeat, now);
                if (lease is null)
                {
                    lost.Add(heartbeat.LeaseId);
                    continue;
                }
            }
            else if (lease.Worker != worker)
            {
                lost.Add(heartbeat.LeaseId);
                continue;
            }
            lease.ExpiresAt = now + options.Value.LeaseDuration;
            lease.Attempt = heartbeat.Attempt;
            lease.Epoch = heartbeat.Epoch;
        }
        return Task.FromResult<IReadOnlyList<string>>(lost);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string leaseId, bool requeue)
    {
        if (End(leaseId) is { } trial && requeue)
        {
            var campaign = Campaign(trial);
            if (!campaign.Queued.ContainsKey(trial.Index)) campaign.Queued[trial.Index] = campaign.Queue.AddFirst(new QueuedTrial(trial, time.GetUtcNow()));
        }
        PublishQueued();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeferAsync(string leaseId, TimeSpan delay)
    {
        if (End(leaseId) is { } trial)
        {
            // Counted as queued (so a rebuild does not queue it twice) but not in the queue until it is due.
            Campaign(trial).Queued[trial.Index] = null;
            _deferred.Enqueue(trial, time.GetUtcNow() + delay);
        }
        PublishQueued();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<int>> CancelCampaignAsync(string campaign)
    {
        _cancelled.Add(campaign);
        if (!_campaigns.Remove(campaign, out var queue)) return Task.FromResult<IReadOnlyList<int>>([]);
        _order.Remove(campaign);
        foreach (var lease in queue.Leased.Values)
        {
            _leases.Remove(lease.Id);
            Remember(lease.Id);
        }
        PublishQueued();
        return Task.FromResult<IReadOnlyList<int>>(queue.Leased.Keys.Order().ToList());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunningTrial>> GetRunningAsync(string campaign)
    {
        if (!_campaigns.TryGetValue(campaign, out var queue)) return Task.FromResult<IReadOnlyList<RunningTrial>>([]);
        var running = queue.Leased.Values
            .OrderBy(l => l.Trial.Index)
            .Select(l => new RunningTrial(l.Trial.Index, l.Trial.Setting, l.Trial.Seed, l.Worker, l.Attempt, l.Epoch, l.Trial.Epochs, l.LeasedAt))
            .ToList();
        return Task.FromResult<IReadOnlyList<RunningTrial>>(running);
    }

    private Lease Grant(CampaignQueue campaign, TrialConfig trial, string leaseId, string worker, DateTimeOffset leasedAt)
    {
        var lease = new Lease(leaseId, trial, worker, leasedAt) { ExpiresAt = time.GetUtcNow() + options.Value.LeaseDuration };
        campaign.Leased[trial.Index] = lease;
        _leases[leaseId] = lease;
        return lease;
    }

    /// <summary>A heartbeat for a lease this activation never granted: take it over unless the trial is leased to someone else.</summary>
    private Lease? Adopt(string worker, LeaseHeartbeat heartbeat, DateTimeOffset now)
    {
        var trial = heartbeat.Trial;
        if (_ended.Contains(heartbeat.LeaseId) || _cancelled.Contains(trial.Campaign)) return null;
        var campaign = Campaign(trial);
        if (campaign.Leased.ContainsKey(trial.Index)) return null;
        if (campaign.Queued.Remove(trial.Index, out var node) && node is not null) campaign.Queue.Remove(node);
        logger.LogInformation("Adopted the lease of trial {Trial} held by {Worker}", trial.TrialKey, worker);
        PublishQueued();
        return Grant(campaign, trial, heartbeat.LeaseId, worker, heartbeat.LeasedAt == default ? now : heartbeat.LeasedAt);
    }

    /// <summary>Ends a lease; returns its trial, or null for an unknown lease.</summary>
    private TrialConfig? End(string leaseId)
    {
        if (!_leases.Remove(leaseId, out var lease)) return null;
        Remember(leaseId);
        if (_campaigns.TryGetValue(lease.Trial.Campaign, out var campaign))
        {
            campaign.Leased.Remove(lease.Trial.Index);
            DropIfEmpty(lease.Trial.Campaign, campaign);
        }
        return lease.Trial;
    }

    private void Remember(string leaseId)
    {
        if (!_ended.Add(leaseId)) return;
        _endedOrder.Enqueue(leaseId);
        if (_endedOrder.Count > RememberedEndedLeases) _ended.Remove(_endedOrder.Dequeue());
    }

    private void ExpireLeases(DateTimeOffset now)
    {
        List<Lease>? expired = null;
        // A worker whose silo the cluster declared dead holds nothing any more: no need to wait out its leases.
        var snapshot = membership.CurrentSnapshot;
        foreach (var lease in _leases.Values)
            if (lease.ExpiresAt <= now || (lease.Silo is { } silo && snapshot.GetSiloStatus(silo) == SiloStatus.Dead)) (expired ??= []).Add(lease);
        if (expired is null) return;
        foreach (var lease in expired)
        {
            GoldstoneMetrics.LeasesExpired.Add(1, new KeyValuePair<string, object?>("reason", lease.ExpiresAt <= now ? "heartbeat" : "silo_dead"));
            logger.LogWarning(lease.ExpiresAt <= now
                ? "Lease of trial {Trial} held by {Worker} expired; queueing it again"
                : "Lease of trial {Trial} held by {Worker} ends: its silo is dead; queueing it again", lease.Trial.TrialKey, lease.Worker);
            End(lease.Id);
            var campaign = Campaign(lease.Trial);
            if (!campaign.Queued.ContainsKey(lease.Trial.Index)) campaign.Queued[lease.Trial.Index] = campaign.Queue.AddFirst(new QueuedTrial(lease.Trial, now));
        }
        PublishQueued();
    }

    private void ReleaseDeferred(DateTimeOffset now)
    {
        while (_deferred.TryPeek(out var trial, out var due) && due <= now)
        {
            _deferred.Dequeue();
            // A campaign cancelled meanwhile is gone; so is its deferred trial.
            if (!_campaigns.TryGetValue(trial.Campaign, out var campaign) || !campaign.Queued.TryGetValue(trial.Index, out var node) || node is not null)
                continue;
            campaign.Queued[trial.Index] = campaign.Queue.AddLast(new QueuedTrial(trial, now));
        }
    }

    /// <summary>The queued-trials gauge: a snapshot per change, read by the exporter's thread.</summary>
    private void PublishQueued()
    {
        var gauge = new Measurement<long>[_campaigns.Count];
        var i = 0;
        foreach (var (name, campaign) in _campaigns)
            gauge[i++] = new Measurement<long>(campaign.Queued.Count, GoldstoneMetrics.TrialTags(name, campaign.Kind));
        _queuedGauge = gauge;
    }

    private CampaignQueue Campaign(TrialConfig trial)
    {
        var name = trial.Campaign;
        if (!_campaigns.TryGetValue(name, out var campaign))
        {
            campaign = new CampaignQueue { Kind = trial.Kind };
            _campaigns[name] = campaign;
            _order.Add(name);
        }
        return campaign;
    }

    private void DropIfEmpty(string name, CampaignQueue campaign)
    {
        if (campaign.Queued.Count > 0 || campaign.Leased.Count > 0) return;
        _campaigns.Remove(name);
        _order.Remove(name);
    }

    private async Task RebuildQueueAsync(CancellationToken cancellationToken)
    {
        var failed = false;
        try
        {
            var registry = GrainFactory.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey);
            foreach (var campaign in await registry.ListAsync())
            {
                if (campaign.Status != CampaignStatus.Running) continue;
                try
                {
                    await GrainFactory.GetGrain<ICampaignGrain>(campaign.Name).ResumeAsync();
                }
                catch (Exception e)
                {
                    // One campaign that cannot load (a spec that no longer validates, a timeout) must not keep the
                    // others from being queued; it is tried again below.
                    logger.LogError("Could not ask campaign {Campaign} to queue its trials again: {Error}", campaign.Name, e.Message);
                    failed = true;
                }
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            logger.LogError("Could not read the campaign registry to queue trials again: {Error}", e.Message);
            failed = true;
        }
        // Queued trials live only here: after a failure, rebuild again (Enqueue ignores what is already queued).
        if (failed)
            this.RegisterGrainTimer(RebuildQueueAsync, new GrainTimerCreationOptions
            {
                DueTime = RebuildRetryInterval,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = true,
            });
    }

    /// <summary>
    /// How long a worker that neither leased nor renewed is still counted as a silo a trial may fit (an idle worker
    /// leases every poll interval, a busy one renews every heartbeat interval).
    /// </summary>
    public static readonly TimeSpan WorkerForgottenAfter = TimeSpan.FromMinutes(1);

    /// <summary>How long after a failed queue rebuild it is tried again.</summary>
    public static readonly TimeSpan RebuildRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One campaign's queue (trials in order with the time each was queued, nodes by index; a deferred trial is
    /// queued with no node), its leases, and why its trials fit no worker, if they do not.
    /// </summary>
    private sealed class CampaignQueue
    {
        public LinkedList<QueuedTrial> Queue { get; } = new();
        public Dictionary<int, LinkedListNode<QueuedTrial>?> Queued { get; } = new();
        public Dictionary<int, Lease> Leased { get; } = new();
        public string Kind { get; set; } = "";
        public string? Unschedulable { get; set; }
    }

    private readonly record struct QueuedTrial(TrialConfig Trial, DateTimeOffset Since);

    private sealed class Lease(string id, TrialConfig trial, string worker, DateTimeOffset leasedAt)
    {
        public string Id { get; } = id;
        public TrialConfig Trial { get; } = trial;
        public string Worker { get; } = worker;
        public SiloAddress? Silo { get; } = WorkerIds.SiloOf(worker);
        public DateTimeOffset LeasedAt { get; } = leasedAt;
        public DateTimeOffset ExpiresAt { get; set; }
        public int Attempt { get; set; }
        public int Epoch { get; set; }
    }
}

/// <summary>Options of the scheduler, section <c>Goldstone:Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone:Scheduler";

    /// <summary>
    /// How long a lease lives without a heartbeat, and how long a running attempt must be silent before another
    /// worker may take its trial over. Default: 30 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
