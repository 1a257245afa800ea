using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Goldstone.Tests.EndToEnd;

/// <summary>
/// The shipped Grafana dashboard against a real Prometheus that scrapes a real silo running campaigns: every panel's
/// query returns numbers over the run, and the shipped Prometheus configuration passes <c>promtool check config</c>.
/// </summary>
public sealed class MonitoringTests(ITestOutputHelper output)
{
    // Nine torch trials on two slots, long enough for many scrapes, so that trials queue; and failing synthetic
    // trials, each retried once.
    private const string TrainSpec = """
        name: mon-train
        kind: soft_symmetry
        params: {width: 16, train_size: 16000, test_size: 500}
        search:
          space:
            penalty: {values: [0, 1, 10]}
        seeds: 3
        epochs: 5
        table:
          metrics: [auc]
        """;

    private const string FailSpec = """
        name: mon-fail
        kind: synthetic
        params: {duration: 0.1, fail_prob: 1, failure_mode: error}
        seeds: 3
        retries:
          max_attempts: 2
          backoff: {initial_seconds: 0.1, max_seconds: 0.1}
        table:
          metrics: [score]
        """;

    [Fact]
    public async Task Dashboard_EveryPanelQuery_ReturnsDataFromAScrapedSilo()
    {
        using var dir = new TempDir();
        dir.Write("train.yaml", TrainSpec);
        dir.Write("fail.yaml", FailSpec);
        var (port, gatewayPort, httpPort) = (FreePort(), FreePort(), FreePort());
        var gateway = $"localhost:{gatewayPort}";
        using var silo = CliProcess.Start(dir.Path, "silo", "--data-dir", "store", "--port", $"{port}", "--gateway-port", $"{gatewayPort}", "--slots", "2", "--http-port", $"{httpPort}");
        await silo.WaitForOutputAsync(text => text.Contains("Ctrl-C stops it"), "the silo to start");
        await using var prometheus = await PrometheusServer.StartAsync($"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: goldstone
                static_configs:
                  - targets: ["127.0.0.1:{httpPort}"]
            """);
        var started = DateTimeOffset.UtcNow;
        var deadline = started.AddSeconds(30);
        while (await prometheus.TargetsAsync() is not [(_, "up", _)])
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"prometheus never scraped the silo: {string.Join(", ", await prometheus.TargetsAsync())}");
            await Task.Delay(200);
        }

        Assert.Equal(0, (await CliProcess.RunAsync(dir.Path, "submit", "fail.yaml", "--gateway", gateway)).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(dir.Path, "submit", "train.yaml", "--gateway", gateway)).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(dir.Path, "watch", "mon-fail", "--gateway", gateway)).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(dir.Path, "watch", "mon-train", "--gateway", gateway)).ExitCode);
        // A few scrapes after the end, so that the last counts are in Prometheus too.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var ended = DateTimeOffset.UtcNow;
        using var http = new HttpClient();
        var scrape = await http.GetStringAsync($"http://127.0.0.1:{httpPort}/metrics");

        // The scrape: both meters, the service's identity, and never a trial's identity as a label.
        Assert.Contains("\ngoldstone_trials_started_total{", scrape);
        Assert.Matches(new Regex(@"^orleans_catalog_activations\{", RegexOptions.Multiline), scrape);
        Assert.Matches(new Regex($@"^target_info\{{.*service_name=""goldstone-silo"",service_instance_id=""127\.0\.0\.1:{port}""", RegexOptions.Multiline), scrape);
        Assert.DoesNotMatch(new Regex(@"[{,](trial|index|trial_key|lease)="""), scrape);
        Assert.Equal([("goldstone", "up", "")], await prometheus.TargetsAsync());

