using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Goldstone.Silo.Worker;

/// <summary>
/// One warm trainer process: requests go to its stdin one line each, reports come from its stdout, and one stderr
/// pump for its whole life files each stderr line under the attempt that runs now, switching on the end-of-trial
/// marker. Its trial file (named on its command line) holds the current attempt's label, empty while idle.
/// </summary>
internal sealed class TrainerProcess : IDisposable
{
    /// <summary>The trainer's last stderr line of each trial (<c>Goldstone.Trainer.TrialLoop.EndOfTrialMarker</c>).</summary>
    public const string EndOfTrialMarker = "\u001egoldstone: end of trial";

    private readonly Process _process;
    private readonly string _trialFilePath;
    private readonly SafeFileHandle _trialFile;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private AttemptLog? _current;
    private Task _stderrPump = Task.CompletedTask;

    private TrainerProcess(Process process, string trialFilePath, SafeFileHandle trialFile, int threads, ILogger logger)
    {
        _process = process;
        _trialFilePath = trialFilePath;
        _trialFile = trialFile;
        _logger = logger;
        Threads = threads;
        VisibleDevices = process.StartInfo.Environment.TryGetValue(TrainerLocator.VisibleDevicesVariable, out var devices) ? devices ?? "" : "";
    }

    /// <summary>The process id.</summary>
    public int Pid { get; private set; }

    /// <summary>The thread count its environment fixed at start.</summary>
    public int Threads { get; }

    /// <summary>The GPUs it owns for life (its <c>CUDA_VISIBLE_DEVICES</c>); empty for a CPU trainer.</summary>
    public string VisibleDevices { get; }

    /// <summary>Trials begun in this process.</summary>
    public int Trials { get; private set; }

    /// <summary>Its report lines.</summary>
    public StreamReader Output => _process.StandardOutput;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once it has exited (128 + signal for a signal death).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Completes when its stderr has closed and every line has been filed.</summary>
    public Task StderrClosed => _stderrPump;

    /// <summary>Starts a trainer that begins with <paramref name="firstAttempt"/>, so that even its start-up lines land there.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The host could not be started.</exception>
    public static TrainerProcess Start(ProcessStartInfo start, string trialFilePath, int threads, string label, AttemptLog firstAttempt,
        ILogger logger)
    {
        var trialFile = File.OpenHandle(trialFilePath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var trainer = new TrainerProcess(new Process { StartInfo = start }, trialFilePath, trialFile, threads, logger);
        try
        {
            trainer.Begin(label, firstAttempt, pid: 0);
            trainer._process.Start();
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
        trainer.Pid = trainer._process.Id;
        firstAttempt.RunsIn(trainer.Pid);
        trainer._stderrPump = trainer.PumpStderrAsync();
        return trainer;
    }

    /// <summary>Makes <paramref name="attempt"/> the owner of the stderr lines that follow and names it in the trial file.</summary>
    public void BeginTrial(string label, AttemptLog attempt) => Begin(label, attempt, Pid);

    /// <summary>Writes the request as one line.</summary>
    public async Task SendAsync(string requestJson, CancellationToken cancellationToken) =>
        await _process.StandardInput.WriteLineAsync(requestJson.AsMemory(), cancellationToken);

    /// <summary>The attempt is over: the trial file goes back to empty (idle).</summary>
    public void EndTrial() => RandomAccess.SetLength(_trialFile, 0);

    /// <summary>Resident memory in bytes (the kernel's VmRSS, read from the shorter /proc/PID/statm), or 0 if unreadable.</summary>
    public long ResidentBytes()
    {
        try
        {
            using var statm = File.OpenHandle($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/statm");
            Span<byte> buffer = stackalloc byte[128];
            var text = buffer[..RandomAccess.Read(statm, buffer, 0)];
            // "size resident shared text lib data dt", in pages.
            var start = text.IndexOf((byte)' ') + 1;
            var length = text[start..].IndexOf((byte)' ');
            return long.TryParse(text.Slice(start, length < 0 ? text.Length - start : length), NumberStyles.None, CultureInfo.InvariantCulture,
                out var pages) ? pages * Environment.SystemPageSize : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Closes stdin: the trainer finishes and exits 0.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It is gone already.
        }
    }

    /// <summary>Kills the process (no-op once it has exited).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            _logger.LogWarning(e, "Could not kill trainer process {Pid}", Pid);
        }
    }

    /// <summary>Waits up to <paramref name="limit"/> for the process to exit; true when it has.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Releases the process object and deletes the trial file; call once the process has exited or been killed.</summary>
    public void Dispose()
    {
        _trialFile.Dispose();
        try
        {
            File.Delete(_trialFilePath);
        }
        catch (IOException e)
        {
            _logger.LogDebug(e, "Could not delete {TrialFile}", _trialFilePath);
        }
        _process.Dispose();
    }

    private void Begin(string label, AttemptLog attempt, int pid)
    {
        if (pid > 0) attempt.RunsIn(pid);
        lock (_gate) _current = attempt;
        Trials++;
        RandomAccess.Write(_trialFile, Encoding.UTF8.GetBytes(label), 0);
    }

    private async Task PumpStderrAsync()
    {
        var stderr = _process.StandardError;
        try
        {
            while (await stderr.ReadLineAsync() is { } line)
            {
                var end = line.EndsWith(EndOfTrialMarker, StringComparison.Ordinal);
                var text = end ? line[..^EndOfTrialMarker.Length] : line;
                AttemptLog? attempt;
                lock (_gate)
                {
                    attempt = _current;
                    // Cleared before the attempt learns it has ended, so that the next attempt's Begin cannot be undone.
                    if (end) _current = null;
                }
                if (attempt is null)
                {
                    if (text.Length > 0) _logger.LogInformation("Trainer {Pid} between trials: {Line}", Pid, text);
                }
                else if (!end || text.Length > 0)
                {
                    attempt.TrainerLine(text);
                }
                if (end) attempt?.End();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process object was released while the pipe was still open.
        }
        AttemptLog? last;
        lock (_gate)
        {
            last = _current;
            _current = null;
        }
        last?.End();
    }
}
