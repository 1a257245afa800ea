using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>The worker: slot and GPU counts, its intervals, its trainer processes and where the trainer is.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    /// <summary>The most GPUs a silo may give to trials (<c>--gpus</c> takes the same).</summary>
    public const int MaxGpus = 1024;

    /// <summary>The longest drain a stopping silo may take.</summary>
    public static readonly TimeSpan MaxDrainTimeout = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        if (options.Slots is < 1)
            failures.Add(GoldstoneKeys.Slots.Failure(OptionKey.Number(options.Slots.Value), "an integer of 1 or more"));
        if (options.Gpus is < 0 or > MaxGpus)
            failures.Add(GoldstoneKeys.Gpus.Failure(OptionKey.Number(options.Gpus.Value), $"0 (CPU trials only) to {MaxGpus}, or unset to detect them with nvidia-smi"));
        if (options.ThreadsPerTrial < 1)
            failures.Add(GoldstoneKeys.ThreadsPerTrial.Failure(OptionKey.Number(options.ThreadsPerTrial), "an integer of 1 or more"));
        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > MaxDrainTimeout)
            failures.Add(GoldstoneKeys.DrainTimeout.Failure(OptionKey.Duration(options.DrainTimeout), $"00:00:00 (stop at once) to {OptionKey.Duration(MaxDrainTimeout)}"));
        if (options.PollInterval <= TimeSpan.Zero)
            failures.Add(GoldstoneKeys.PollInterval.Failure(OptionKey.Duration(options.PollInterval), "a positive duration, such as 00:00:00.5"));
        if (options.HeartbeatInterval <= TimeSpan.Zero)
            failures.Add(GoldstoneKeys.HeartbeatInterval.Failure(OptionKey.Duration(options.HeartbeatInterval), "a positive duration, such as 00:00:05"));
        if (options.TrialsPerProcess < 1)
            failures.Add(GoldstoneKeys.TrialsPerProcess.Failure(OptionKey.Number(options.TrialsPerProcess), "an integer of 1 (a fresh trainer per trial) or more"));
        if (options.TrainerMemoryLimitMb < 0)
            failures.Add(GoldstoneKeys.TrainerMemoryLimitMb.Failure(OptionKey.Number(options.TrainerMemoryLimitMb), "0 (no limit) or a size in MiB"));
        if (options.Enabled && !File.Exists(options.EffectiveTrainerPath))
            failures.Add(options.TrainerPath.Length > 0
                ? GoldstoneKeys.TrainerPath.Failure($"{OptionKey.Text(options.TrainerPath)}, which does not exist", "the path of Goldstone.Trainer.dll")
                : GoldstoneKeys.TrainerPath.Failure($"empty, and {options.EffectiveTrainerPath} beside this program is missing",
                    "the path of Goldstone.Trainer.dll, or empty once the solution is built"));
        return ValidationResults.From(failures);
    }
}
