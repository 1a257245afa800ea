using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Goldstone.Silo.Worker;

/// <summary>One attempt to run: the request JSON and where the trainer's stderr goes.</summary>
public sealed record TrainerInvocation(string Label, string RequestJson, int Threads, TimeSpan Timeout, string LogPath);

/// <summary>What the worker does with the trainer's progress reports; throw from either to stop the run.</summary>
public sealed record TrainerCallbacks(
    Func<int, IReadOnlyDictionary<string, double>, Task> OnEpoch,
    Func<int, Task> OnCheckpoint);

/// <summary>How an attempt ended: metrics, or why it failed.</summary>
public sealed record TrainerRunResult(IReadOnlyDictionary<string, double>? Metrics, string? FailureReason, bool StoppedBySignal = false)
{
    /// <summary>True when the trainer reported a result and exited 0.</summary>
    public bool Succeeded => Metrics is not null;
}

/// <summary>
/// Runs one trainer process per attempt: the request on stdin, JSON lines on stdout, stderr into the attempt's
/// log. A crash, an abort, a non-zero exit, malformed output or the timeout fails the attempt, never the silo.
/// Cancellation (shutdown, revoked lease) kills the process and throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class TrainerRunner(TrainerLocator locator, ILogger<TrainerRunner> logger)
{
    private const int StderrTailLines = 5;

    /// <summary>Runs the attempt; <paramref name="callbacks"/> see each epoch and checkpoint report.</summary>
    public async Task<TrainerRunResult> RunAsync(TrainerInvocation invocation, TrainerCallbacks callbacks, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(invocation.LogPath)!);
        await using var log = new StreamWriter(invocation.LogPath, append: false, Encoding.UTF8) { AutoFlush = true };
        using var process = new Process();
        try
        {
            process.StartInfo = locator.StartInfo(invocation.Label, invocation.Threads);
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            await log.WriteLineAsync($"# could not start the trainer: {e.Message}");
            return new TrainerRunResult(null, $"could not start the trainer: {e.Message}");
        }
        logger.LogInformation("Started trainer {Pid} for {Trial}", process.Id, invocation.Label);
        await log.WriteLineAsync($"# trainer pid {process.Id} for {invocation.Label}");

        var stderrTail = new Queue<string>();
        var stderrTask = PumpStderrAsync(process.StandardError, log, stderrTail);
        using var timeout = new CancellationTokenSource(invocation.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.StandardInput.WriteAsync(invocation.RequestJson.AsMemory(), linked.Token);
            process.StandardInput.Close();
            var (metrics, failure) = await ReadReportsAsync(process.StandardOutput, callbacks, linked.Token);
            if (failure is not null)
            {
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None);
                await stderrTask;
                return new TrainerRunResult(null, failure);
            }
            await process.WaitForExitAsync(linked.Token);
            await stderrTask;
            return Classify(process.ExitCode, metrics, stderrTail);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await stderrTask;
            return new TrainerRunResult(null, $"timed out after {invocation.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        catch
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await stderrTask;
            throw;
        }
    }

    private static async Task<(IReadOnlyDictionary<string, double>? Metrics, string? Failure)> ReadReportsAsync(StreamReader stdout,
        TrainerCallbacks callbacks, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, double>? result = null;
        string? error = null;
        var lineNumber = 0;
        while (await stdout.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (!TryParseReport(line, out var type, out var report))
                return (null, $"malformed output line {lineNumber}: {Shorten(line)}");
            switch (type)
            {
                case "epoch":
                    if (!TryEpoch(report!, out var epoch) || !TryMetrics(report!["metrics"], out var epochMetrics))
                        return (null, $"malformed epoch report on line {lineNumber}: {Shorten(line)}");
                    await callbacks.OnEpoch(epoch, epochMetrics);
                    break;
                case "checkpoint":
                    if (!TryEpoch(report!, out var checkpointEpoch))
                        return (null, $"malformed checkpoint report on line {lineNumber}: {Shorten(line)}");
                    await callbacks.OnCheckpoint(checkpointEpoch);
                    break;
                case "result":
                    if (!TryMetrics(report!["metrics"], out var metrics))
                        return (null, $"malformed result on line {lineNumber}: {Shorten(line)}");
                    result = metrics;
                    break;
                case "error":
                    error = report!["message"]?.ToString() ?? "(no message)";
                    break;
                default:
                    return (null, $"unknown report type '{type}' on line {lineNumber}");
            }
        }
        return error is not null ? (null, $"error: {error}") : (result, null);
    }

    private static TrainerRunResult Classify(int exitCode, IReadOnlyDictionary<string, double>? metrics, Queue<string> stderrTail)
    {
        if (exitCode == 0 && metrics is not null) return new TrainerRunResult(metrics, null);
        var tail = stderrTail.Count == 0 ? "" : "; stderr: " + string.Join(" | ", stderrTail);
        // SIGINT, SIGTERM, SIGHUP or SIGQUIT: someone stopped the trainer (a Ctrl-C reaches the whole process group,
        // perhaps before the trainer could ignore it). That is an interruption, not a failure of the trial.
        var stopped = exitCode - 128 is 1 or 2 or 3 or 15;
        var reason = exitCode switch
        {
            0 => "the trainer exited without a result",
            > 128 => $"the trainer was killed by signal {exitCode - 128}{SignalName(exitCode - 128)}",
            _ => $"the trainer exited with code {exitCode}",
        };
        return new TrainerRunResult(null, reason + tail, stopped);
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

    private static bool TryParseReport(string line, out string? type, out JsonObject? report)
    {
        type = null;
        report = null;
        try
        {
            report = JsonNode.Parse(line) as JsonObject;
            type = report?["type"]?.GetValueKind() == JsonValueKind.String ? report["type"]!.GetValue<string>() : null;
            return type is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryEpoch(JsonObject report, out int epoch)
    {
        epoch = 0;
        return report["epoch"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && value.TryGetValue(out epoch) && epoch >= 1;
    }

    private static bool TryMetrics(JsonNode? node, out IReadOnlyDictionary<string, double> metrics)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        metrics = result;
        if (node is not JsonObject obj) return false;
        foreach (var (name, value) in obj)
        {
            switch (value?.GetValueKind())
            {
                case JsonValueKind.Number:
                    result[name] = value.GetValue<double>();
                    break;
                case JsonValueKind.String when value.GetValue<string>() is "NaN" or "Infinity" or "-Infinity":
                    result[name] = double.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture);
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private static async Task PumpStderrAsync(StreamReader stderr, StreamWriter log, Queue<string> tail)
    {
        while (await stderr.ReadLineAsync() is { } line)
        {
            await log.WriteLineAsync(line);
            lock (tail)
            {
                if (line.Trim().Length == 0) continue;
                tail.Enqueue(Shorten(line.Trim()));
                while (tail.Count > StderrTailLines) tail.Dequeue();
            }
        }
    }

    private void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            logger.LogWarning(e, "Could not kill trainer process {Pid}", process.Id);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
