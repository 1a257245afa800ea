using Azure;
using Goldstone.Grains.Telemetry;
using Polly;
using Polly.Retry;

namespace Goldstone.Silo.Worker.Checkpoints;

/// <summary>
/// The one retry pipeline of checkpoint store calls. Every call it wraps is idempotent (uploads overwrite, deletes
/// ignore a missing blob), so a call that failed half-way can simply run again.
/// </summary>
public static class CheckpointRetry
{
    /// <summary>The pipeline's name in telemetry.</summary>
    public const string Name = "goldstone-checkpoints";

    /// <summary>Retries after the first failure: 0.2, 0.4, 0.8, 1.6, 3.2 s (with jitter), about 6 s in all.</summary>
    public const int MaxRetries = 5;

    /// <summary>The pipeline: exponential backoff on transient storage failures only.</summary>
    public static ResiliencePipeline Create(TimeProvider time) => new ResiliencePipelineBuilder { Name = Name, TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(IsTransient).Handle<HttpRequestException>(),
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            UseJitter = true,
            OnRetry = _ =>
            {
                GoldstoneMetrics.StorageRetries.Add(1, new KeyValuePair<string, object?>("store", "checkpoints"));
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>A failure worth another try: no response at all (status 0), a timeout, throttling or a server error.</summary>
    public static bool IsTransient(RequestFailedException e) => e.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504;
}
