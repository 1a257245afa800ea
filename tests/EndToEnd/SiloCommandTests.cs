using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Goldstone.Tests.EndToEnd;

public sealed class SiloCommandTests
{
    private const string Spec = """
        name: e2e-silo
        kind: synthetic
        params: {duration: 0.2}
        search:
          space:
            x: {values: [0, 1]}
        seeds: 2
        table:
          baseline: {x: 0}
          metrics: [score, loss]
        """;

    [Fact]
    public async Task Silo_GatewayCommands_SubmitWatchTableCancelAndList()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", Spec);
        var (port, gatewayPort, httpPort) = (FreePort(), FreePort(), FreePort());
        var gateway = $"localhost:{gatewayPort}";
        using var silo = CliProcess.Start(dir.Path, "silo", "--data-dir", "store", "--port", $"{port}", "--gateway-port", $"{gatewayPort}", "--slots", "2", "--http-port", $"{httpPort}");
        await silo.WaitForOutputAsync(text => text.Contains($"goldstone silo: gateway localhost:{gatewayPort}, data in {Path.Combine(dir.Path, "store")}, http :{httpPort} (/healthz, /readyz, /metrics); Ctrl-C stops it"), "the silo to start");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        var healthz = await http.GetAsync("/healthz");
        var readyz = await http.GetAsync("/readyz");
        var dashboard = await http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), (healthz.StatusCode, await healthz.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "{\"ready\":true,\"checks\":{\"cluster\":\"joined\",\"storage\":\"reachable\",\"worker\":\"running\"}}\n"),
            (readyz.StatusCode, await readyz.Content.ReadAsStringAsync()));

        var empty = await CliProcess.RunAsync(dir.Path, "list", "--gateway", gateway);
        var submit = await CliProcess.RunAsync(dir.Path, "submit", "spec.yaml", "--gateway", gateway);
        var watch = await CliProcess.RunAsync(dir.Path, "watch", "e2e-silo", "--gateway", gateway);
        var watchUnknown = await CliProcess.RunAsync(dir.Path, "watch", "nope", "--gateway", gateway);
        await WaitForStatusAsync(dir.Path, gateway, "e2e-silo [completed] 4/4 done (succeeded 4, failed 0), pending 0, running 0");
        var list = await CliProcess.RunAsync(dir.Path, "list", "--gateway", gateway);
        var table = await CliProcess.RunAsync(dir.Path, "table", "e2e-silo", "--gateway", gateway, "--format", "csv");
        var cancel = await CliProcess.RunAsync(dir.Path, "cancel", "e2e-silo", "--gateway", gateway);
        var export = await CliProcess.RunAsync(dir.Path, "export", "e2e-silo", "-o", "out/results.jsonl", "--gateway", gateway);
        var unknown = await CliProcess.RunAsync(dir.Path, "table", "nope", "--gateway", gateway);
        var second = await CliProcess.RunAsync(dir.Path, "silo", "--data-dir", "store", "--port", $"{FreePort()}", "--gateway-port", $"{FreePort()}", "--http-port", "0");

        Assert.Equal((0, "no campaigns\n"), (empty.ExitCode, empty.Stdout));
        Assert.Equal((0, "e2e-silo: created, 4 trials, running\n"), (submit.ExitCode, submit.Stdout));
        Assert.Equal(0, watch.ExitCode);
        Assert.Equal("4/4 done (succeeded 4, failed 0), pending 0, running 0", watch.Stdout.TrimEnd('\n').Split('\n')[^1]);
        Assert.Equal((2, "error: no campaign named 'nope' (known: e2e-silo)\n"), (watchUnknown.ExitCode, watchUnknown.Stderr));
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"^e2e-silo\s+synthetic\s+completed\s+4 trials  created \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n$", list.Stdout);
        Assert.Equal(0, table.ExitCode);
        var csv = table.Stdout.Split('\n');
        Assert.StartsWith("setting,baseline,trials,succeeded,failed,running,pending,cancelled,stopped,rank,pareto,score_mean,score_low,score_high,score_n,", csv[0]);
        Assert.StartsWith("x=0,true,2,2,0,0,0,0,0,1,false,", csv[1]);
        // score = 1 − (x − 0.5)² + seed noise: x = 0 and x = 1 tie for rank 1.
        Assert.StartsWith("x=1,false,2,2,0,0,0,0,0,1,false,", csv[2]);
        Assert.Equal((0, "e2e-silo: not running, nothing to cancel\n"), (cancel.ExitCode, cancel.Stdout));
        Assert.Equal((0, $"wrote {Path.Combine(dir.Path, "out", "results.jsonl")}\n"), (export.ExitCode, export.Stderr));
        var lines = File.ReadAllLines(Path.Combine(dir.Path, "out", "results.jsonl"));
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Select((line, i) => (line, i)), l =>
            Assert.StartsWith($"{{\"trial\":{l.i},\"setting\":\"x={(l.i < 2 ? 0 : 1)}\",\"seed\":{l.i % 2},", l.line));
        Assert.All(lines, l => Assert.Contains("\"status\":\"succeeded\",\"attempts\":1,\"failed_attempts\":0,", l));
        Assert.Equal((2, "error: no campaign named 'nope' (known: e2e-silo)\n"), (unknown.ExitCode, unknown.Stderr));
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("error: the data directory ", second.Stderr);
        Assert.Contains("is in use by another goldstone process", second.Stderr);

        silo.Signal(Signals.SigInt);
        Assert.Equal(0, await silo.WaitAsync());
    }

    [Fact]
    public async Task Status_NoSilo_ExitsOneWithAHint()
    {
        using var dir = new TempDir();

        var (code, _, stderr) = await CliProcess.RunAsync(dir.Path, "status", "--gateway", $"localhost:{FreePort()}");

        Assert.Equal(1, code);
        Assert.StartsWith("error: cannot reach a silo at 127.0.0.1:", stderr);
        Assert.EndsWith("(start one with ./goldstone silo, or pass --gateway HOST:PORT; a silo with TLS takes only clients given its certificate: set Goldstone__Tls__CertificateFile and its password)\n", stderr);
    }

    [Fact]
    public async Task Silo_LeaseNotLongerThanTheHeartbeat_ExitsTwoNamingBothKeys()
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await CliProcess.RunWithEnvironmentAsync(dir.Path, ["Goldstone__Scheduler__LeaseDuration=00:00:03"],
            "silo", "--port", FreePort().ToString(CultureInfo.InvariantCulture), "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture), "--http-port", "0");

        Assert.Equal((2, ""), (code, stdout));
        Assert.Equal("error: Goldstone:Scheduler:LeaseDuration (Goldstone__Scheduler__LeaseDuration) is 00:00:03: allowed a duration longer than "
            + "Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval), which is 00:00:05\n", stderr);
    }

    [Fact]
    public async Task Silo_SeveralBadKeys_ExitsTwoWithEveryFailureOnItsOwnLine()
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await CliProcess.RunWithEnvironmentAsync(dir.Path,
            ["Goldstone__Worker__ThreadsPerTrial=0", "Goldstone__Cluster__Provider=mysql"],
            "silo", "--slots", "2", "--port", "12000", "--gateway-port", "12000");

        Assert.Equal((2, ""), (code, stdout));
        Assert.Equal(
            "error: Goldstone:GatewayPort (Goldstone__GatewayPort, --gateway-port) is 12000, the same as Goldstone:SiloPort (Goldstone__SiloPort, --port): allowed a port other than the silo's\n"
            + "error: Goldstone:Cluster:Provider (Goldstone__Cluster__Provider, --cluster) is 'mysql': allowed one of embedded, postgres, azure\n"
            + "error: Goldstone:Worker:ThreadsPerTrial (Goldstone__Worker__ThreadsPerTrial) is 0: allowed an integer of 1 or more\n", stderr);
    }

    private static async Task WaitForStatusAsync(string workDir, string gateway, string expected)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = await CliProcess.RunAsync(workDir, "status", "e2e-silo", "--gateway", gateway);
            Assert.Equal(0, status.ExitCode);
            if (status.Stdout == expected + "\n") return;
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"status never became '{expected}'; last: {status.Stdout}");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
