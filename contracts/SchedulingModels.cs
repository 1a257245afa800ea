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

/// <summary>
/// What a worker asks for when it leases: its free CPU slots and free GPUs, and what it has in all (so that the
/// scheduler can tell a trial that fits no silo from one that waits for a free one).
/// </summary>
[GenerateSerializer, Immutable, Alias("goldstone.WorkerCapacity")]
public sealed record WorkerCapacity(
    [property: Id(0)] int FreeSlots,
    [property: Id(1)] int FreeGpus,
    [property: Id(2)] int Slots,
    [property: Id(3)] int Gpus)
{
    /// <summary>A CPU-only worker with <paramref name="freeSlots"/> slots, all free.</summary>
    public static WorkerCapacity Cpu(int freeSlots) => new(freeSlots, 0, freeSlots, 0);

    /// <summary>True when a trial that needs <paramref name="slots"/> slots and <paramref name="gpus"/> GPUs fits what is free.</summary>
    public bool FitsFree(int slots, int gpus) => slots <= FreeSlots && gpus <= FreeGpus;

    /// <summary>True when such a trial fits this worker at all.</summary>
    public bool FitsAtAll(int slots, int gpus) => slots <= Slots && gpus <= Gpus;
}
