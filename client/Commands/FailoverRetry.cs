using Polly;
using Polly.Retry;

namespace Goldstone.Cli.Commands;

/// <summary>
/// The client's side of a failover: a gateway command whose grain lived on a silo that just died fails until the
/// cluster declares that silo dead (about 10 s) and places the grain again. Such a failure is retried with backoff
/// for up to <see cref="Patience"/>, with one line on stderr, before the command gives up (exit 1). Every gateway
/// command is safe to repeat: reads change nothing, a repeated submit answers "unchanged", a repeated cancel
/// "not running", and an export replaces its file atomically.
/// </summary>
internal static class FailoverRetry
{
    /// <summary>How long a command waits for the cluster to answer again.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(4);

    /// <summary>Runs <paramref name="call"/>, retrying while the cluster does not answer.</summary>
    public static async Task<T> RunAsync<T>(string command, Func<Task<T>> call, TimeSpan? patience = null, TextWriter? log = null)
    {
        var limit = patience ?? Patience;
        var since = (DateTimeOffset?)null;
        var pipeline = new ResiliencePipelineBuilder<T>()
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = new PredicateBuilder<T>().Handle<Exception>(e => IsFailover(e) && DateTimeOffset.UtcNow - since < limit),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = MaxDelay,
                UseJitter = true,
                OnRetry = args =>
                {
                    if (args.AttemptNumber == 0)
                        (log ?? Console.Error).WriteLine($"{command}: the cluster does not answer ({FirstLine(args.Outcome.Exception!)}); retrying for {limit.TotalSeconds:0} s");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            return await pipeline.ExecuteAsync(async _ =>
            {
                since ??= DateTimeOffset.UtcNow;
                return await call();
            });
        }
        catch (Exception e) when (IsFailover(e))
        {
            throw new SystemFailureException($"the cluster did not answer for {limit.TotalSeconds:0} s: {FirstLine(e)}", e);
        }
    }

    /// <summary>
    /// A failure of the cluster rather than of the request: an unreachable silo or gateway, a message that could not be
    /// delivered. Not a timeout: a slow call (a large table) sent again would only repeat its work.
    /// </summary>
    public static bool IsFailover(Exception e) => e is OrleansException;

    private static string FirstLine(Exception e) => e.GetBaseException().Message.Split('\n')[0];
}
