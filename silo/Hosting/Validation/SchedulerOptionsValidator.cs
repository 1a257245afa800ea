using Goldstone.Grains;
using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>
/// The scheduler's lease duration: longer than the worker's heartbeat interval, or every lease would expire between
/// two renewals and each trial would be run again and again.
/// </summary>
public sealed class SchedulerOptionsValidator(PeerOptions<WorkerOptions> worker) : IValidateOptions<SchedulerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var heartbeat = worker.Value.HeartbeatInterval;
        var failures = new List<string>();
        // A heartbeat that is not positive is the worker's own failure; the lease then needs only to be positive.
        if (heartbeat > TimeSpan.Zero && options.LeaseDuration <= heartbeat)
            failures.Add(GoldstoneKeys.LeaseDuration.Failure(OptionKey.Duration(options.LeaseDuration),
                $"a duration longer than {GoldstoneKeys.HeartbeatInterval}, which is {OptionKey.Duration(heartbeat)}"));
        else if (options.LeaseDuration <= TimeSpan.Zero)
            failures.Add(GoldstoneKeys.LeaseDuration.Failure(OptionKey.Duration(options.LeaseDuration), "a positive duration"));
        return ValidationResults.From(failures);
    }
}
