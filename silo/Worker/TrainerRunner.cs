using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Goldstone.Contracts;
using Goldstone.Grains.Telemetry;
using Goldstone.Schema.Protocol;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Worker;

/// <summary>One attempt to run: the request JSON and where the trainer's stderr goes.</summary>
public sealed record TrainerInvocation(string Label, string RequestJson, int Threads, TimeSpan Timeout, string LogPath, string VisibleDevices = "");

/// <summary>
/// What the worker does with the trainer's progress reports; throw from either to stop the run. An epoch report may
/// say how many training samples the epoch processed (<c>"samples"</c>); <paramref name="OnSamples"/> hears it first.
/// </summary>
public sealed record TrainerCallbacks(
    Func<int, IReadOnlyDictionary<string, double>, Task> OnEpoch,
    Func<int, Task> OnCheckpoint,
    Action<int, long>? OnSamples = null);

/// <summary>How an attempt ended: metrics (and the profiles reported before them), or why it failed.</summary>
public sealed record TrainerRunResult(IReadOnlyDictionary<string, double>? Metrics, string? FailureReason, bool StoppedBySignal = false)
{
    /// <summary>The profiles the trial reported before its result, in order; empty for a failed attempt.</summary>
    public IReadOnlyList<TrialProfile> Profiles { get; init; } = [];

    /// <summary>True when the trainer reported a result.</summary>
    public bool Succeeded => Metrics is not null;
}

