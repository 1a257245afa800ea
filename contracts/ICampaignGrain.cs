using Orleans.Concurrency;

namespace Goldstone.Contracts;

/// <summary>A campaign: its validated spec, the expansion into trials, counts and completion. Key: campaign name.</summary>
[Alias("goldstone.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and stores the spec, then queues its trials; the same spec again resumes, and a spec that only adds
    /// seeds, values, a wider int range or more samples grows the campaign (only the new trials run).
    /// </summary>
    [Alias("Submit")]
    Task<SubmitResult> SubmitAsync(string specText, string source);

    /// <summary>Queues every trial that is not terminal (after a restart).</summary>
    [Alias("Resume")]
    Task ResumeAsync();

    /// <summary>Counts per status and the running trials.</summary>
    [Alias("GetProgress")]
    Task<CampaignProgress> GetProgressAsync();

    /// <summary>
    /// Cancels every unfinished trial; returns false when the campaign is unknown, completed or already cancelled (a
    /// second cancel repeats the steps, so one that failed half-way is finished).
    /// </summary>
    [Alias("Cancel")]
    Task<bool> CancelAsync();

    /// <summary>The spec text as submitted, or null for an unknown campaign. Read-only, so it may interleave.</summary>
    [Alias("GetSpec"), AlwaysInterleave]
    Task<string?> GetSpecAsync();

    /// <summary>
    /// Every spec the campaign has had, oldest first: the one it was created with, then each it grew to (the last is
    /// in force); empty for an unknown campaign. Its trials are numbered spec by spec. Read-only, so it may interleave.
    /// </summary>
    [Alias("GetSpecs"), AlwaysInterleave]
    Task<IReadOnlyList<string>> GetSpecsAsync();

    /// <summary>How many specs <see cref="GetSpecsAsync"/> would return: a cheap check that an expansion is current. Read-only.</summary>
    [Alias("GetSpecCount"), AlwaysInterleave]
    Task<int> GetSpecCountAsync();

    /// <summary>A shard's counts after a change; one-way, so a shard never waits on its campaign (no call cycles).</summary>
    [Alias("ShardProgress"), OneWay]
    Task ShardProgressAsync(int shard, ShardCounts counts);

    /// <summary>A trial's attempt failed (retried or not); one-way, kept in memory for <see cref="GetProgressAsync"/>.</summary>
    [Alias("AttemptFailed"), OneWay]
    Task AttemptFailedAsync(AttemptFailure failure);
}
