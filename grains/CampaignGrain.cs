using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Grains.Telemetry;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;
using Microsoft.Extensions.Logging;

namespace Goldstone.Grains;

/// <summary>
/// A campaign: stores the validated spec, expands it into trials (deterministically, so the expansion is never
/// stored), queues them in pages, and knows when every trial is terminal. A spec that only adds trials grows it: the
/// new trials are numbered after the old ones, so it keeps every spec it had and expands them in turn. Per-trial
/// facts live in the trial grains and the shard grains; the campaign's state is its specs and its status only,
/// whatever the number of trials, and its counts are the shards' counts, pushed to it on each change and read from
/// every shard on activation.
/// </summary>
[GrainType(PersistedGrains.CampaignType)]
public sealed class CampaignGrain(
    [PersistentState(PersistedGrains.CampaignState, GoldstoneNames.Storage)] IPersistentState<CampaignState> state,
    TimeProvider time,
    ILogger<CampaignGrain> logger)
    : Grain, ICampaignGrain, IRemindable
{
    /// <summary>The reminder that resumes a running campaign nobody resumed (the backstop of the startup task).</summary>
    public const string ResumeReminder = "resume";

    /// <summary>How often the backstop looks; Orleans' reminders fire at most once a minute.</summary>
    public static readonly TimeSpan ResumeReminderPeriod = TimeSpan.FromMinutes(2);

    /// <summary>Trials per enqueue message.</summary>
    public const int EnqueuePage = 1000;

    /// <summary>How often a running campaign reads its shards' counts again, in case a one-way push was lost.</summary>
    public static readonly TimeSpan CountRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>Most specs a campaign keeps: the one it was created with and those it grew to.</summary>
    public const int MaxSpecs = 64;

    /// <summary>Most characters of all those specs together, so the campaign's state stays far under a storage row.</summary>
    public const int MaxSpecChars = 256 * 1024;

    private CampaignSpec? _spec;
    private IReadOnlyList<string> _specTexts = [];
    private IReadOnlyList<CampaignSpec> _generations = [];
    private IReadOnlyList<TrialConfig> _trials = [];
    private IGrainTimer? _refreshTimer;
    private ShardCounts[] _shardCounts = [];
    private ShardCounts _total = ShardCounts.Empty;
    private readonly RecentFailures _failures = new(AttemptFailure.Kept);
    // tpe only: the terminal records its suggestions are replayed from (at most SpecDefaults.MaxTpeTrials), read from the shards.
    private readonly Dictionary<int, TrialRecord> _records = [];
    private ShardCursor?[] _cursors = [];

    private CampaignState State => state.State;

    private string Name => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SpecText is null) return;
        var texts = StoredSpecTexts();
        Load(texts, SpecGrowth.ParseStored(texts, Name));
        await RefreshCountsAsync();
        // A tpe campaign replays its trials from the outcomes, finished or not, and queues the unfinished ones if it runs.
        await SuggestAsync(enqueueUnfinished: true);
        if (State.Status != CampaignStatus.Running) return;
        StartRefreshTimer();
        await EnsureResumeReminderAsync();
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder) return;
        if (State.Status != CampaignStatus.Running)
        {
            await RemoveResumeReminderAsync();
            return;
        }
        // Nothing of this campaign runs: its queue was lost (a whole-cluster restart whose startup tasks could not
        // reach the store) or it is waiting behind other campaigns. Enqueueing again is idempotent either way.
        if ((await Scheduler.GetRunningAsync(Name)).Count > 0) return;
        logger.LogInformation("Campaign {Campaign}: no trial running at the backstop reminder; queueing its unfinished trials again", Name);
        await ResumeAsync();
    }

    /// <inheritdoc />
    public async Task<SubmitResult> SubmitAsync(string specText, string source)
    {
        var parsed = SpecParser.Parse(specText);
        if (!parsed.IsValid)
            return new SubmitResult(SubmitOutcome.Invalid, parsed.Errors.Select(e => e.Format(source)).ToList(), 0, State.Status);
        var spec = parsed.Spec!;
        if (spec.Name != Name)
            return new SubmitResult(SubmitOutcome.Invalid, [$"error: {source}:1: name: '{spec.Name}' does not match the campaign '{Name}'"], 0, State.Status);

        if (_spec is not null)
        {
            if (Canonical(_spec) != Canonical(spec)) return await GrowAsync(spec, specText, source);
            await ResumeAsync();
            return new SubmitResult(SubmitOutcome.Resumed, [], _trials.Count, State.Status);
        }

        var trials = TrialExpansion.Expand(spec);
        var now = time.GetUtcNow();
        // Registry first: a campaign the registry lists but never stored is a harmless no-op at resume.
        await Registry.UpsertAsync(new CampaignListing(Name, spec.Kind, CampaignStatus.Running, trials.Count, now));
        State.SpecText = specText;
        State.Source = source;
        State.Status = CampaignStatus.Running;
        State.CreatedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing half-created: the same submission again starts from scratch.
            State.SpecText = null;
            State.Source = null;
            State.Status = CampaignStatus.Unknown;
            State.CreatedAt = null;
            throw;
        }
        Load([specText], [spec], trials);
        StartRefreshTimer();
        await EnsureResumeReminderAsync();
        await EnqueueAsync(_trials);
        return new SubmitResult(SubmitOutcome.Created, [], _trials.Count, State.Status);
    }

    /// <summary>
    /// Grows the campaign to a spec that only adds trials: the old ones keep their indices, results and anything
    /// running; the new ones are numbered after them and queued in pages. A finished campaign runs again.
    /// </summary>
    private async Task<SubmitResult> GrowAsync(CampaignSpec spec, string specText, string source)
    {
        if (_spec!.Search.Algorithm == SearchAlgorithm.Tpe || spec.Search.Algorithm == SearchAlgorithm.Tpe)
            return Conflict($"error: {source}: campaign '{Name}' searches with tpe, whose suggestions depend on its outcomes, so its spec cannot change (allowed: the same spec, or another name)");
        if (SpecGrowth.FirstChange(_spec!, spec) is { } change) return Conflict(SpecGrowth.Refusal(source, Name, change));
        if (State.Status == CampaignStatus.Cancelled)
            return Conflict($"error: {source}: campaign '{Name}' was cancelled, so it cannot grow (allowed: another name)");
        IReadOnlyList<string> texts = [.. _specTexts, specText];
        if (texts.Count > MaxSpecs || texts.Sum(t => t.Length) > MaxSpecChars)
            return Conflict($"error: {source}: campaign '{Name}' cannot grow again: it keeps every spec it grew through, "
                + $"at most {MaxSpecs} of {MaxSpecChars} characters in all (allowed: another name)");

        IReadOnlyList<CampaignSpec> generations = [.. _generations, spec];
        var trials = TrialExpansion.Expand(generations);
        var first = _trials.Count;
        var added = trials.Count - first;
        var (earlier, oldText, oldSource, status, completedAt) = (State.EarlierSpecTexts.ToList(), State.SpecText, State.Source, State.Status, State.CompletedAt);
        State.EarlierSpecTexts.Add(State.SpecText!);
        State.SpecText = specText;
        State.Source = source;
        // A growth can add nothing (values or seeds reordered, new random draws that repeat old points): the campaign
        // then keeps its status and completion time.
        if (added > 0)
        {
            State.Status = CampaignStatus.Running;
            State.CompletedAt = null;
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (State.EarlierSpecTexts, State.SpecText, State.Source, State.Status, State.CompletedAt) = (earlier, oldText, oldSource, status, completedAt);
            throw;
        }
        Load(texts, generations, trials);
        logger.LogInformation("Campaign {Campaign} grew from {Old} to {New} trials", Name, first, trials.Count);
        await Registry.UpsertAsync(Listing());
        if (added > 0)
        {
            StartRefreshTimer();
            await EnsureResumeReminderAsync();
            // Only the new trials: the old ones are finished, queued or leased already, and stay so.
            await EnqueueAsync(trials.Skip(first).ToList());
        }
        return new SubmitResult(SubmitOutcome.Grown, [], _trials.Count, State.Status, added);
    }

    private SubmitResult Conflict(string error) => new(SubmitOutcome.Conflict, [error], _trials.Count, State.Status);

    /// <summary>Every stored spec, oldest first; the last is the one in force.</summary>
    private IReadOnlyList<string> StoredSpecTexts() => [.. State.EarlierSpecTexts, State.SpecText!];

    /// <inheritdoc />
    public async Task ResumeAsync()
    {
        if (_spec is null || State.Status != CampaignStatus.Running) return;
        if (await CompleteIfDoneAsync()) return;
        for (var shard = 0; shard < _shardCounts.Length; shard++)
        {
            if (_shardCounts[shard].Terminal >= ShardSize(shard)) continue;
            var unfinished = await Shard(shard).GetUnfinishedAsync(_trials.Count);
            await EnqueueAsync(unfinished.Select(i => _trials[i]).ToList());
        }
    }

    /// <inheritdoc />
    public async Task<CampaignProgress> GetProgressAsync()
    {
        if (_spec is null)
            return new CampaignProgress(Name, CampaignStatus.Unknown, 0, new Dictionary<TrialStatus, int>(), [], null, null);
        var running = State.Status == CampaignStatus.Running ? await Scheduler.GetRunningAsync(Name) : [];
        // Trials of one campaign all ask the same resources: while none runs and some wait, ask whether any silo fits.
        var unschedulable = running.Count == 0 && State.Status == CampaignStatus.Running && _total.Terminal < _trials.Count
            ? await Scheduler.GetUnschedulableAsync(Name)
            : null;
        var counts = new Dictionary<TrialStatus, int>();
        foreach (var status in (TrialStatus[])[TrialStatus.Succeeded, TrialStatus.Failed, TrialStatus.Stopped, TrialStatus.Cancelled])
            if (_total.Of(status) > 0) counts[status] = _total.Of(status);
        counts[TrialStatus.Running] = running.Count;
        counts[TrialStatus.Pending] = Math.Max(0, _trials.Count - _total.Terminal - running.Count);
        return new CampaignProgress(Name, State.Status, _trials.Count, counts, running, State.CreatedAt, State.CompletedAt, unschedulable)
        {
            RecentFailures = _failures.Newest(),
        };
    }

    /// <inheritdoc />
    public Task AttemptFailedAsync(AttemptFailure failure)
    {
        _failures.Add(failure);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync()
    {
        if (_spec is null || State.Status == CampaignStatus.Completed) return false;
        // Cancelling again repeats every step (each is idempotent), so a cancel that failed half-way can be finished.
        var again = State.Status == CampaignStatus.Cancelled;
        if (!again)
        {
            State.Status = CampaignStatus.Cancelled;
            State.CompletedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }
        // Only the trials that hold a lease have a trainer to stop; every other unfinished trial is recorded
        // cancelled by its shard in one write per shard.
        var leased = await Scheduler.CancelCampaignAsync(Name);
        await Task.WhenAll(leased.Select(i => GrainFactory.GetGrain<ITrialGrain>(TrialKeys.Of(Name, i)).CancelAsync()));
        var cancelledBefore = _total.Of(TrialStatus.Cancelled);
        var counts = await Task.WhenAll(Enumerable.Range(0, _shardCounts.Length).Select(s => Shard(s).CancelUnfinishedAsync(_trials.Count)));
        for (var shard = 0; shard < counts.Length; shard++) SetCounts(shard, counts[shard]);
        if (_total.Of(TrialStatus.Cancelled) > cancelledBefore)
            GoldstoneMetrics.TrialsCancelled.Add(_total.Of(TrialStatus.Cancelled) - cancelledBefore, GoldstoneMetrics.TrialTags(Name, _spec.Kind));
        await Registry.UpsertAsync(Listing());
        await RemoveResumeReminderAsync();
        return !again;
    }

    /// <inheritdoc />
    public Task<string?> GetSpecAsync() => Task.FromResult(State.SpecText);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetSpecsAsync() => Task.FromResult(_specTexts);

    /// <inheritdoc />
    public Task<int> GetSpecCountAsync() => Task.FromResult(_specTexts.Count);

    /// <inheritdoc />
    public async Task ShardProgressAsync(int shard, ShardCounts counts)
    {
        if (_spec is null || shard < 0 || shard >= _shardCounts.Length) return;
        SetCounts(shard, counts);
        await SuggestAsync();
        await CompleteIfDoneAsync();
    }

    private async Task<bool> CompleteIfDoneAsync()
    {
        if (State.Status != CampaignStatus.Running || _total.Terminal < _trials.Count) return false;
        if (_spec!.Search.Algorithm == SearchAlgorithm.Tpe && !TpeExpansion.AllSuggested(_spec, _trials.Count)) return false;
        State.Status = CampaignStatus.Completed;
        State.CompletedAt ??= time.GetUtcNow();
        await state.WriteStateAsync();
        await Registry.UpsertAsync(Listing());
        await RemoveResumeReminderAsync();
        return true;
    }

    private async Task EnsureResumeReminderAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, ResumeReminderPeriod, ResumeReminderPeriod);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // The startup task of every silo is the primary resume path; the campaign runs on without its backstop
            // and registers it again at its next activation.
            logger.LogWarning("Campaign {Campaign}: could not register its resume reminder ({Error})", Name, e.Message);
        }
    }

    private async Task RemoveResumeReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ResumeReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A leftover reminder finds the campaign finished at its next tick and removes itself then.
            logger.LogWarning("Campaign {Campaign}: could not remove its resume reminder ({Error})", Name, e.Message);
        }
    }

    /// <summary>
    /// tpe: reads the records that arrived since the last call and appends (and queues) every trial whose turn came
    /// (grains/Search/TpeExpansion.cs); the trials already suggested are kept as they are. With
    /// <paramref name="enqueueUnfinished"/> (an activation) the unfinished ones are queued again too: idempotent, and at
    /// most <c>parallel</c> of them.
    /// </summary>
    private async Task SuggestAsync(bool enqueueUnfinished = false)
    {
        if (_spec is not { Search.Algorithm: SearchAlgorithm.Tpe } spec) return;
        var first = _trials.Count;
        // New trials can reach a shard not read yet (past 1,000 trials), whose records may let more follow.
        while (true)
        {
            Array.Resize(ref _cursors, _shardCounts.Length);
            var changes = await Task.WhenAll(_cursors.Select((cursor, shard) => Shard(shard).GetChangesAsync(cursor)));
            for (var shard = 0; shard < changes.Length; shard++)
            {
                _cursors[shard] = changes[shard].Cursor;
                // A reset lists every record of the shard again; applying them over the old ones gives the same map.
                foreach (var record in changes[shard].Records) _records[record.Index] = record;
            }
            var grown = TpeExpansion.Trials(spec, i => _records.GetValueOrDefault(i), _trials);
            if (grown.Count == _trials.Count) break;
            Load(_specTexts, _generations, grown);
        }
        if (State.Status != CampaignStatus.Running) return;
        if (_trials.Count > first) await Registry.UpsertAsync(Listing());
        var trials = _trials;
        var queue = enqueueUnfinished ? trials.Where(t => !_records.ContainsKey(t.Index)).ToList() : trials.Skip(first).ToList();
        await EnqueueAsync(queue);
    }

    private async Task EnqueueAsync(IReadOnlyList<TrialConfig> trials)
    {
        foreach (var page in trials.Chunk(EnqueuePage)) await Scheduler.EnqueueAsync(page);
    }

    private async Task RefreshCountsAsync()
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, _shardCounts.Length).Select(s => Shard(s).GetCountsAsync()));
        for (var shard = 0; shard < counts.Length; shard++) SetCounts(shard, counts[shard]);
    }

    private void StartRefreshTimer() =>
        _refreshTimer ??= this.RegisterGrainTimer(async _ =>
        {
            if (State.Status != CampaignStatus.Running) return;
            try
            {
                await RefreshCountsAsync();
                await SuggestAsync();
                await CompleteIfDoneAsync();
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                logger.LogWarning("Campaign {Campaign}: could not read its shards' counts ({Error}); trying again", Name, e.Message);
            }
        }, new GrainTimerCreationOptions { DueTime = CountRefreshInterval, Period = CountRefreshInterval });

    private void SetCounts(int shard, ShardCounts counts)
    {
        var old = _shardCounts[shard];
        // One-way pushes may arrive after a newer answer (a cancellation's): never go back.
        if (!counts.Supersedes(old)) return;
        _shardCounts[shard] = counts;
        _total = new ShardCounts(_total.Succeeded - old.Succeeded + counts.Succeeded, _total.Failed - old.Failed + counts.Failed,
            _total.Stopped - old.Stopped + counts.Stopped, _total.Cancelled - old.Cancelled + counts.Cancelled);
    }

    private int ShardSize(int shard) => Math.Min(TrialShards.Size, _trials.Count - shard * TrialShards.Size);

    /// <summary>Takes the campaign's specs and trials; the counts of shards it had already are kept (a growth only adds trials).</summary>
    private void Load(IReadOnlyList<string> texts, IReadOnlyList<CampaignSpec> generations, IReadOnlyList<TrialConfig>? trials = null)
    {
        _specTexts = texts;
        _generations = generations;
        _spec = generations[^1];
        _trials = trials ?? TrialExpansion.Expand(generations);
        var counts = Enumerable.Repeat(ShardCounts.Empty, TrialShards.Count(_trials.Count)).ToArray();
        Array.Copy(_shardCounts, counts, Math.Min(_shardCounts.Length, counts.Length));
        _shardCounts = counts;
    }

    private CampaignListing Listing() =>
        new(_spec!.Name, _spec.Kind, State.Status, _trials.Count, State.CreatedAt ?? time.GetUtcNow());

    private static string Canonical(CampaignSpec spec) => JsonSerializer.Serialize(spec);

    private ITrialShardGrain Shard(int shard) => GrainFactory.GetGrain<ITrialShardGrain>(TrialShards.Key(Name, shard));

    private ICampaignRegistryGrain Registry => GrainFactory.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey);

    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);
}

/// <summary>State of <see cref="CampaignGrain"/>: the spec and the campaign's life, nothing per trial.</summary>
[GenerateSerializer, Alias("goldstone.CampaignState")]
public sealed class CampaignState
{
    /// <summary>The spec as submitted; re-parsed on activation (expansion is deterministic).</summary>
    [Id(0)] public string? SpecText { get; set; }

    /// <summary>Where the spec came from (a file name), for messages.</summary>
    [Id(1)] public string? Source { get; set; }

    /// <summary>Where the campaign is in its life.</summary>
    [Id(2)] public CampaignStatus Status { get; set; }

    /// <summary>When the campaign was created.</summary>
    [Id(4)] public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>When the last trial finished or the campaign was cancelled.</summary>
    [Id(5)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>
    /// The specs the campaign had before <see cref="SpecText"/>, oldest first: its trials are numbered generation by
    /// generation, so every one is needed to expand it again. Empty until it grows; bounded by <see cref="CampaignGrain.MaxSpecs"/>.
    /// </summary>
    [Id(6)] public List<string> EarlierSpecTexts { get; set; } = [];
}
