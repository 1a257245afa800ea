using System.Diagnostics;
using System.Text;

namespace Goldstone.Tests.EndToEnd;

/// <summary>The goldstone CLI as a real process, with its output captured.</summary>
public sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Process _process;

    private CliProcess(string workDir, string[] args, bool ownProcessGroup, IReadOnlyList<string>? environment = null)
    {
        // In its own session (setsid), the CLI and its trainers form a process group that a test can signal
        // the way a terminal's Ctrl-C does, without signalling the test host.
        // Through env --default-signal: a test run started in the background (nohup, a CI job) inherits SIGINT and
        // SIGQUIT as ignored, and .NET keeps an inherited "ignore"; the CLI must see them as a user's terminal sends them.
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : "env")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (ownProcessGroup) start.ArgumentList.Add("env");
        start.ArgumentList.Add("--default-signal=INT,QUIT,TERM");
        foreach (var variable in environment ?? []) start.ArgumentList.Add(variable);
        start.ArgumentList.Add(DotnetHost());
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "goldstone.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.Append(e.Data).Append('\n'); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Append(e.Data).Append('\n'); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static CliProcess Start(string workDir, params string[] args) => new(workDir, args, ownProcessGroup: false);

    /// <summary>Starts the CLI with extra environment variables (<c>NAME=VALUE</c>).</summary>
    public static CliProcess StartWithEnvironment(string workDir, IReadOnlyList<string> environment, params string[] args) =>
        new(workDir, args, ownProcessGroup: false, environment);

    /// <summary>Starts the CLI as the leader of its own process group, with extra environment variables.</summary>
    public static CliProcess StartInOwnGroupWithEnvironment(string workDir, IReadOnlyList<string> environment, params string[] args) =>
        new(workDir, args, ownProcessGroup: true, environment);

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the CLI as the leader of its own process group.</summary>
    public static CliProcess StartInOwnGroup(string workDir, params string[] args) => new(workDir, args, ownProcessGroup: true);

    /// <summary>Runs to the end; returns the exit code.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workDir, params string[] args) =>
        RunWithEnvironmentAsync(workDir, [], args);

    /// <summary>Runs to the end with extra environment variables (<c>NAME=VALUE</c>); returns the exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithEnvironmentAsync(string workDir,
        IReadOnlyList<string> environment, params string[] args)
    {
        using var cli = new CliProcess(workDir, args, ownProcessGroup: false, environment);
        var code = await cli.WaitAsync();
        return (code, cli.Stdout, cli.Stderr);
    }

    public async Task<int> WaitAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await _process.WaitForExitAsync(deadline.Token);
        _process.WaitForExit(); // Flushes the asynchronous output readers.
        return _process.ExitCode;
    }

    /// <summary>Waits until stdout or stderr satisfies <paramref name="condition"/>; the deadline only guards a hang.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!condition(Stdout + Stderr))
        {
            if (_process.HasExited) throw new InvalidOperationException($"goldstone exited ({_process.ExitCode}) before {what}:\n{Stdout}\n{Stderr}");
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"gave up waiting for {what}:\n{Stdout}\n{Stderr}");
            await Task.Delay(50);
        }
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    /// <summary>Signals the whole process group, as a terminal does on Ctrl-C.</summary>
    public void SignalGroup(int signal) => Assert.Equal(0, Kill(-_process.Id, signal));

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

/// <summary>A temporary working directory, removed at the end.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("goldstone-e2e-").FullName;

    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public static class Signals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
}
