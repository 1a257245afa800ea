using Goldstone.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Goldstone.Silo.Worker;

/// <summary>
/// The storage edge of the worker: a call to a trial or shard grain that failed because the cluster's store (or the
/// silo hosting the grain) did not answer is tried again, with backoff, for up to <see cref="Patience"/>, while the
/// trainer keeps running. Every such call is idempotent on the grain's side (an attempt number guards each report),
/// so a retry after a write that did land changes nothing.
/// </summary>
public sealed class GrainCallRetry
{
    /// <summary>How long one call is retried, about, before its last failure is thrown: a database restart fits.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly ResiliencePipeline _pipeline;

    /// <summary>A pipeline that logs each retry as a warning.</summary>
    public GrainCallRetry(TimeProvider time, ILogger logger, TimeSpan? patience = null)
    {
        // A count rather than a timeout, so that the caller sees the store's last failure, not Polly's.
        var attempts = (int)Math.Ceiling((patience ?? Patience) / MaxDelay) + 4;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = attempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = MaxDelay,
                UseJitter = true,
                OnRetry = args =>
                {
                    GoldstoneMetrics.StorageRetries.Add(1, new KeyValuePair<string, object?>("store", "cluster"));
                    logger.LogWarning("Storage or cluster call failed (retry {Retry} in {Delay:0.0} s): {Error}",
                        args.AttemptNumber + 1, args.RetryDelay.TotalSeconds, args.Outcome.Exception?.GetBaseException().Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="call"/>, retrying transient failures.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async _ => await call(), cancellationToken);

    /// <summary>Runs <paramref name="call"/>, retrying transient failures.</summary>
    public async Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async _ => await call(), cancellationToken);

    /// <summary>
    /// A failure of the cluster or its store rather than of the call: Orleans' own (an unreachable silo, a timeout,
    /// a stale ETag after a reconnect), and the providers' (a database or an HTTP error), which reach the caller as
    /// themselves or as Orleans' stand-in for an exception type it cannot carry.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        AttemptSupersededException or TrialStoppedException or TrialHeldElsewhereException or AttemptFailedException or AttemptInterruptedException => false,
        OperationCanceledException => false,
        OrleansException or TimeoutException or System.Data.Common.DbException or System.Net.Sockets.SocketException or IOException => true,
        Azure.RequestFailedException or HttpRequestException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
