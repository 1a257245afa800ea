using System.Globalization;
using System.Text;

namespace Goldstone.Silo.Worker;

/// <summary>
/// One attempt's log: its trainer's stderr lines. The file (and its directory) is created on the first line, or when
/// the attempt fails, never for a silent successful attempt: thousands of no-op trials leave no files behind. Keeps
/// the last lines for failure reasons, and learns from the trainer's end-of-trial marker that it is complete.
/// </summary>
internal sealed class AttemptLog(string path, string label)
{
    private const int TailLines = 5;
    private readonly Lock _gate = new();
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamWriter? _writer;
    private int _pid;
    private bool _closed;

    /// <summary>Completes when the trainer has written its last stderr line for this attempt (or its stderr closed).</summary>
    public Task Ended => _ended.Task;

    /// <summary>The trainer process running the attempt, for the header; set before any line arrives.</summary>
    public void RunsIn(int pid)
    {
        lock (_gate) _pid = pid;
    }

    /// <summary>A line the trainer wrote to stderr: logged, and kept for the tail.</summary>
    public void TrainerLine(string line)
    {
        lock (_gate)
        {
            if (_closed) return;
            Open().WriteLine(line);
            var trimmed = line.Trim();
            if (trimmed.Length == 0) return;
            _tail.Enqueue(TrainerRunner.Shorten(trimmed));
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    /// <summary>A line of the runner's own (why the attempt ended); creates the file like a trainer line.</summary>
    public void Note(string line)
    {
        lock (_gate)
        {
            if (!_closed) Open().WriteLine(line);
        }
    }

    /// <summary>Creates the file with its header if no line did: a failed attempt always leaves a log.</summary>
    public void Keep()
    {
        lock (_gate)
        {
            if (!_closed) Open();
        }
    }

    /// <summary>"; stderr: a | b" with the attempt's last stderr lines, or empty when it wrote none.</summary>
    public string TailSuffix()
    {
        lock (_gate) return _tail.Count == 0 ? "" : "; stderr: " + string.Join(" | ", _tail);
    }

    /// <summary>Marks the attempt's stderr complete.</summary>
    public void End() => _ended.TrySetResult();

    /// <summary>Closes the file; later lines are dropped, so that whoever appends to the log next owns it alone.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _writer?.Dispose();
            _writer = null;
        }
    }

    private StreamWriter Open()
    {
        if (_writer is not null) return _writer;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
        _writer.WriteLine(_pid > 0
            ? $"# trainer pid {_pid.ToString(CultureInfo.InvariantCulture)} for {label}"
            : $"# trainer for {label}");
        return _writer;
    }
}
