namespace Goldstone.Contracts;

/// <summary>The type of a hyperparameter value.</summary>
public enum ParamType
{
    /// <summary>A floating-point number (integers included).</summary>
    Number = 0,
    /// <summary>A string, e.g. an activation name.</summary>
    Text = 1,
    /// <summary>true or false.</summary>
    Boolean = 2,
}

/// <summary>One hyperparameter value of a trial.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.ParamValue")]
public sealed record ParamValue(
    [property: Id(0)] string Name,
    [property: Id(1)] ParamType Type,
    [property: Id(2)] double Number,
    [property: Id(3)] string? Text,
    [property: Id(4)] bool Boolean)
{
    /// <summary>The value as a JSON writer wants it: a double, a bool or a string.</summary>
    public object? Value => Type switch
    {
        ParamType.Number => Number,
        ParamType.Boolean => Boolean,
        _ => Text,
    };
}

/// <summary>How failed attempts are retried: exponential backoff up to <see cref="MaxAttempts"/> attempts.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.RetryPolicy")]
public sealed record RetryPolicy(
    [property: Id(0)] int MaxAttempts,
    [property: Id(1)] double InitialDelaySeconds,
    [property: Id(2)] double MaxDelaySeconds,
    [property: Id(3)] bool Jitter);

/// <summary>
/// Everything a worker needs to run one trial: one point of the space and one seed. The trainer checkpoints after
/// every <see cref="CheckpointEvery"/>-th epoch (and the last) and keeps the newest <see cref="CheckpointKeep"/>
/// checkpoints; the defaults (1 and 2) are the spec's. It needs <see cref="Slots"/> CPU slots and <see cref="Gpus"/>
/// GPUs (0: a CPU trial) of one worker.
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.TrialConfig")]
public sealed record TrialConfig(
    [property: Id(0)] string Campaign,
    [property: Id(1)] int Index,
    [property: Id(2)] string Kind,
    [property: Id(3)] IReadOnlyList<ParamValue> Params,
    [property: Id(4)] long Seed,
    [property: Id(5)] int Epochs,
    [property: Id(6)] int Threads,
    [property: Id(7)] int Slots,
    [property: Id(8)] double TimeoutSeconds,
    [property: Id(9)] RetryPolicy Retry,
    [property: Id(10)] IReadOnlyList<string> Metrics,
    [property: Id(11)] string Setting,
    [property: Id(12)] int CheckpointEvery = 1,
    [property: Id(13)] int CheckpointKeep = 2,
    [property: Id(14)] int Gpus = 0,
    [property: Id(15)] StoppingConfig? Stopping = null)
{
    /// <summary>The key of the trial grain: campaign and index.</summary>
    public string TrialKey => TrialKeys.Of(Campaign, Index);
}

/// <summary>Builds and splits trial grain keys.</summary>
public static class TrialKeys
{
    /// <summary>The key of trial <paramref name="index"/> of <paramref name="campaign"/>.</summary>
    public static string Of(string campaign, int index) => $"{campaign}/{index}";
}

/// <summary>The life of a trial.</summary>
public enum TrialStatus
{
    /// <summary>Waiting for a slot (never started, interrupted, or between retries).</summary>
    Pending = 0,
    /// <summary>An attempt is running in a trainer process.</summary>
    Running = 1,
    /// <summary>Finished with metrics.</summary>
    Succeeded = 2,
    /// <summary>Every allowed attempt failed; the last reason is kept.</summary>
    Failed = 3,
    /// <summary>Stopped early by a scheduler decision.</summary>
    Stopped = 4,
    /// <summary>The campaign was cancelled before the trial finished.</summary>
    Cancelled = 5,
}

/// <summary>Terminal statuses.</summary>
public static class TrialStatusExtensions
{
    /// <summary>True when the trial will never run again.</summary>
    public static bool IsTerminal(this TrialStatus status) =>
        status is TrialStatus.Succeeded or TrialStatus.Failed or TrialStatus.Stopped or TrialStatus.Cancelled;
}

/// <summary>What happened to one attempt.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.AttemptRecord")]
public sealed record AttemptRecord(
    [property: Id(0)] int Number,
    [property: Id(1)] string Outcome,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string Worker,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? EndedAt);

/// <summary>
/// A trial's final result, as the campaign and the aggregator keep it. A stopped trial carries the rung and epoch it
/// stopped at, its metrics are those it reported at that epoch, and <see cref="Reason"/> says why.
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.TrialOutcome")]
public sealed record TrialOutcome(
    [property: Id(0)] string Campaign,
    [property: Id(1)] int Index,
    [property: Id(2)] string Setting,
    [property: Id(3)] IReadOnlyList<ParamValue> Params,
    [property: Id(4)] long Seed,
    [property: Id(5)] TrialStatus Status,
    [property: Id(6)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(7)] string? Reason,
    [property: Id(8)] int FailedAttempts,
    [property: Id(9)] int Attempts,
    [property: Id(10)] IReadOnlyList<EpochReport> Epochs,
    [property: Id(11)] IReadOnlyList<TrialProfile>? Profiles = null,
    [property: Id(12)] int? StoppedRung = null,
    [property: Id(13)] int? StoppedEpoch = null);

