using Goldstone.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Goldstone.Grains;

/// <summary>
/// The queue of runnable trials and their leases. Silos pull: a worker asks for as many trials as it has free
/// slots, renews its leases by heartbeat, and an expired lease puts the trial back at the head of its queue.
/// Campaigns are served round-robin so that concurrent campaigns share the cluster.
/// The queue is soft state: trial grains hold the truth, and on activation the scheduler asks every running
/// campaign to queue its unfinished trials again (the silo's resume task does the same at start).
/// </summary>
[KeepAlive]
public sealed class SchedulerGrain(TimeProvider time, IOptions<SchedulerOptions> options, ILogger<SchedulerGrain> logger)
    : Grain, ISchedulerGrain
{
    private readonly Dictionary<string, LinkedList<TrialConfig>> _queues = new(StringComparer.Ordinal);
    private readonly List<string> _campaignOrder = [];
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _leases = new(StringComparer.Ordinal);
    private int _cursor;

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
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task EnqueueAsync(IReadOnlyList<TrialConfig> trials)
    {
        foreach (var trial in trials)
        {
            if (_entries.ContainsKey(trial.TrialKey)) continue;
            _entries[trial.TrialKey] = new Entry(trial);
            Queue(trial.Campaign).AddLast(trial);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialLease>> LeaseAsync(string worker, int freeSlots)
    {
        var now = time.GetUtcNow();
        ExpireLeases(now);
        var leases = new List<TrialLease>();
        var remaining = freeSlots;
        var idleCampaigns = 0;
        while (remaining > 0 && _campaignOrder.Count > 0 && idleCampaigns < _campaignOrder.Count)
        {
            _cursor %= _campaignOrder.Count;
            var queue = _queues[_campaignOrder[_cursor]];
            _cursor++;
            if (queue.First is not { } head || head.Value.Slots > remaining)
            {
                idleCampaigns++;
                continue;
            }
            idleCampaigns = 0;
            queue.RemoveFirst();
            var trial = head.Value;
            var entry = _entries[trial.TrialKey];
            entry.LeaseId = Guid.NewGuid().ToString("N");
            entry.Worker = worker;
            entry.LeasedAt = now;
            entry.ExpiresAt = now + options.Value.LeaseDuration;
            entry.Attempt = 0;
            entry.Epoch = 0;
            _leases[entry.LeaseId] = trial.TrialKey;
            remaining -= trial.Slots;
            leases.Add(new TrialLease(entry.LeaseId, trial, entry.ExpiresAt));
        }
        return Task.FromResult<IReadOnlyList<TrialLease>>(leases);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RenewAsync(string worker, IReadOnlyList<LeaseHeartbeat> heartbeats)
    {
        var now = time.GetUtcNow();
        ExpireLeases(now);
        var lost = new List<string>();
        foreach (var heartbeat in heartbeats)
        {
            if (!_leases.TryGetValue(heartbeat.LeaseId, out var key) || _entries[key].Worker != worker)
            {
                lost.Add(heartbeat.LeaseId);
                continue;
            }
            var entry = _entries[key];
            entry.ExpiresAt = now + options.Value.LeaseDuration;
            entry.Attempt = heartbeat.Attempt;
            entry.Epoch = heartbeat.Epoch;
        }
        return Task.FromResult<IReadOnlyList<string>>(lost);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string leaseId, bool requeue)
    {
        if (!_leases.Remove(leaseId, out var key)) return Task.CompletedTask;
        var entry = _entries[key];
        entry.LeaseId = null;
        if (requeue) Queue(entry.Trial.Campaign).AddFirst(entry.Trial);
        else _entries.Remove(key);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CancelCampaignAsync(string campaign)
    {
        _queues.Remove(campaign);
        _campaignOrder.Remove(campaign);
        foreach (var (key, entry) in _entries.Where(e => e.Value.Trial.Campaign == campaign).ToList())
        {
            if (entry.LeaseId is { } leaseId) _leases.Remove(leaseId);
            _entries.Remove(key);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunningTrial>> GetRunningAsync(string campaign)
    {
        var running = _entries.Values
            .Where(e => e.LeaseId is not null && e.Trial.Campaign == campaign)
            .OrderBy(e => e.Trial.Index)
            .Select(e => new RunningTrial(e.Trial.Index, e.Trial.Setting, e.Trial.Seed, e.Worker!, e.Attempt, e.Epoch, e.Trial.Epochs, e.LeasedAt))
            .ToList();
        return Task.FromResult<IReadOnlyList<RunningTrial>>(running);
    }

    private void ExpireLeases(DateTimeOffset now)
    {
        foreach (var (leaseId, key) in _leases.Where(l => _entries[l.Value].ExpiresAt <= now).ToList())
        {
            var entry = _entries[key];
            logger.LogWarning("Lease of trial {Trial} held by {Worker} expired; queueing it again", key, entry.Worker);
            _leases.Remove(leaseId);
            entry.LeaseId = null;
            Queue(entry.Trial.Campaign).AddFirst(entry.Trial);
        }
    }

    private LinkedList<TrialConfig> Queue(string campaign)
    {
        if (!_queues.TryGetValue(campaign, out var queue))
        {
            queue = new LinkedList<TrialConfig>();
            _queues[campaign] = queue;
            _campaignOrder.Add(campaign);
        }
        return queue;
    }

    private async Task RebuildQueueAsync(CancellationToken cancellationToken)
    {
        var registry = GrainFactory.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey);
        foreach (var campaign in await registry.ListAsync())
        {
            if (campaign.Status != CampaignStatus.Running) continue;
            try
            {
                await GrainFactory.GetGrain<ICampaignGrain>(campaign.Name).ResumeAsync();
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                logger.LogError(e, "Could not ask campaign {Campaign} to queue its trials again", campaign.Name);
            }
        }
    }

    private sealed class Entry(TrialConfig trial)
    {
        public TrialConfig Trial { get; } = trial;
        public string? LeaseId { get; set; }
        public string? Worker { get; set; }
        public DateTimeOffset LeasedAt { get; set; }
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

    /// <summary>How long a lease lives without a heartbeat. Default: 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
