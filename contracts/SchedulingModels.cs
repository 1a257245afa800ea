namespace Goldstone.Contracts;

/// <summary>A trial handed to a worker until the lease expires or is released.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.TrialLease")]
public sealed record TrialLease(
    [property: Id(0)] string LeaseId,
    [property: Id(1)] TrialConfig Trial,
    [property: Id(2)] DateTimeOffset ExpiresAt);

/// <summary>
/// A worker's heartbeat for one lease it holds, with the progress of its trial and the trial itself, so that a
/// scheduler that lost its memory can adopt the lease instead of revoking it.
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.LeaseHeartbeat")]
public sealed record LeaseHeartbeat(
    [property: Id(0)] string LeaseId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] int Epoch,
    [property: Id(3)] TrialConfig Trial,
    [property: Id(4)] DateTimeOffset LeasedAt);

/// <summary>A trial that a worker is running now.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.RunningTrial")]
public sealed record RunningTrial(
    [property: Id(0)] int Index,
    [property: Id(1)] string Setting,
    [property: Id(2)] long Seed,
    [property: Id(3)] string Worker,
    [property: Id(4)] int Attempt,
    [property: Id(5)] int Epoch,
    [property: Id(6)] int Epochs,
    [property: Id(7)] DateTimeOffset LeasedAt);
