namespace Goldstone.Silo.Worker;

/// <summary>An attempt failed and the trial allows another: the retry pipeline handles exactly this.</summary>
public sealed class AttemptFailedException(string reason) : Exception(reason);

/// <summary>The attempt is no longer the trial's current one (another worker took over): stop it quietly.</summary>
public sealed class AttemptSupersededException(string trial, int attempt)
    : Exception($"attempt {attempt} of trial {trial} is no longer current");

/// <summary>The trainer was stopped by a signal from outside (Ctrl-C, SIGTERM): the attempt is interrupted, not failed.</summary>
public sealed class AttemptInterruptedException(string reason) : Exception(reason);

/// <summary>Another live worker runs the trial's current attempt: do not start a second one; hand the lease back for later.</summary>
public sealed class TrialHeldElsewhereException(string trial, string holder)
    : Exception($"trial {trial} is running on {holder}");

/// <summary>The campaign's stopping rule stopped the trial at a rung: its outcome was forwarded; stop the trainer, not a failure.</summary>
public sealed class TrialStoppedException(string trial, string? reason)
    : Exception($"trial {trial} was stopped early: {reason}");