/// <summary>
/// Runs attempts in warm trainer processes: each trial's request is one line on a process's stdin, its reports JSON
/// lines on stdout, its stderr lines go to the attempt's log. Idle processes wait in a pool keyed by thread count (the
/// OpenMP and MKL thread counts are fixed at process start). A process goes back to the pool only after a clean
/// trial; a crash, an abort, an exit, malformed output, an error report, the timeout or a cancellation replaces it,
/// and so do <see cref="WorkerOptions.TrialsPerProcess"/> trials or more than
/// <see cref="WorkerOptions.TrainerMemoryLimitMb"/> of resident memory. Any of these fails the attempt, never the
/// silo. Cancellation (shutdown, revoked lease) kills the process and throws <see cref="OperationCanceledException"/>.
/// Disposing the runner kills every trainer it started.
/// </summary>
public sealed class TrainerRunner(TrainerLocator locator, IOptions<GoldstoneOptions> options, ILogger<TrainerRunner> logger)
    : IDisposable, IAsyncDisposable
{
    // How long a finished trial's stderr may trail its last report line before the log counts as incomplete.
    private static readonly TimeSpan EndOfTrialWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);
    private readonly WorkerOptions _options = options.Value.Worker;
    private readonly Lock _gate = new();
    private readonly List<TrainerProcess> _idle = [];
    private readonly HashSet<TrainerProcess> _live = [];
    // GPU trainers being retired: until they have exited they still hold their devices.
    private readonly HashSet<TrainerProcess> _exiting = [];
    private string? _runtimeDirectory;
    private int _started;
    private int _trialFiles;
    private bool _disposed;

    /// <summary>Trainer processes this runner has started; with warm processes far fewer than the attempts it ran.</summary>
    public int ProcessesStarted => Volatile.Read(ref _started);

    /// <summary>Runs the attempt; <paramref name="callbacks"/> see each epoch and checkpoint report.</summary>
    public async Task<TrainerRunResult> RunAsync(TrainerInvocation invocation, TrainerCallbacks callbacks, CancellationToken cancellationToken)
    {
        var log = new AttemptLog(invocation.LogPath, invocation.Label);
        using var timeout = new CancellationTokenSource(invocation.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        TrainerProcess? trainer = null;
        TrialEnding ending;
        try
        {
            trainer = TakeIdle(invocation.Threads, invocation.VisibleDevices);
            if (trainer is not null && !await TrySendAsync(trainer, invocation, log, linked.Token)) trainer = null;
            if (trainer is null)
            {
                await RetireIdleOnAsync(invocation.VisibleDevices);
                trainer = Start(invocation.Threads, invocation.VisibleDevices, invocation.Label, log);
                await SendToFreshAsync(trainer, invocation.RequestJson, linked.Token);
            }
            ending = await ReadTrialAsync(trainer.Output, callbacks, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var reason = $"timed out after {invocation.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
            await ReplaceAsync(trainer, log);
            return new TrainerRunResult(null, reason);
        }
        catch (StartFailedException e)
        {
            log.Note($"# could not start the trainer: {e.Message}");
            log.Close();
            return new TrainerRunResult(null, $"could not start the trainer: {e.Message}");
        }
        catch
        {
            await ReplaceAsync(trainer, log);
            throw;
        }
        return await FinishAsync(trainer, log, ending);
    }

    /// <summary>
    /// Kills every trainer process, idle or not, and removes the trial files. A process still running an attempt is
    /// released by that attempt, which then fails (its output ended).
    /// </summary>
    public void Dispose()
    {
        foreach (var trainer in Shutdown()) trainer.Dispose();
    }

    /// <summary>Like <see cref="Dispose"/>, and returns once the idle processes have exited.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var trainer in Shutdown())
        {
            await trainer.WaitForExitAsync(ExitWait);
            trainer.Dispose();
        }
    }

    /// <summary>Kills every process and hands back the idle ones, not yet released.</summary>
    private List<TrainerProcess> Shutdown()
    {
        List<TrainerProcess> idle, busy;
        lock (_gate)
        {
            if (_disposed) return [];
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            foreach (var trainer in idle) _live.Remove(trainer);
            busy = [.. _live];
        }
        foreach (var trainer in idle.Concat(busy)) trainer.Kill();
        if (_runtimeDirectory is not null)
        {
            try
            {
                Directory.Delete(_runtimeDirectory, recursive: true);
            }
            catch (IOException e)
            {
                logger.LogDebug(e, "Could not delete {Directory}", _runtimeDirectory);
            }
        }
        return idle;
    }

    /// <summary>Sends the request to an idle trainer; false (and the trainer retired) when it died while idle.</summary>
    private async Task<bool> TrySendAsync(TrainerProcess idle, TrainerInvocation invocation, AttemptLog log, CancellationToken cancellationToken)
    {
        idle.BeginTrial(invocation.Label, log);
        try
        {
            await idle.SendAsync(invocation.RequestJson, cancellationToken);
            return true;
        }
        catch (IOException e)
        {
            // Its stdin is closed: it died between trials, which is not this attempt's doing.
            logger.LogWarning("Idle trainer {Pid} is gone ({Error}); starting another", idle.Pid, e.Message);
            idle.EndTrial();
            await RetireAsync(idle, kill: true);
            return false;
        }
    }

    private static async Task SendToFreshAsync(TrainerProcess fresh, string requestJson, CancellationToken cancellationToken)
    {
        try
        {
            await fresh.SendAsync(requestJson, cancellationToken);
        }
        catch (IOException)
        {
            // It died at start (stdin closed); its output ends at once and its exit code and stderr say why.
        }
    }

    private TrainerProcess? TakeIdle(int threads, string visibleDevices)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                var trainer = _idle[i];
                if (trainer.Threads != threads || trainer.VisibleDevices != visibleDevices) continue;
                _idle.RemoveAt(i);
                if (!trainer.HasExited) return trainer;
                _live.Remove(trainer);
                trainer.Dispose();
            }
            return null;
        }
    }

    /// <summary>
    /// Ends the idle trainers that own any of <paramref name="visibleDevices"/> (another set of GPUs that shares one),
    /// so that no two live trainer processes ever hold the same GPU.
    /// </summary>
    private async Task RetireIdleOnAsync(string visibleDevices)
    {
        if (visibleDevices.Length == 0) return;
        var wanted = visibleDevices.Split(',');
        bool Shares(TrainerProcess t) => t.VisibleDevices.Length > 0 && t.VisibleDevices.Split(',').Intersect(wanted).Any();
        List<TrainerProcess> sharing, exiting;
        lock (_gate)
        {
            exiting = _exiting.Where(Shares).ToList();
            sharing = _idle.Where(Shares).ToList();
            foreach (var trainer in sharing)
            {
                _idle.Remove(trainer);
                _exiting.Add(trainer);
            }
        }
        await Task.WhenAll(sharing.Select(t => RetireAsync(t, kill: false))
            .Concat(exiting.Select(async t => await t.WaitForExitAsync(2 * ExitWait))));
    }

    private TrainerProcess Start(int threads, string visibleDevices, string label, AttemptLog log)
    {
        ProcessStartInfo start;
        string trialFile;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _runtimeDirectory ??= CreateRuntimeDirectory();
            trialFile = Path.Combine(_runtimeDirectory, $"trainer-{(++_trialFiles).ToString(CultureInfo.InvariantCulture)}.trial");
        }
        TrainerProcess trainer;
        try
        {
            start = locator.StartInfo(threads, trialFile, visibleDevices);
            trainer = TrainerProcess.Start(start, trialFile, threads, label, log, logger);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            throw new StartFailedException(e.Message);
        }
        lock (_gate) _live.Add(trainer);
        Interlocked.Increment(ref _started);
        if (visibleDevices.Length > 0) logger.LogInformation("Started trainer {Pid} ({Threads} thread(s), GPUs {Devices})", trainer.Pid, threads, visibleDevices);
        else logger.LogInformation("Started trainer {Pid} ({Threads} thread(s))", trainer.Pid, threads);
        return trainer;
    }

    /// <summary>
    /// The directory of this runner's trial files, in the temp directory: local to the machine, unlike the data
    /// directory. Those of silos that are gone (killed, or exited without disposing the runner) are removed first; a
    /// normal exit removes this one even if nothing disposes the runner, and kills its trainers.
    /// </summary>
    private string CreateRuntimeDirectory()
    {
        const string prefix = "goldstone-trainers-";
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
        {
            var owner = Path.GetFileName(stale)[prefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{owner}")) continue;
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogDebug(e, "Could not remove the stale trial files of process {Pid}", pid);
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"{prefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}")).FullName;
    }

    private async Task<TrainerRunResult> FinishAsync(TrainerProcess trainer, AttemptLog log, TrialEnding ending)
    {
        switch (ending.Kind)
        {
            case TrialEndingKind.Result:
                var complete = await EndedAsync(log);
                trainer.EndTrial();
                log.Close();
                if (complete && KeepWarm(trainer)) Return(trainer);
                // A GPU trainer has exited before its attempt returns, so that its devices are free when given back.
                else if (trainer.VisibleDevices.Length > 0) await RetireAsync(trainer, kill: !complete);
                else _ = RetireAsync(trainer, kill: !complete);
                return new TrainerRunResult(ending.Metrics, null) { Profiles = ending.Profiles ?? [] };
            case TrialEndingKind.Error:
                // Its stack trace is on stderr: wait for the marker so that the log has it.
                await EndedAsync(log);
                await ReplaceAsync(trainer, log);
                return new TrainerRunResult(null, $"error: {ending.Message}");
            case TrialEndingKind.Malformed:
                await ReplaceAsync(trainer, log);
                return new TrainerRunResult(null, ending.Message);
            default:
                // Its stdout closed: it exited or was killed. Its stderr says why; take it all before classifying.
                if (!await trainer.WaitForExitAsync(ExitWait))
                {
                    trainer.Kill();
                    await trainer.WaitForExitAsync(ExitWait);
                }
                var exitCode = trainer.ExitCode;
                await ReplaceAsync(trainer, log);
                return Classify(exitCode, log.TailSuffix());
        }
    }

    private static async Task<bool> EndedAsync(AttemptLog log)
    {
        if (log.Ended.IsCompleted) return true;
        try
        {
            await log.Ended.WaitAsync(EndOfTrialWait);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>True when the process may run another trial: under the trial count and the memory limit.</summary>
    private bool KeepWarm(TrainerProcess trainer)
    {
        if (trainer.Trials >= _options.TrialsPerProcess) return false;
        if (_options.TrainerMemoryLimitMb == 0) return true;
        var resident = trainer.ResidentBytes();
        if (resident <= _options.TrainerMemoryLimitMb * 1024L * 1024L) return true;
        logger.LogInformation("Trainer {Pid} holds {Resident} MiB, over Goldstone:Worker:TrainerMemoryLimitMb ({Limit}); replacing it",
            trainer.Pid, resident / (1024 * 1024), _options.TrainerMemoryLimitMb);
        return false;
    }

    private void Return(TrainerProcess trainer)
    {
        TrainerProcess? evicted = null;
        lock (_gate)
        {
            if (_disposed)
            {
                evicted = trainer;
            }
            else
            {
                _idle.Add(trainer);
                // Trials of several thread counts could otherwise keep a process per count and slot idle for ever.
                if (_idle.Count > _options.EffectiveSlots)
                {
                    evicted = _idle[0];
                    _idle.RemoveAt(0);
                    if (evicted.VisibleDevices.Length > 0) _exiting.Add(evicted);
                }
            }
        }
        if (evicted is not null) _ = RetireAsync(evicted, kill: false);
    }

    /// <summary>Kills an attempt's process (if it got one), waits for its stderr, and keeps the log of the failed attempt.</summary>
    private async Task ReplaceAsync(TrainerProcess? trainer, AttemptLog log)
    {
        if (trainer is not null)
        {
            GoldstoneMetrics.TrainerRestarts.Add(1);
            trainer.EndTrial();
            await RetireAsync(trainer, kill: true);
        }
        log.Keep();
        log.Close();
    }

    /// <summary>Ends a process for good: killed, or asked to finish by closing its stdin; then released.</summary>
    private async Task RetireAsync(TrainerProcess trainer, bool kill)
    {
        if (trainer.VisibleDevices.Length > 0)
            lock (_gate) _exiting.Add(trainer);
        if (kill) trainer.Kill();
        else trainer.CloseInput();
        if (!await trainer.WaitForExitAsync(ExitWait))
        {
            trainer.Kill();
            await trainer.WaitForExitAsync(ExitWait);
        }
        // Lines may still sit in the pipe after the exit; a helper process could hold it open, hence the bound.
        await Task.WhenAny(trainer.StderrClosed, Task.Delay(EndOfTrialWait));
        bool owned;
        lock (_gate)
        {
            owned = _live.Remove(trainer);
            _exiting.Remove(trainer);
        }
        if (owned) trainer.Dispose();
    }

    private enum TrialEndingKind
    {
        Result,
        Error,
        Malformed,
        Exited,
    }

    private sealed record TrialEnding(TrialEndingKind Kind, IReadOnlyDictionary<string, double>? Metrics = null, string? Message = null,
        IReadOnlyList<TrialProfile>? Profiles = null);

    private sealed class StartFailedException(string message) : Exception(message);

    /// <summary>Reads one trial's reports, up to its result or error line, or to the end of the output.</summary>
    private static async Task<TrialEnding> ReadTrialAsync(StreamReader stdout, TrainerCallbacks callbacks, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        var profiles = new List<TrialProfile>();
        while (await stdout.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (!TryParseType(line, out var type))
                return Malformed($"malformed output line {lineNumber}: {Shorten(line)}");
            switch (type)
            {
                case "epoch":
                    if (Read<EpochLine>(line) is not { Epoch: >= 1, Metrics: not null } epochLine)
                        return Malformed($"malformed epoch report on line {lineNumber}: {Shorten(line)}");
                    if (epochLine.Samples is { } count and >= 0) callbacks.OnSamples?.Invoke(epochLine.Epoch, count);
                    await callbacks.OnEpoch(epochLine.Epoch, epochLine.Metrics);
                    break;
                case "checkpoint":
                    if (Read<CheckpointLine>(line) is not { Epoch: >= 1 } checkpoint)
                        return Malformed($"malformed checkpoint report on line {lineNumber}: {Shorten(line)}");
                    await callbacks.OnCheckpoint(checkpoint.Epoch);
                    break;
                case "profile":
                    if (Read<ProfileLine>(line) is not { Name: not null, X: not null, Y: not null, Values: not null } profileLine)
                        return Malformed($"malformed profile report on line {lineNumber}: {Shorten(line)}");
                    var profile = new TrialProfile(profileLine.Name, [.. profileLine.X], [.. profileLine.Y], [.. profileLine.Values]);
                    profiles.Add(profile);
                    if (TrialProfile.Problem(profiles) is { } problem)
                        return Malformed($"profile report on line {lineNumber}: {problem}");
                    break;
                case "result":
                    return Read<ResultLine>(line) is { Metrics: not null } result
                        ? new TrialEnding(TrialEndingKind.Result, result.Metrics, Profiles: profiles)
                        : Malformed($"malformed result on line {lineNumber}: {Shorten(line)}");
                case "error":
                    return new TrialEnding(TrialEndingKind.Error, Message: Read<ErrorLine>(line)?.Message ?? "(no message)");
                default:
                    return Malformed($"unknown report type '{type}' on line {lineNumber}");
            }
        }
        return new TrialEnding(TrialEndingKind.Exited);
    }

    private static TrialEnding Malformed(string reason) => new(TrialEndingKind.Malformed, Message: reason);

    /// <summary>Why a trainer's output ended without a result line.</summary>
    private static TrainerRunResult Classify(int exitCode, string stderrTail)
    {
        // SIGINT, SIGTERM, SIGHUP or SIGQUIT: someone stopped the trainer (a Ctrl-C reaches the whole process group,
        // perhaps before the trainer could ignore it). That is an interruption, not a failure of the trial.
        var stopped = exitCode - 128 is 1 or 2 or 3 or 15;
        var reason = exitCode switch
        {
            0 => "the trainer exited without a result",
            > 128 => $"the trainer was killed by signal {exitCode - 128}{SignalName(exitCode - 128)}",
            _ => $"the trainer exited with code {exitCode}",
        };
        return new TrainerRunResult(null, reason + stderrTail, stopped);
    }

    private static string SignalName(int signal) => signal switch
    {
        1 => " (SIGHUP)",
        2 => " (SIGINT)",
        3 => " (SIGQUIT)",
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => "",
    };

    /// <summary>The <c>type</c> of a protocol line; false when the line is not a JSON object with a string type.</summary>
    private static bool TryParseType(string line, out string? type)
    {
        type = null;
        try
        {
            var report = JsonNode.Parse(line) as JsonObject;
            type = report?["type"]?.GetValueKind() == JsonValueKind.String ? report["type"]!.GetValue<string>() : null;
            return type is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The line as the schema's record of its type, as the trainer wrote it (<see cref="ProtocolJson"/>: NaN and
    /// the infinities as strings); null when a field has the wrong type (the caller checks the required ones).</summary>
    private static T? Read<T>(string line) where T : ReportLine
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The text cut to 200 characters, for reasons and tails.</summary>
    internal static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
