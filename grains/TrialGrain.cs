using Goldstone.Contracts;
using Goldstone.Grains.Stopping;
using Microsoft.Extensions.Options;

namespace Goldstone.Grains;

/// <summary>
/// The persisted state machine of one trial: Pending → Running(attempt) → Succeeded | Failed | Stopped | Cancelled,
/// with every attempt recorded. An epoch at a rung of the campaign's stopping rule asks that rung whether the trial
/// goes on; a stopped trial keeps the metrics of that epoch, the rung and the reason, and its attempt is not a failure.
/// Reports from an attempt that is no longer current are ignored, so a late or duplicate report never counts twice.
/// The grain calls no grain that calls it back (the rung answers, the campaign's failure note is one-way): the worker
/// forwards outcomes, which keeps the campaign ↔ trial calls free of cycles.
/// Two attempts never run at once: a new attempt takes over a running one only when the worker's silo is gone from
/// the cluster or the running attempt has been silent (no start, epoch, checkpoint or heartbeat) for a lease duration;
/// otherwise the new worker is told who holds the trial and tries later (a scheduler that lost its memory may have
/// queued a trial that still runs). Epoch reports are persisted with the next checkpoint or the attempt's end: an
/// attempt that dies resumes from its checkpoint and reports the later epochs again. A terminal trial deactivates.
/// </summary>
[GrainType(PersistedGrains.TrialType)]
public sealed class TrialGrain(
    [PersistentState(PersistedGrains.TrialState, GoldstoneNames.Storage)] IPersistentState<TrialState> state,
    TimeProvider time,
    IClusterMembershipService membership,
    IOptions<SchedulerOptions> scheduler)
    : Grain, ITrialGrain
{
    private DateTimeOffset _lastActivity = time.GetUtcNow();
    private bool _dirty;

    private TrialState State => state.State;

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await WriteAsync();
    }

    /// <inheritdoc />
    public async Task<AttemptStart> StartAttemptAsync(TrialConfig config, string worker)
    {
        State.Config ??= config;
        if (State.Status.IsTerminal())
        {
            this.DeactivateOnIdle();
            return new AttemptStart(false, State.Attempts, State.FailedAttempts, State.Status, Outcome());
        }
        if (State.Status == TrialStatus.Running)
        {
            // Even the same worker: it may have been handed a trial it already runs (a rebuilt queue).
            if (HolderMayBeAlive())
                return new AttemptStart(false, State.Attempts, State.FailedAttempts, State.Status, null, State.Worker);
            CloseAttempt("interrupted", $"worker {State.Worker} stopped reporting");
        }

        State.Attempts++;
        State.Status = TrialStatus.Running;
        State.Worker = worker;
        State.CurrentEpoch = 0;
        State.History.Add(new AttemptRecord(State.Attempts, "running", null, worker, time.GetUtcNow(), null));
        _lastActivity = time.GetUtcNow();
        await WriteAsync();
        return new AttemptStart(true, State.Attempts, State.FailedAttempts, State.Status, null);
    }

    /// <inheritdoc />
    public Task<bool> HeartbeatAsync(int attempt)
    {
        if (!IsCurrent(attempt)) return Task.FromResult(false);
        _lastActivity = time.GetUtcNow();
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public async Task<bool> ReportEpochAsync(int attempt, int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        if (!IsCurrent(attempt)) return false;
        _lastActivity = time.GetUtcNow();
        State.CurrentEpoch = epoch;
        State.Epochs.RemoveAll(e => e.Attempt == attempt && e.Epoch == epoch);
        State.Epochs.Add(new EpochReport(attempt, epoch, new Dictionary<string, double>(metrics)));
        _dirty = true;
        if (State.Config is not { Stopping: { } stopping } config || epoch >= config.Epochs) return true;
        if (StoppingRules.For(stopping).RungAt(epoch) is not { } rung) return true;
        if (RungEntries.Of(config.Index, epoch, State.Curve(), stopping.Metric, stopping.Maximize) is not { } entry) return true;
        // The rung persists its decision before it answers and gives the same one again to a resumed attempt.
        var verdict = await GrainFactory.GetGrain<IStoppingRungGrain>(StoppingRungs.Key(config.Campaign, rung)).DecideAsync(stopping, epoch, entry);
        if (!verdict.Stop) return true;
        State.Status = TrialStatus.Stopped;
        State.Metrics = new Dictionary<string, double>(metrics);
        State.Reason = verdict.Reason;
        State.StoppedRung = rung;
        State.StoppedEpoch = epoch;
        CloseAttempt("stopped", verdict.Reason);
        await WriteAsync();
        this.DeactivateOnIdle();
        return false;
    }

    /// <inheritdoc />
    public async Task<bool> ReportCheckpointAsync(int attempt, int epoch)
    {
        if (!IsCurrent(attempt)) return false;
        _lastActivity = time.GetUtcNow();
        State.CheckpointEpoch = epoch;
        await WriteAsync();
        return true;
    }

    /// <inheritdoc />
    public async Task<TrialOutcome?> CompleteAttemptAsync(int attempt, IReadOnlyDictionary<string, double> metrics, IReadOnlyList<TrialProfile>? profiles = null)
    {
        if (State.Status == TrialStatus.Succeeded && attempt == State.Attempts) return Outcome();
        if (!IsCurrent(attempt)) return null;
        profiles ??= [];
        // The worker checked them already; the grain keeps its own state bounded whoever calls it.
        if (TrialProfile.Problem(profiles) is { } problem) throw new ArgumentException(problem, nameof(profiles));
        State.Status = TrialStatus.Succeeded;
        State.Metrics = new Dictionary<string, double>(metrics);
        State.Profiles = [.. profiles];
        State.Reason = null;
        CloseAttempt("succeeded", null);
        await WriteAsync();
        this.DeactivateOnIdle();
        return Outcome();
    }

    /// <inheritdoc />
    public async Task<FailDecision> FailAttemptAsync(int attempt, string reason)
    {
        if (State.Status == TrialStatus.Failed && attempt == State.Attempts) return new FailDecision(false, Outcome());
        if (!IsCurrent(attempt)) return new FailDecision(false, null);
        State.FailedAttempts++;
        State.Reason = reason;
        CloseAttempt("failed", reason);
        var maxAttempts = State.Config?.Retry.MaxAttempts ?? 1;
        var retry = State.FailedAttempts < maxAttempts;
        State.Status = retry ? TrialStatus.Pending : TrialStatus.Failed;
        await WriteAsync();
        // One-way: the campaign keeps the latest failures for a watch; the trial never waits on it.
        if (State.Config is { } config)
            await GrainFactory.GetGrain<ICampaignGrain>(config.Campaign).AttemptFailedAsync(new AttemptFailure(config.Index, config.Setting,
                config.Seed, attempt, AttemptFailure.ShortReason(reason), retry, time.GetUtcNow()));
        if (!retry) this.DeactivateOnIdle();
        return new FailDecision(retry, retry ? null : Outcome());
    }

    /// <inheritdoc />
    public async Task InterruptAttemptAsync(int attempt, string reason)
    {
        if (!IsCurrent(attempt)) return;
        CloseAttempt("interrupted", reason);
        State.Status = TrialStatus.Pending;
        await WriteAsync();
    }

    /// <inheritdoc />
    public async Task<TrialStatus> CancelAsync()
    {
        if (State.Status.IsTerminal()) return State.Status;
        if (State.Status == TrialStatus.Running) CloseAttempt("cancelled", "campaign cancelled");
        State.Status = TrialStatus.Cancelled;
        State.Reason = "campaign cancelled";
        await WriteAsync();
        this.DeactivateOnIdle();
        return State.Status;
    }

    /// <inheritdoc />
    public Task<TrialOutcome?> GetOutcomeAsync()
    {
        // Asked by a shard catching up after a crash: a trial that is done, or never ran, need not stay in memory.
        if (State.Config is null || State.Status.IsTerminal()) this.DeactivateOnIdle();
        return Task.FromResult(Outcome());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<EpochReport>> GetLearningCurveAsync()
    {
        // Asked by the report for finished trials: no reason to keep them in memory afterwards.
        if (State.Status.IsTerminal()) this.DeactivateOnIdle();
        return Task.FromResult<IReadOnlyList<EpochReport>>(LearningCurve());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialProfile>> GetProfilesAsync()
    {
        if (State.Status.IsTerminal()) this.DeactivateOnIdle();
        return Task.FromResult(State.SucceededProfiles());
    }

    /// <inheritdoc />
    public Task<TrialSnapshot> GetAsync() =>
        Task.FromResult(new TrialSnapshot(State.Config, State.Status, State.Attempts, State.CurrentEpoch, State.History.ToList(),
            new Dictionary<string, double>(State.Metrics), State.Epochs.ToList(), State.Reason, State.CheckpointEpoch));

    private bool IsCurrent(int attempt) => State.Status == TrialStatus.Running && attempt == State.Attempts;

    /// <summary>
    /// The running attempt's worker may still run it: its silo is in the cluster (worker ids end in <c>@SILO</c>) and the
    /// attempt was heard from within a lease duration (since this activation, at worst).
    /// </summary>
    private bool HolderMayBeAlive()
    {
        if (time.GetUtcNow() - _lastActivity >= scheduler.Value.LeaseDuration) return false;
        if (State.Worker is null || WorkerIds.SiloOf(State.Worker) is not { } silo) return true;
        return membership.CurrentSnapshot.GetSiloStatus(silo) is not (SiloStatus.Dead or SiloStatus.None);
    }

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        _dirty = false;
    }

    private void CloseAttempt(string outcome, string? reason)
    {
        var index = State.History.FindLastIndex(a => a.Number == State.Attempts);
        if (index < 0) return;
        State.History[index] = State.History[index] with { Outcome = outcome, Reason = reason, EndedAt = time.GetUtcNow() };
    }

    private TrialOutcome? Outcome() => State.Outcome();

    private List<EpochReport> LearningCurve() => State.LearningCurve();
}

/// <summary>State of <see cref="TrialGrain"/>.</summary>
[GenerateSerializer, Alias("goldstone.TrialState")]
public sealed class TrialState
{
    /// <summary>The trial's configuration, set by its first attempt.</summary>
    [Id(0)] public TrialConfig? Config { get; set; }

    /// <summary>Where the trial is in its life.</summary>
    [Id(1)] public TrialStatus Status { get; set; }

    /// <summary>Attempts started, interrupted ones included.</summary>
    [Id(2)] public int Attempts { get; set; }

    /// <summary>Attempts that failed; bounded by the retry policy's max_attempts.</summary>
    [Id(3)] public int FailedAttempts { get; set; }

    /// <summary>Every attempt with its outcome and reason.</summary>
    [Id(4)] public List<AttemptRecord> History { get; set; } = [];

    /// <summary>Final metrics of the successful attempt.</summary>
    [Id(5)] public Dictionary<string, double> Metrics { get; set; } = new();

    /// <summary>Per-epoch metrics of every attempt.</summary>
    [Id(6)] public List<EpochReport> Epochs { get; set; } = [];

    /// <summary>Why the last attempt failed, or why the trial was cancelled.</summary>
    [Id(7)] public string? Reason { get; set; }

    /// <summary>Last epoch the current attempt reported.</summary>
    [Id(8)] public int CurrentEpoch { get; set; }

    /// <summary>Worker of the current or last attempt.</summary>
    [Id(9)] public string? Worker { get; set; }

    /// <summary>Epoch of the latest checkpoint any attempt saved; the next attempt continues after it.</summary>
    [Id(10)] public int CheckpointEpoch { get; set; }

    /// <summary>What the succeeded attempt measured as profiles (at most <see cref="TrialProfile.MaxPerTrial"/>).</summary>
    [Id(11)] public List<TrialProfile> Profiles { get; set; } = [];

    /// <summary>The stopping rung at which the trial was stopped, or null.</summary>
    [Id(12)] public int? StoppedRung { get; set; }

    /// <summary>The epoch at which the trial was stopped, or null; <see cref="Metrics"/> are its report.</summary>
    [Id(13)] public int? StoppedEpoch { get; set; }

    /// <summary>The trial's outcome once it is terminal; null before (or when it never ran).</summary>
    public TrialOutcome? Outcome()
    {
        if (Config is not { } config || !Status.IsTerminal()) return null;
        return new TrialOutcome(config.Campaign, config.Index, config.Setting, config.Params, config.Seed, Status,
            new Dictionary<string, double>(Metrics), Reason, FailedAttempts, Attempts, [], null, StoppedRung, StoppedEpoch);
    }

    /// <summary>
    /// Per epoch, the report of the latest attempt that reached it (a resumed attempt continues an earlier one's
    /// curve); empty unless succeeded or stopped (the report draws a stopped trial's curve up to its rung).
    /// </summary>
    public List<EpochReport> LearningCurve() => Status is TrialStatus.Succeeded or TrialStatus.Stopped ? Curve() : [];

    /// <summary>Per epoch, the report of the latest attempt that reached it, whatever the status.</summary>
    public List<EpochReport> Curve() =>
        Epochs.GroupBy(e => e.Epoch).OrderBy(g => g.Key).Select(g => g.MaxBy(e => e.Attempt)!).ToList();

    /// <summary>The profiles of a succeeded trial; empty otherwise.</summary>
    public IReadOnlyList<TrialProfile> SucceededProfiles() => Status == TrialStatus.Succeeded ? [.. Profiles] : [];
}
