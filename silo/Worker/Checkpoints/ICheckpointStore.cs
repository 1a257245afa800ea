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
}

/// <summary>One attempt's local paths: the trainer's work directory, its checkpoint directory and the attempt's log.</summary>
public sealed record TrialFiles(TrialConfig Trial, int Attempt, string WorkDir, string CheckpointDir, string LogPath)
{
    /// <summary>The layout under a root: <c>campaigns/CAMPAIGN/trials/INDEX/{checkpoint/, attempt-N.log}</c>.</summary>
    public static TrialFiles Under(string root, TrialConfig trial, int attempt)
    {
        var workDir = Path.Combine(root, "campaigns", trial.Campaign, "trials", trial.Index.ToString(CultureInfo.InvariantCulture));
        return new TrialFiles(trial, attempt, workDir, Path.Combine(workDir, "checkpoint"),
            Path.Combine(workDir, $"attempt-{attempt.ToString(CultureInfo.InvariantCulture)}.log"));
    }
}
