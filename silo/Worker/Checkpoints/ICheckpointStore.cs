using System.Globalization;
using Goldstone.Contracts;

namespace Goldstone.Silo.Worker.Checkpoints;

/// <summary>
/// Where a trial's checkpoints and attempt logs live (<c>Goldstone:Checkpoints:Provider</c>). The trainer always works
/// on local paths; a store either is those paths (<c>files</c>) or mirrors them to a shared store (<c>azure-blob</c>).
/// </summary>
public interface ICheckpointStore
{
    /// <summary>
    /// The paths one attempt works with, its checkpoint directory holding the trial's latest published checkpoint
    /// (if any), so that the trainer can resume from it on any silo.
    /// </summary>
    Task<TrialFiles> PrepareAsync(TrialConfig trial, int attempt, CancellationToken cancellationToken);

    /// <summary>
    /// The trainer reported the checkpoint after <paramref name="epoch"/>: make it the trial's latest. False when it
    /// was not published (a newer one replaced it meanwhile, or the store failed; a warning says which), so the trial
    /// must not record it.
    /// </summary>
    Task<bool> PublishAsync(TrialFiles files, int epoch, CancellationToken cancellationToken);

    /// <summary>The attempt ended: keep its log, if it wrote one. Never fails the attempt.</summary>
    Task FinishAttemptAsync(TrialFiles files, CancellationToken cancellationToken);

    /// <summary>True when a running attempt's log can be read as it grows; false when the store holds a log only once
    /// its attempt ended.</summary>
    bool LiveLogs { get; }

    /// <summary>
    /// The bytes of an attempt's log from <paramref name="offset"/> on (empty when there are no more), or null when the
    /// store has no log for that attempt: it wrote nothing to stderr, or (without <see cref="LiveLogs"/>) it still runs.
    /// </summary>
    Task<byte[]?> ReadLogAsync(string campaign, int index, int attempt, long offset, CancellationToken cancellationToken);
}

/// <summary>One attempt's local paths: the trainer's work directory, its checkpoint directory and the attempt's log.</summary>
public sealed record TrialFiles(TrialConfig Trial, int Attempt, string WorkDir, string CheckpointDir, string LogPath)
{
    /// <summary>The layout under a root: <c>campaigns/CAMPAIGN/trials/INDEX/{checkpoint/, attempt-N.log}</c>.</summary>
    public static TrialFiles Under(string root, TrialConfig trial, int attempt)
    {
        var workDir = WorkDirUnder(root, trial.Campaign, trial.Index);
        return new TrialFiles(trial, attempt, workDir, Path.Combine(workDir, "checkpoint"), Path.Combine(workDir, LogName(attempt)));
    }

    /// <summary>A trial's directory under a root: <c>campaigns/CAMPAIGN/trials/INDEX</c>.</summary>
    public static string WorkDirUnder(string root, string campaign, int index) =>
        Path.Combine(root, "campaigns", campaign, "trials", index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file name of an attempt's log: <c>attempt-N.log</c>.</summary>
    public static string LogName(int attempt) => $"attempt-{attempt.ToString(CultureInfo.InvariantCulture)}.log";
}
