using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Goldstone.Tests.EndToEnd;

/// <summary><c>table</c>, <c>status</c>, <c>list</c>, <c>export</c> and <c>report</c> with <c>--data-dir</c>: an embedded store read without a silo.</summary>
public sealed partial class OfflineReadTests
{
    private const string Spec = """
        name: offline
        kind: synthetic
        params: {duration: 0.8, noise: 0.05}
        search:
          space:
            x: {values: [0, 0.5, 1]}
        seeds: 2
        epochs: 2
        table:
          baseline: {x: 0}
          metrics: [score]
        """;

    [GeneratedRegex(@"(\d+)/6 done")]
    private static partial Regex DoneCount();

    [Fact]
    public async Task Table_DataDirOfAKilledRun_ReadsWhatItFinishedAndAfterTheResumeWhatRunWrote()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", Spec);
        var store = Path.Combine(dir.Path, ".goldstone");
        int doneAtKill;
        using (var run = CliProcess.Start(dir.Path, "run", "spec.yaml"))
        {
            await run.WaitForOutputAsync(text => DoneCount().Matches(text).Any(m => int.Parse(m.Groups[1].Value) >= 2), "two finished trials");
            run.Signal(Signals.SigKill);
            Assert.Equal(137, await run.WaitAsync());
            doneAtKill = DoneCount().Matches(run.Stdout).Max(m => int.Parse(m.Groups[1].Value));
        }

        // What the killed run left: every trial it saw finish (and any that finished before the kill reached it), the rest pending.
        var export = await CliProcess.RunAsync(dir.Path, "export", "offline", "--data-dir", store, "-o", "-");
        Assert.True(export.ExitCode == 0, export.Stderr);
        var succeeded = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(succeeded, line => Assert.Contains("\"status\":\"succeeded\"", line));
        Assert.InRange(succeeded.Length, doneAtKill, 6);
        var done = succeeded.Length;
        var status = await CliProcess.RunAsync(dir.Path, "status", "offline", "--data-dir", store);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var interrupted = done < 6 ? "interrupted" : "completed";
        Assert.Equal($"offline [{interrupted}] {done}/6 done (succeeded {done}, failed 0), pending {6 - done}, running 0\n", status.Stdout);
        var table = await CliProcess.RunAsync(dir.Path, "table", "offline", "--data-dir", store, "--format", "csv");
        Assert.True(table.ExitCode == 0, table.Stderr);
        // Columns: setting, baseline, trials, succeeded, failed, running, pending, …
        var rows = table.Stdout.Split('\n').Skip(1).Where(l => l.StartsWith("x=", StringComparison.Ordinal)).Select(l => l.Split(',')).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal((6, done, 0, 6 - done), (rows.Sum(r => int.Parse(r[2])), rows.Sum(r => int.Parse(r[3])), rows.Sum(r => int.Parse(r[5])), rows.Sum(r => int.Parse(r[6]))));

        var resumed = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var campaign = Path.Combine(store, "campaigns", "offline");
        var markdown = await CliProcess.RunAsync(dir.Path, "table", "offline", "--data-dir", store, "--format", "markdown");
        Assert.True(markdown.ExitCode == 0, markdown.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(campaign, "table.md")), markdown.Stdout);
        var all = await CliProcess.RunAsync(dir.Path, "export", "offline", "--data-dir", store, "-o", "all.jsonl");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(campaign, "results.jsonl")), File.ReadAllText(Path.Combine(dir.Path, "all.jsonl")));
        var list = await CliProcess.RunAsync(dir.Path, "list", "--data-dir", store);
        Assert.Matches(@"^offline\s+synthetic\s+completed\s+6 trials  created \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n$", list.Stdout);
        var report = await CliProcess.RunAsync(dir.Path, "report", "offline", "--data-dir", store, "-o", "offline.html");
        Assert.True(report.ExitCode == 0, report.Stderr);
        var html = File.ReadAllText(Path.Combine(dir.Path, "offline.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public async Task Export_Csv_IsOneRowPerTrialWithAColumnPerParameterAndMetric()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", Spec.Replace("duration: 0.8", "duration: 0"));
        var run = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, "export", "offline", "--data-dir", ".goldstone", "--format", "csv", "-o", "-");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("trial,setting,seed,duration,noise,x,status,attempts,failed_attempts,reason,loss,score", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Matches(@"^0,x=0,0,0,0\.05,0,succeeded,1,0,,[-0-9.eE]+,[-0-9.eE]+$", lines[1]);
        Assert.Matches(@"^5,x=1,1,0,0\.05,1,succeeded,1,0,,[-0-9.eE]+,[-0-9.eE]+$", lines[6]);
    }

    [Fact]
    public async Task Table_DataDirHeldByASilo_ExitsOnePointingAtItsGateway()
    {
        using var dir = new TempDir();
        var gatewayPort = FreePort();
        using var silo = CliProcess.Start(dir.Path, "silo", "--data-dir", "store", "--port", $"{FreePort()}", "--gateway-port", $"{gatewayPort}", "--http-port", "0");
        await silo.WaitForOutputAsync(text => text.Contains($"goldstone silo: gateway localhost:{gatewayPort}"), "the silo to start");

        var (code, _, stderr) = await CliProcess.RunAsync(dir.Path, "list", "--data-dir", "store");

        Assert.Equal(1, code);
        Assert.Equal(
            $"error: the data directory {Path.Combine(dir.Path, "store")} is held by a running goldstone silo or run (pid {silo.Pid}), so it cannot be read directly: " +
            $"ask that process instead, with --gateway localhost:{gatewayPort} in place of --data-dir\n",
            stderr);
        var (listed, stdout, listErrors) = await CliProcess.RunAsync(dir.Path, "list", "--gateway", $"localhost:{gatewayPort}");
        Assert.True(listed == 0, listErrors);
        Assert.Equal("no campaigns\n", stdout);
    }

    [Fact]
    public async Task Table_DataDirWithoutAStoreOrWithGateway_ExitsTwoSayingWhy()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "empty"));

        var missing = await CliProcess.RunAsync(dir.Path, "table", "x", "--data-dir", "nowhere");
        var empty = await CliProcess.RunAsync(dir.Path, "status", "--data-dir", "empty");
        var both = await CliProcess.RunAsync(dir.Path, "list", "--data-dir", "empty", "--gateway", "localhost:30000");

        Assert.Equal((2, $"error: the data directory {Path.Combine(dir.Path, "nowhere")} does not exist: no campaign has run there\n"), (missing.ExitCode, missing.Stderr));
        Assert.Equal((2, $"error: the data directory {Path.Combine(dir.Path, "empty")} holds no embedded store (goldstone.db is missing): no campaign has run there\n"), (empty.ExitCode, empty.Stderr));
        Assert.Equal(2, both.ExitCode);
        Assert.StartsWith("error: --data-dir and --gateway: give one of them (--data-dir reads an embedded store without a silo, --gateway asks a running silo)\nusage: goldstone list ", both.Stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
