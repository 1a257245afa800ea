namespace Goldstone.Contracts;

/// <summary>The persisted state machine of one trial. Key: <see cref="TrialKeys.Of"/>.</summary>
[Alias("goldstone.ITrialGrain")]
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>Starts a new attempt for a worker holding a lease; says not to run when the trial is terminal.</summary>
    [Alias("StartAttempt")]
    Task<AttemptStart> StartAttemptAsync(TrialConfig config, string worker);

    /// <summary>The worker still runs <paramref name="attempt"/>; false when that attempt is no longer current (stop it).</summary>
    [Alias("Heartbeat")]
    Task<bool> HeartbeatAsync(int attempt);

    /// <summary>Records an epoch's metrics (persisted with the next checkpoint or the end); false when the attempt is no longer current.</summary>
    [Alias("ReportEpoch")]
    Task<bool> ReportEpochAsync(int attempt, int epoch, IReadOnlyDictionary<string, double> metrics);

    /// <summary>Records that the attempt saved a checkpoint after <paramref name="epoch"/>; false when the attempt is no longer current.</summary>
    [Alias("ReportCheckpoint")]
    Task<bool> ReportCheckpointAsync(int attempt, int epoch);

    /// <summary>
    /// Records the final metrics of an attempt, and the profiles it measured (at most <see cref="TrialProfile.MaxPerTrial"/>);
    /// idempotent. The outcome to forward, or null for a stale attempt.
    /// </summary>
    [Alias("CompleteAttempt")]
    Task<TrialOutcome?> CompleteAttemptAsync(int attempt, IReadOnlyDictionary<string, double> metrics, IReadOnlyList<TrialProfile>? profiles = null);

    /// <summary>Records a failed attempt: retry when another attempt is allowed, else the trial is Failed.</summary>
    [Alias("FailAttempt")]
    Task<FailDecision> FailAttemptAsync(int attempt, string reason);

    /// <summary>Records an attempt stopped by a shutdown; it does not count as a failure and the trial is Pending again.</summary>
    [Alias("InterruptAttempt")]
    Task InterruptAttemptAsync(int attempt, string reason);

    /// <summary>Cancels the trial unless it is terminal; returns its status afterwards.</summary>
    [Alias("Cancel")]
    Task<TrialStatus> CancelAsync();

    /// <summary>The trial's outcome, or null while it is not terminal.</summary>
    [Alias("GetOutcome")]
    Task<TrialOutcome?> GetOutcomeAsync();

    /// <summary>Per epoch, the report of the latest attempt that reached it; empty unless the trial succeeded or was stopped.</summary>
    [Alias("GetLearningCurve")]
    Task<IReadOnlyList<EpochReport>> GetLearningCurveAsync();

    /// <summary>The profiles the succeeded attempt measured; empty unless the trial succeeded.</summary>
    [Alias("GetProfiles")]
    Task<IReadOnlyList<TrialProfile>> GetProfilesAsync();

    /// <summary>The trial's state.</summary>
    [Alias("Get")]
    Task<TrialSnapshot> GetAsync();
}
