using Orleans.Concurrency;

namespace Goldstone.Contracts;

/// <summary>
/// The terminal records of up to <see cref="TrialShards.Size"/> consecutive trials of one campaign: what the counts,
/// the tables and the export are built from. Key: <see cref="TrialShards.Key"/>.
/// </summary>
[Alias("goldstone.ITrialShardGrain")]
public interface ITrialShardGrain : IGrainWithStringKey
{
    /// <summary>Records a trial's terminal outcome; a duplicate is ignored, and a result replaces a cancellation.</summary>
    [Alias("Record")]
    Task RecordAsync(TrialOutcome outcome);

    /// <summary>Counts of this shard's terminal trials. Read-only, so it may interleave with any call in progress.</summary>
    [Alias("GetCounts"), AlwaysInterleave]
    Task<ShardCounts> GetCountsAsync();

    /// <summary>The records added since <paramref name="since"/> (all of them for null or another activation's cursor). Read-only.</summary>
    [Alias("GetChanges"), AlwaysInterleave]
    Task<ShardChanges> GetChangesAsync(ShardCursor? since);

    /// <summary>Indices of this shard's trials below <paramref name="trialCount"/> that have no terminal record.</summary>
    [Alias("GetUnfinished"), AlwaysInterleave]
    Task<IReadOnlyList<int>> GetUnfinishedAsync(int trialCount);

    /// <summary>Records every trial below <paramref name="trialCount"/> without a terminal record as cancelled; returns the counts after.</summary>
    [Alias("CancelUnfinished")]
    Task<ShardCounts> CancelUnfinishedAsync(int trialCount);
}

/// <summary>How trial indices map to shards.</summary>
public static class TrialShards
{
    /// <summary>Trials per shard: a full shard of typical records is a few hundred KB, well under a 1 MB state record.</summary>
    public const int Size = 1000;

    /// <summary>The shard that holds trial <paramref name="index"/>.</summary>
    public static int Of(int index) => index / Size;

    /// <summary>Shards of a campaign of <paramref name="trials"/> trials.</summary>
    public static int Count(int trials) => (trials + Size - 1) / Size;

    /// <summary>The key of shard <paramref name="shard"/> of <paramref name="campaign"/>.</summary>
    public static string Key(string campaign, int shard) => $"{campaign}/{shard}";

    /// <summary>The shard grain of the trial <paramref name="index"/>.</summary>
    public static ITrialShardGrain For(IGrainFactory grains, string campaign, int index) =>
        grains.GetGrain<ITrialShardGrain>(Key(campaign, Of(index)));
}

/// <summary>Terminal trials of one shard, per status.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.ShardCounts")]
public sealed record ShardCounts(
    [property: Id(0)] int Succeeded,
    [property: Id(1)] int Failed,
    [property: Id(2)] int Stopped,
    [property: Id(3)] int Cancelled)
{
    /// <summary>No terminal trial.</summary>
    public static ShardCounts Empty { get; } = new(0, 0, 0, 0);

    /// <summary>Every terminal trial.</summary>
    public int Terminal => Succeeded + Failed + Stopped + Cancelled;

    /// <summary>
    /// True when these counts are as new as <paramref name="other"/> or newer: a shard's terminal count never falls,
    /// and at an equal count only a cancellation replaced by a result changes it (one cancelled fewer).
    /// </summary>
    public bool Supersedes(ShardCounts other) =>
        Terminal > other.Terminal || (Terminal == other.Terminal && Cancelled <= other.Cancelled);

    /// <summary>The count of one terminal status.</summary>
    public int Of(TrialStatus status) => status switch
    {
        TrialStatus.Succeeded => Succeeded,
        TrialStatus.Failed => Failed,
        TrialStatus.Stopped => Stopped,
        TrialStatus.Cancelled => Cancelled,
        _ => 0,
    };

    /// <summary>The counts with one more (or, with <paramref name="delta"/> −1, one fewer) trial of <paramref name="status"/>.</summary>
    public ShardCounts Add(TrialStatus status, int delta = 1) => status switch
    {
        TrialStatus.Succeeded => this with { Succeeded = Succeeded + delta },
        TrialStatus.Failed => this with { Failed = Failed + delta },
        TrialStatus.Stopped => this with { Stopped = Stopped + delta },
        TrialStatus.Cancelled => this with { Cancelled = Cancelled + delta },
        _ => this,
    };
}

/// <summary>Where a reader of a shard's records got to: the shard's activation and how many records it had seen.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.ShardCursor")]
public sealed record ShardCursor(
    [property: Id(0)] Guid Activation,
    [property: Id(1)] int Seen);

/// <summary>Records added to a shard since a cursor; <see cref="Reset"/> when they are all of them (drop what you had).</summary>
[GenerateSerializer, Immutable, Alias("goldstone.ShardChanges")]
public sealed record ShardChanges(
    [property: Id(0)] ShardCursor Cursor,
    [property: Id(1)] bool Reset,
    [property: Id(2)] IReadOnlyList<TrialRecord> Records);

/// <summary>
/// A trial's terminal facts without what its index determines (parameters, seed, setting come from the expansion)
/// and without its learning curve (kept by the trial grain): small enough to keep a thousand in one state record.
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.TrialRecord")]
public sealed record TrialRecord(
    [property: Id(0)] int Index,
    [property: Id(1)] TrialStatus Status,
    [property: Id(2)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(3)] string? Reason,
    [property: Id(4)] int FailedAttempts,
    [property: Id(5)] int Attempts)
{
    /// <summary>Of a stopped trial: the rung that stopped it (null for the median rule, which has none).</summary>
    [Id(6)] public int? StoppedRung { get; init; }

    /// <summary>Of a stopped trial: the epoch it stopped after.</summary>
    [Id(7)] public int? StoppedEpoch { get; init; }

    /// <summary>The record of an outcome.</summary>
    public static TrialRecord Of(TrialOutcome outcome) =>
        new(outcome.Index, outcome.Status, outcome.Metrics, outcome.Reason, outcome.FailedAttempts, outcome.Attempts)
        {
            StoppedRung = outcome.StoppedRung,
            StoppedEpoch = outcome.StoppedEpoch,
        };

    /// <summary>The outcome of this record for the trial <paramref name="trial"/>.</summary>
    public TrialOutcome ToOutcome(TrialConfig trial) =>
        new(trial.Campaign, Index, trial.Setting, trial.Params, trial.Seed, Status, Metrics, Reason, FailedAttempts, Attempts, [], null, StoppedRung, StoppedEpoch);
}
