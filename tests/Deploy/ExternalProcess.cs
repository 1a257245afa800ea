using System.ComponentModel;
using System.Diagnostics;

namespace Goldstone.Tests.Deploy;

/// <summary>A program run to its end with its output captured: kubectl, node, sh, dotnet.</summary>
public static class ExternalProcess
{
    /// <summary>What a finished process printed and returned.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs <paramref name="program"/>; <paramref name="missing"/> is the message when it cannot be started (not
    /// installed), so that a missing tool fails the test with a hint instead of a bare "file not found".
    /// </summary>
    /// <exception cref="InvalidOperationException">The program could not be started.</exception>
    /// <exception cref="TimeoutException">It ran past <paramref name="timeout"/> (and was killed).</exception>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string missing, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{missing} ({program}: {e.Message})", e);
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} ran past {timeout.TotalSeconds:0} s:\n{await stdout}\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