        // The counters count what happened: 3 failing trials, each retried once, then failed; 9 trials of 5 epochs succeeded.
        async Task<double> Last(string query) =>
            Assert.Single(await prometheus.QueryRangeAsync(query, ended.AddSeconds(-2), ended, TimeSpan.FromSeconds(1))).Values[^1];
        Assert.Equal(6, await Last("sum(goldstone_trials_started_total{campaign=\"mon-fail\"})"));
        Assert.Equal(3, await Last("sum(goldstone_trials_retried_total{campaign=\"mon-fail\"})"));
        Assert.Equal(3, await Last("sum(goldstone_trials_failed_total{campaign=\"mon-fail\"})"));
        Assert.Equal(9, await Last("sum(goldstone_trials_succeeded_total{campaign=\"mon-train\",kind=\"soft_symmetry\"})"));
        Assert.Equal(45, await Last("sum(goldstone_epoch_duration_seconds_count{campaign=\"mon-train\"})"));

        // Every panel's every query, as Grafana would send it (its variables filled in), returns numbers.
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathOf("k8s/grafana/goldstone.json")));
        var campaignVariable = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == "campaign");
        Assert.Equal("label_values(goldstone_trials_started_total, campaign)", campaignVariable.GetProperty("definition").GetString());
        Assert.Equal(["mon-fail", "mon-train"], await prometheus.LabelValuesAsync("campaign", "goldstone_trials_started_total"));
        var queries = 0;
        var empty = new List<string>();
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"))
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!.Replace("$__rate_interval", "10s").Replace("$campaign", ".+");
                var series = await prometheus.QueryRangeAsync(expr, started, ended, TimeSpan.FromSeconds(1));
                output.WriteLine($"{panel.GetProperty("title").GetString()}: {expr} -> {series.Count} series, {series.Sum(s => s.Values.Count)} values");
                if (series.All(s => s.Values.Count == 0)) empty.Add($"{panel.GetProperty("title").GetString()}: {expr}");
                queries++;
            }
        Assert.True(empty.Count == 0, "panels whose query returned no numbers:\n" + string.Join("\n", empty));
        Assert.Equal(23, queries);

        silo.Signal(Signals.SigInt);
        Assert.Equal(0, await silo.WaitAsync());
    }

    [Fact]
    public async Task OrleansDashboard_Enabled_IsServedOnTheHttpPortBesideMetrics()
    {
        using var dir = new TempDir();
        var (port, gatewayPort, httpPort) = (FreePort(), FreePort(), FreePort());
        using var silo = CliProcess.StartWithEnvironment(dir.Path, ["Goldstone__Dashboard__Enabled=true"],
            "silo", "--data-dir", "store", "--port", $"{port}", "--gateway-port", $"{gatewayPort}", "--http-port", $"{httpPort}");
        await silo.WaitForOutputAsync(text => text.Contains($"http :{httpPort} (/healthz, /readyz, /metrics, /dashboard); Ctrl-C stops it"), "the silo to start");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        var page = await http.GetStringAsync("/dashboard/");
        // The dashboard samples the cluster once a second; its first answers list no silo yet.
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        JsonDocument counters;
        while ((counters = JsonDocument.Parse(await http.GetStringAsync("/dashboard/DashboardCounters"))).RootElement.GetProperty("hosts").GetArrayLength() == 0)
        {
            counters.Dispose();
            Assert.True(DateTime.UtcNow < giveUp, "the dashboard listed no silo within 30 s");
            await Task.Delay(250);
        }
        using var counted = counters;
        var grainTypes = JsonSerializer.Deserialize<string[]>(await http.GetStringAsync("/dashboard/GrainTypes"))!;
        var metrics = await http.GetAsync("/metrics");

        Assert.Contains("<title>Orleans Dashboard</title>", page);
        var host = Assert.Single(counters.RootElement.GetProperty("hosts").EnumerateArray());
        Assert.Equal(gatewayPort, host.GetProperty("proxyPort").GetInt32());
        Assert.StartsWith($"127.0.0.1:{port}@", host.GetProperty("siloAddress").GetString());
        Assert.Contains("Goldstone.Grains.SchedulerGrain", grainTypes);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        silo.Signal(Signals.SigInt);
        Assert.Equal(0, await silo.WaitAsync());
    }

    [Fact]
    public async Task ShippedPrometheusConfig_PassesPromtool()
    {
        var check = await Run(PrometheusServer.Executable("promtool"), "check", "config", Repository.PathOf("k8s/prometheus/prometheus.yml"));

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("SUCCESS", check.Output);
    }

    private static async Task<(int ExitCode, string Output)> Run(string executable, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
