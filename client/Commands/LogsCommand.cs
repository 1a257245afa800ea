using System.CommandLine;
using System.Globalization;
using Goldstone.Cli.Parsing;
using Goldstone.Contracts;
using Goldstone.Grains;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Storage;
using Goldstone.Silo.Worker.Checkpoints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;

namespace Goldstone.Cli.Commands;

/// <summary>
/// <c>logs NAME TRIAL [--attempt N] [--follow]</c>: an attempt's trainer log, read where the silos keep them (the
/// checkpoint store that <c>Goldstone:Checkpoints:*</c> configures, under <c>--data-dir</c> by default). Which
/// attempts a trial has, and whether one still runs, comes from the silo at <c>--gateway</c>, or from the silo or run
/// that holds the data directory, or from the embedded store itself when nothing holds it.
/// </summary>
internal static class LogsCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "the campaign's name (its spec's name:)" };
        var trial = new Argument<string>("TRIAL") { Description = "the trial's index (#INDEX in status and watch, \"trial\" in export)" };
        var attempt = CliOptions.Integer("--attempt", "N", "which attempt (default the latest)", 1, int.MaxValue);
        var follow = new Option<bool>("--follow") { Description = "keep printing while the attempt runs, until it ends" };
        var dataDir = new Option<string?>("--data-dir")
        {
            HelpName = "DIR",
            Description = "where the logs are: the data directory (default ./.goldstone, or Goldstone:DataDir; Goldstone:Checkpoints:* as the silos have it)",
        };
        var gateway = new Option<string?>("--gateway")
        {
            HelpName = "HOST:PORT",
            Description = "ask this silo which attempts the trial has and whether one runs (default: the silo or run holding DIR, else DIR's store)",
        };
        var command = new Command("logs", "an attempt's trainer log (stderr): exit 0 printed, 1 the store or cluster failed, 2 unknown campaign, trial or attempt")
        {
            name, trial, attempt, follow, dataDir, gateway,
        };
        command.SetAction(result => RunAsync(
            result.GetRequiredValue(name), TrialIndex(result.GetRequiredValue(trial)), result.GetValue(attempt), result.GetValue(follow),
            result.GetValue(dataDir), result.GetValue(gateway)));
        return command;
    }

    private static int TrialIndex(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new UsageException($"TRIAL: '{text}' is not a trial index (an integer from 0)");

    private static async Task<int> RunAsync(string campaign, int index, int? attempt, bool follow, string? dataDir, string? gateway)
    {
        var overrides = new Dictionary<string, string?>();
        if (dataDir is not null) overrides["Goldstone:DataDir"] = dataDir;
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var options = GoldstoneSiloExtensions.ReadOptions(configuration);
        var store = CheckpointStores.Create(options, TimeProvider.System, NullLoggerFactory.Instance);
        if (gateway is null)
        {
            var held = await TryOfflineAsync(options.DataDir, campaign, index, attempt, follow, store);
            if (held.Exit is { } code) return code;
            gateway = $"localhost:{held.GatewayPort}";
        }
        return await GatewayCommands.OnGatewayAsync(gateway, null, grains =>
            PrintAsync(campaign, index, attempt, follow, store, () => FromClusterAsync(grains, campaign, index)));
    }

    /// <summary>Reads the embedded store; when a silo or run holds it, says which gateway to ask instead.</summary>
    private static async Task<(int? Exit, int GatewayPort)> TryOfflineAsync(string dataDir, string campaign, int index, int? attempt,
        bool follow, ICheckpointStore store)
    {
        EmbeddedStoreReader reader;
        try
        {
            reader = await EmbeddedStoreReader.OpenAsync(dataDir);
        }
        catch (DataDirectoryInUseException e) when (e.GatewayPort is { } port)
        {
            return (null, port);
        }
        catch (DataDirectoryInUseException e)
        {
            throw new SystemFailureException($"the data directory {e.Directory} is held by a process that names no gateway: ask a silo with --gateway HOST:PORT", e);
        }
        catch (DataDirectoryUnusableException e)
        {
            throw new BadInputException([$"error: {e.Message}; for a cluster, name a silo with --gateway HOST:PORT"]);
        }
        await using (reader)
        {
            // Nothing runs while this process holds the store: one read is all there is, even with --follow.
            var trial = await FromStoreAsync(reader, campaign, index);
            return (await PrintAsync(campaign, index, attempt, follow, store, () => Task.FromResult(trial)), 0);
        }
    }

    private static async Task<TrialAttempts> FromClusterAsync(IClusterClient grains, string campaign, int index)
    {
        await GatewayCommands.RequireKnownAsync(new GatewayReads(grains), campaign);
        var progress = await grains.GetGrain<ICampaignGrain>(campaign).GetProgressAsync();
        if (index >= progress.Total) throw NoSuchTrial(campaign, index, progress.Total);
        var snapshot = await grains.GetGrain<ITrialGrain>(TrialKeys.Of(campaign, index)).GetAsync();
        return new TrialAttempts(snapshot.Status, snapshot.CurrentAttempt);
    }

    private static async Task<TrialAttempts> FromStoreAsync(EmbeddedStoreReader reader, string campaign, int index)
    {
        var reads = new OfflineReads(reader);
        await GatewayCommands.RequireKnownAsync(reads, campaign);
        var total = (await reads.GetProgressAsync(campaign)).Total;
        if (index >= total) throw NoSuchTrial(campaign, index, total);
        // A trial that never started has no state; one a killed silo left running is running no more.
        var state = await reader.TrialAsync(campaign, index);
        return state is null ? new TrialAttempts(TrialStatus.Pending, 0)
            : new TrialAttempts(state.Status == TrialStatus.Running ? TrialStatus.Pending : state.Status, state.Attempts);
    }

    private static async Task<int> PrintAsync(string campaign, int index, int? asked, bool follow, ICheckpointStore store,
        Func<Task<TrialAttempts>> read)
    {
        var trial = await read();
        if (trial.Attempts == 0)
            throw new BadInputException([$"error: trial {index} of '{campaign}' has not started an attempt yet ({trial.Status.ToString().ToLowerInvariant()})"]);
        if (asked > trial.Attempts)
            throw new BadInputException([$"error: --attempt {asked}: trial {index} of '{campaign}' has {Attempts(trial.Attempts)} (allowed: 1 to {trial.Attempts})"]);
        var attempt = asked ?? trial.Attempts;
        long offset = 0;
        var output = Console.OpenStandardOutput();
        var waitingSaid = false;
        while (true)
        {
            // The state before the log: when it says the attempt ended, the log read after it is the whole log.
            var running = trial.Status == TrialStatus.Running && trial.Attempts == attempt;
            var bytes = await ReadAsync(store, campaign, index, attempt, offset);
            if (bytes is { Length: > 0 })
            {
                await output.WriteAsync(bytes);
                await output.FlushAsync();
                offset += bytes.Length;
            }
            if (!running || !follow)
            {
                if (bytes is null) Console.Error.WriteLine(NoLog(campaign, index, attempt, running, store.LiveLogs));
                return ExitCodes.Ok;
            }
            if (bytes is null && !store.LiveLogs && !waitingSaid)
            {
                Console.Error.WriteLine($"logs: attempt {attempt} of trial {index} runs; its log reaches the store when it ends, waiting");
                waitingSaid = true;
            }
            await Task.Delay(FollowInterval);
            trial = await read();
        }
    }

    private static async Task<byte[]?> ReadAsync(ICheckpointStore store, string campaign, int index, int attempt, long offset)
    {
        try
        {
            return await store.ReadLogAsync(campaign, index, attempt, offset, CancellationToken.None);
        }
        catch (CheckpointStoreException e)
        {
            throw new SystemFailureException(e.Message, e);
        }
    }

    private static string NoLog(string campaign, int index, int attempt, bool running, bool liveLogs) =>
        running && !liveLogs
            ? $"logs: attempt {attempt} of trial {index} of '{campaign}' still runs; its log reaches the store when it ends (--follow waits for it)"
            : $"logs: attempt {attempt} of trial {index} of '{campaign}' has no log: it wrote nothing to stderr";

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    private static BadInputException NoSuchTrial(string campaign, int index, int total) =>
        new([$"error: TRIAL {index}: campaign '{campaign}' has {total} trials (allowed: 0 to {total - 1})"]);

    private sealed record TrialAttempts(TrialStatus Status, int Attempts);
}
