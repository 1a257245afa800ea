using Goldstone.Contracts;
using Microsoft.Extensions.Logging;

namespace Goldstone.Grains;

/// <summary>
/// The terminal records of one shard of a campaign's trials (<see cref="TrialShards.Size"/> consecutive indices).
/// Records are kept in memory and persisted in batches, at most once per <see cref="WriteInterval"/>, so a campaign of
/// n trials costs n/Size small writes per interval instead of a write per trial; the state never holds more than one
/// shard. Before the first record after a clean write the shard persists <see cref="TrialShardState.MayBeBehind"/>; an
/// activation that finds it set (the silo died inside a batch) reads the missing records back from the trial grains,
/// which hold the truth. Each change is pushed to the campaign one-way, so the campaign counts without scanning.
/// </summary>
[GrainType(PersistedGrains.ShardType)]
public sealed class TrialShardGrain(
    [PersistentState(PersistedGrains.ShardState, GoldstoneNames.Storage)] IPersistentState<TrialShardState> state,
    ILogger<TrialShardGrain> logger)
    : Grain, ITrialShardGrain
{
    /// <summary>Longest time a record waits before it is persisted.</summary>
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(500);

    private readonly Guid _activation = Guid.NewGuid();
    private readonly List<int> _arrivals = [];
    private ShardCounts _counts = ShardCounts.Empty;
    private bool _dirty;
    private IGrainTimer? _writer;

    private TrialShardState State => state.State;

    private (string Campaign, int Shard) _key;

    private (string Campaign, int Shard) Key => _key;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        _key = (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        if (State.MayBeBehind) await ReconcileAsync();
        foreach (var record in State.Records.Values.OrderBy(r => r.Index))
        {
            _arrivals.Add(record.Index);
            _counts = _counts.Add(record.Status);
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty || State.MayBeBehind) await PersistAsync(clean: true, cancellationToken);
    }

    /// <inheritdoc />
    public async Task RecordAsync(TrialOutcome outcome)
    {
        if (!outcome.Status.IsTerminal() || TrialShards.Of(outcome.Index) != Key.Shard) return;
        // A result that raced a cancellation wins over it: the trial did finish.
        if (State.Records.TryGetValue(outcome.Index, out var existing)
            && (existing.Status != TrialStatus.Cancelled || outcome.Status == TrialStatus.Cancelled)) return;
        if (!State.MayBeBehind)
        {
            // Durably say so before the first record that is not persisted yet is acknowledged.
            State.MayBeBehind = true;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                State.MayBeBehind = false;
                throw;
            }
        }
        // Every change after the await, in one turn: readers that interleave see the counts and records agree.
        if (State.Records.TryGetValue(outcome.Index, out existing))
        {
            if (existing.Status != TrialStatus.Cancelled || outcome.Status == TrialStatus.Cancelled) return;
            _counts = _counts.Add(existing.Status, -1);
        }
        State.Records[outcome.Index] = TrialRecord.Of(outcome);
        _arrivals.Add(outcome.Index);
        _counts = _counts.Add(outcome.Status);
        _dirty = true;
        PushCounts();
        _writer ??= this.RegisterGrainTimer(WriteAsync, new GrainTimerCreationOptions { DueTime = WriteInterval, Period = WriteInterval });
    }

    /// <inheritdoc />
    public Task<ShardCounts> GetCountsAsync() => Task.FromResult(_counts);

    /// <inheritdoc />
    public Task<ShardChanges> GetChangesAsync(ShardCursor? since)
    {
        // The arrivals are a log of changed indices (a cancellation replaced by a result appears twice): the reader
        // applies the records in order, and each index ends with its record as it is now.
        var reset = since is null || since.Activation != _activation || since.Seen > _arrivals.Count;
        var from = reset ? 0 : since!.Seen;
        var records = new List<TrialRecord>(_arrivals.Count - from);
        for (var i = from; i < _arrivals.Count; i++) records.Add(State.Records[_arrivals[i]]);
        return Task.FromResult(new ShardChanges(new ShardCursor(_activation, _arrivals.Count), reset, records));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<int>> GetUnfinishedAsync(int trialCount) =>
        Task.FromResult<IReadOnlyList<int>>(Indices(trialCount).Where(i => !State.Records.ContainsKey(i)).ToList());

    /// <inheritdoc />
    public async Task<ShardCounts> CancelUnfinishedAsync(int trialCount)
    {
        var cancelled = 0;
        foreach (var index in Indices(trialCount))
        {
            if (State.Records.ContainsKey(index)) continue;
            State.Records[index] = new TrialRecord(index, TrialStatus.Cancelled, new Dictionary<string, double>(), "campaign cancelled", 0, 0);
            _arrivals.Add(index);
            _counts = _counts.Add(TrialStatus.Cancelled);
            cancelled++;
        }
        if (cancelled == 0 && !_dirty) return _counts;
        await PersistAsync(clean: true, CancellationToken.None);
        logger.LogInformation("Campaign {Campaign}: {Count} trial(s) of shard {Shard} recorded cancelled without starting", Key.Campaign, cancelled, Key.Shard);
        return _counts;
    }

    private IEnumerable<int> Indices(int trialCount)
    {
        var first = Key.Shard * TrialShards.Size;
        return Enumerable.Range(first, Math.Max(0, Math.Min(TrialShards.Size, trialCount - first)));
    }

    private void PushCounts()
    {
        var (campaign, shard) = Key;
        GrainFactory.GetGrain<ICampaignGrain>(campaign).ShardProgressAsync(shard, _counts).Ignore();
    }

    private Task WriteAsync(CancellationToken cancellationToken) =>
        // A full shard is complete once written: nothing can be behind it any more.
        _dirty ? PersistAsync(clean: State.Records.Count >= TrialShards.Size, cancellationToken) : Task.CompletedTask;

    /// <summary>Writes every record in memory; <paramref name="clean"/> when no record may arrive unwritten before the next write.</summary>
    private async Task PersistAsync(bool clean, CancellationToken cancellationToken)
    {
        var wasBehind = State.MayBeBehind;
        State.MayBeBehind = !clean;
        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true;
            State.MayBeBehind = wasBehind || !clean;
            throw;
        }
    }

    private async Task ReconcileAsync()
    {
        var campaign = Key.Campaign;
        // The shard does not know its campaign's size: trial grains past the end have no state and answer null.
        // A cancellation may have been replaced by a result in memory only, so those are read again too.
        var missing = Indices(int.MaxValue)
            .Where(i => !State.Records.TryGetValue(i, out var record) || record.Status == TrialStatus.Cancelled).ToList();
        var found = 0;
        foreach (var chunk in missing.Chunk(100))
        {
            var outcomes = await Task.WhenAll(chunk.Select(i => GrainFactory.GetGrain<ITrialGrain>(TrialKeys.Of(campaign, i)).GetOutcomeAsync()));
            foreach (var outcome in outcomes)
            {
                // A trial grain that never ran has no outcome, and one cancelled in bulk was never touched: keep the record.
                if (outcome is null || (State.Records.TryGetValue(outcome.Index, out var known) && known.Status == outcome.Status)) continue;
                State.Records[outcome.Index] = TrialRecord.Of(outcome);
                found++;
            }
        }
        if (found > 0) logger.LogWarning("Campaign {Campaign}: read {Count} record(s) of shard {Shard} back from their trials", campaign, found, Key.Shard);
        await PersistAsync(clean: true, CancellationToken.None);
    }
}

/// <summary>State of <see cref="TrialShardGrain"/>.</summary>
[GenerateSerializer, Alias("goldstone.TrialShardState")]
public sealed class TrialShardState
{
    /// <summary>Terminal records by trial index; at most <see cref="TrialShards.Size"/>.</summary>
    [Id(0)] public Dictionary<int, TrialRecord> Records { get; set; } = new();

    /// <summary>True while records may exist in memory that this state lacks; the next activation then reconciles.</summary>
    [Id(1)] public bool MayBeBehind { get; set; }
}
