namespace Goldstone.Contracts;

/// <summary>The life of a campaign.</summary>
public enum CampaignStatus
{
    /// <summary>No spec was submitted under this name.</summary>
    Unknown = 0,
    /// <summary>Trials are pending or running.</summary>
    Running = 1,
    /// <summary>Every trial is terminal.</summary>
    Completed = 2,
    /// <summary>Cancelled by a user; unfinished trials are Cancelled.</summary>
    Cancelled = 3,
}

/// <summary>How a submission was taken.</summary>
public enum SubmitOutcome
{
    /// <summary>A new campaign was created and its trials queued.</summary>
    Created = 0,
    /// <summary>The same spec was already there: unfinished trials were queued again.</summary>
    Resumed = 1,
    /// <summary>The spec is invalid; nothing was created.</summary>
    Invalid = 2,
    /// <summary>A different spec already has this name, and it does not only grow it; nothing was changed.</summary>
    Conflict = 3,
    /// <summary>The spec grows the campaign with this name: its finished trials were kept and only the new ones queued.</summary>
    Grown = 4,
}

/// <summary>Answer to a submission: the campaign's trials in all, and for <see cref="SubmitOutcome.Grown"/> how many were added.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.SubmitResult")]
public sealed record SubmitResult(
    [property: Id(0)] SubmitOutcome Outcome,
    [property: Id(1)] IReadOnlyList<string> Errors,
    [property: Id(2)] int Trials,
    [property: Id(3)] CampaignStatus Status,
    [property: Id(4)] int Added = 0);

/// <summary>Counts and running trials of a campaign.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.CampaignProgress")]
public sealed record CampaignProgress(
    [property: Id(0)] string Name,
    [property: Id(1)] CampaignStatus Status,
    [property: Id(2)] int Total,
    [property: Id(3)] IReadOnlyDictionary<TrialStatus, int> Counts,
    [property: Id(4)] IReadOnlyList<RunningTrial> Running,
    [property: Id(5)] DateTimeOffset? StartedAt,
    [property: Id(6)] DateTimeOffset? CompletedAt,
    [property: Id(7)] string? Unschedulable = null)
{
    /// <summary>Trials that will not run again.</summary>
    public int Finished => Counts.Where(c => c.Key.IsTerminal()).Sum(c => c.Value);

    /// <summary>The latest failed attempts, newest first (at most <see cref="AttemptFailure.Kept"/>), since the
    /// campaign's activation: a watch shows them with their reason.</summary>
    [Id(8)] public IReadOnlyList<AttemptFailure> RecentFailures { get; init; } = [];
}

/// <summary>One failed attempt of a trial, as a watch shows it.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.AttemptFailure")]
public sealed record AttemptFailure(
    [property: Id(0)] int Index,
    [property: Id(1)] string Setting,
    [property: Id(2)] long Seed,
    [property: Id(3)] int Attempt,
    [property: Id(4)] string Reason,
    [property: Id(5)] bool Retrying,
    [property: Id(6)] DateTimeOffset At)
{
    /// <summary>How many failures a campaign keeps for its progress.</summary>
    public const int Kept = 5;

    /// <summary>Longest reason kept (its first line), so that a progress message stays small.</summary>
    public const int MaxReason = 200;

    /// <summary>The first line of <paramref name="reason"/>, cut to <see cref="MaxReason"/> characters.</summary>
    public static string ShortReason(string reason)
    {
        var line = reason.Split('\n', 2)[0].TrimEnd('\r').Trim();
        return line.Length <= MaxReason ? line : line[..(MaxReason - 1)] + "…";
    }
}

/// <summary>A campaign as the registry lists it.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.CampaignListing")]
public sealed record CampaignListing(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] CampaignStatus Status,
    [property: Id(3)] int Trials,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>
/// What the comparative table is built from: the campaign's points (swept values, in expansion order; trial
/// <see cref="TrialIndex"/>(p, s) is point p with seed s), the fixed parameters, the baseline point and the metric columns.
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.TableDefinition")]
public sealed record TableDefinition(
    [property: Id(0)] string Campaign,
    [property: Id(1)] IReadOnlyList<string> Metrics,
    [property: Id(2)] IReadOnlyList<ParamValue>? Baseline,
    [property: Id(3)] IReadOnlyList<IReadOnlyList<ParamValue>> Points,
    [property: Id(4)] int SeedsPerSetting,
    [property: Id(5)] IReadOnlyList<string> SweptParams,
    [property: Id(6)] IReadOnlyList<ParamValue> FixedParams,
    [property: Id(7)] IReadOnlyList<string> LogScaledParams,
    [property: Id(8)] IReadOnlyList<long> Seeds)
{
    /// <summary>The spec's <c>table.correction</c>: how each metric's family of comparisons is adjusted.</summary>
    [Id(9)] public MultipleTestCorrection Correction { get; init; }

    /// <summary>The spec's <c>table.trend</c>: the ordered parameter of the trend test, or null.</summary>
    [Id(10)] public string? Trend { get; init; }

    /// <summary>The spec's <c>table.log_scale</c>: metrics compared on a log scale.</summary>
    [Id(11)] public IReadOnlyList<string> LogScaleMetrics { get; init; } = [];

    /// <summary>
    /// For a campaign that grew, the index of trial (point p, seed s) at <c>p × seeds + s</c>: its new trials were
    /// numbered after the old ones. Null when that trial's index is <c>p × seeds + s</c> itself.
    /// </summary>
    [Id(12)] public IReadOnlyList<int>? TrialIndices { get; init; }

    /// <summary>The spec's <c>table.stopped</c>: whether stopped trials' last reported metrics enter the cells.</summary>
    [Id(13)] public StoppedTrials Stopped { get; init; }

    /// <summary>
    /// The objectives of a tpe search, with the direction its <c>mode</c> gives (that direction marks the best value of
    /// their columns); with two or more, the table marks the rows on their Pareto front unless asked for another.
    /// </summary>
    [Id(14)] public IReadOnlyList<MetricColumn> Objectives { get; init; } = [];

    /// <summary>The spec's <c>stopping:</c> rule, or null: the report draws which rungs stopped which trials.</summary>
    [Id(15)] public StoppingConfig? Stopping { get; init; }

    /// <summary>The index of the trial of point <paramref name="point"/> with the seed at <paramref name="seed"/>.</summary>
    public int TrialIndex(int point, int seed) =>
        TrialIndices is { } indices ? indices[point * SeedsPerSetting + seed] : point * SeedsPerSetting + seed;
}