/// <summary>
/// Answer to a worker starting an attempt: run it, or not (the trial is terminal: forward <see cref="Outcome"/>; or
/// another live worker runs it: <see cref="HeldBy"/> names it, try again later).
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.AttemptStart")]
public sealed record AttemptStart(
    [property: Id(0)] bool Run,
    [property: Id(1)] int Attempt,
    [property: Id(2)] int FailedAttempts,
    [property: Id(3)] TrialStatus Status,
    [property: Id(4)] TrialOutcome? Outcome,
    [property: Id(5)] string? HeldBy = null);

/// <summary>Answer to a failed attempt: retry, or the trial is now Failed with this outcome.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.FailDecision")]
public sealed record FailDecision(
    [property: Id(0)] bool Retry,
    [property: Id(1)] TrialOutcome? Outcome);

/// <summary>A trial's state as seen from outside.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.TrialSnapshot")]
public sealed record TrialSnapshot(
    [property: Id(0)] TrialConfig? Config,
    [property: Id(1)] TrialStatus Status,
    [property: Id(2)] int CurrentAttempt,
    [property: Id(3)] int CurrentEpoch,
    [property: Id(4)] IReadOnlyList<AttemptRecord> Attempts,
    [property: Id(5)] IReadOnlyDictionary<string, double> Metrics,
    [property: Id(6)] IReadOnlyList<EpochReport> Epochs,
    [property: Id(7)] string? Reason,
    [property: Id(8)] int CheckpointEpoch);

/// <summary>Metrics of one epoch of one attempt.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.EpochReport")]
public sealed record EpochReport(
    [property: Id(0)] int Attempt,
    [property: Id(1)] int Epoch,
    [property: Id(2)] IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// A small grid of values a trial measured once at its end, such as the loss along a random direction in weight space
/// (a 1-D slice: <see cref="Y"/> empty) or over a plane (2-D: <see cref="Values"/> row by row, one row per
/// <see cref="Y"/> value, each row over <see cref="X"/>). Kept by the trial grain and drawn by the report; the table
/// sees only the scalar metrics a kind reports beside it.
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.TrialProfile")]
public sealed record TrialProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<double> X,
    [property: Id(2)] IReadOnlyList<double> Y,
    [property: Id(3)] IReadOnlyList<double> Values)
{
    /// <summary>Most profiles one trial may report: the trial's state stays small (DESIGN.md, state is bounded).</summary>
    public const int MaxPerTrial = 4;

    /// <summary>Most values in one profile (a 32 × 32 plane).</summary>
    public const int MaxValues = 1024;

    /// <summary>True for a plane, false for a line.</summary>
    public bool IsPlane => Y.Count > 0;

    /// <summary>Why a trial's profiles cannot be kept, or null when they can: at most <see cref="MaxPerTrial"/>, names unique, each sound.</summary>
    public static string? Problem(IReadOnlyList<TrialProfile> profiles)
    {
        if (profiles.Count > MaxPerTrial) return $"{profiles.Count} profiles (at most {MaxPerTrial})";
        if (profiles.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } twice) return $"profile '{twice.Key}' reported twice";
        return profiles.Select(p => p.Problem()).FirstOrDefault(p => p is not null);
    }

    /// <summary>Why the profile cannot be kept, or null when it can: a name, axes of finite increasing values, and one value per grid point.</summary>
    public string? Problem()
    {
        if (string.IsNullOrEmpty(Name) || !Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            return $"profile name '{Name}' is not lower-case letters, digits and _";
        if (X.Count < 2) return $"profile '{Name}' has {X.Count} x values (at least 2)";
        if (Y.Count == 1) return $"profile '{Name}' has 1 y value (none for a line, at least 2 for a plane)";
        if (!Increasing(X) || !Increasing(Y)) return $"profile '{Name}': the axes must be finite and increasing";
        var expected = (long)X.Count * Math.Max(1, Y.Count);
        if (expected > MaxValues) return $"profile '{Name}' has {expected} grid points (at most {MaxValues})";
        if (Values.Count != expected) return $"profile '{Name}' has {Values.Count} values for {expected} grid points";
        return null;
    }

    private static bool Increasing(IReadOnlyList<double> axis)
    {
        for (var i = 0; i < axis.Count; i++)
            if (!double.IsFinite(axis[i]) || (i > 0 && axis[i] <= axis[i - 1])) return false;
        return true;
    }
}
