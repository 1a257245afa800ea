using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Goldstone.Tests.Deploy;

/// <summary>
/// The cpu overlay's silo pod and campaign Job run as local processes, from what the images' build stages produce
/// and the rendered configuration, against a real PostgreSQL that stands for the postgres component's: the db-init
/// step, the silo and its probes, the Job's command, a SIGTERM within the grace period. No Kubernetes and no
/// Docker are needed, and none is emulated beyond the pod's files, environment and command (PodSandbox).
/// </summary>
[Collection(ImageBuildsCollection.Name)]
public sealed class RenderedSiloTests(ImageBuilds images) : IAsyncLifetime
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);
    private PostgresServer? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task CpuOverlay_SiloPodAndCampaignJob_InitTheStoreGetReadyAndCompleteTheCampaign()
    {
        var rendered = await Rendered.RenderAsync("k8s/overlays/cpu");
        var store = ConnectionString(Rendered.Data(rendered.Single("Secret", "goldstone-store"))["connection-string"]);
        await CreateDatabaseAsync(store);
        var ports = new Dictionary<long, int> { [11111] = FreePort(), [30000] = FreePort(), [8080] = FreePort() };
        var fields = new Dictionary<string, string>
        {
            ["metadata.name"] = "goldstone-silo-test", ["metadata.namespace"] = "goldstone", ["status.podIP"] = "127.0.0.1",
        };
        using var silos = new PodSandbox(rendered, rendered.SiloPod, fields, ports,
            (secret, key, value) => secret == "goldstone-store" && key == "connection-string" ? Local(value) : value);
        using var bin = new Wrappers(images);

        // The init container: the schema step, with the silo's configuration and Secret.
        var init = Rendered.Container(rendered.SiloPod, "db-init", "initContainers");
        var schema = await RunAsync(silos.Command(init), bin.With(silos.Environment(init), images.Silo));
        Assert.True(schema.ExitCode == 0, $"db-init exited {schema.ExitCode}:\n{schema.Stdout}\n{schema.Stderr}");
        Assert.Matches(@"^schema version \d+ applied \(was none\)\n$", schema.Stdout);

        // The silo container, until its readiness probe answers 200.
        var container = rendered.SiloContainer;
        var environment = bin.With(silos.Environment(container), images.Silo);
        using var silo = Start(["goldstone", .. silos.Command(container)], environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[8080]}") };
        var ready = await WaitForReadyAsync(http, (string)container["readinessProbe"]!["httpGet"]!["path"]!, silo);
        var live = await http.GetAsync((string)container["livenessProbe"]!["httpGet"]!["path"]!);

        // The campaign Job's container, against the gateway Service, which here is the one silo.
        var job = rendered.Single("Job", "goldstone-campaign")["spec"]!["template"]!["spec"]!.AsObject();
        using var jobPod = new PodSandbox(rendered, job, fields, ports);
        var submit = Rendered.Container(job, "submit");
        var jobEnvironment = bin.With(jobPod.Environment(submit), images.Cli);
        Assert.Equal("goldstone-gateway:30000", jobEnvironment["GATEWAY"]);
        jobEnvironment["GATEWAY"] = $"127.0.0.1:{ports[30000]}";
        var campaign = await RunAsync(jobPod.Command(submit), jobEnvironment);

        // SIGTERM, as the kubelet sends it; the silo must be gone within the pod's grace period.
        var grace = TimeSpan.FromSeconds((long)rendered.SiloPod["terminationGracePeriodSeconds"]!);
        Assert.Equal(0, Kill(silo.Process.Id, 15));
        var stopped = silo.Process.WaitForExit(grace);

        Assert.Equal((HttpStatusCode.OK, "{\"ready\":true,\"checks\":{\"cluster\":\"joined\",\"storage\":\"reachable\",\"worker\":\"running\"}}\n"), ready);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), (live.StatusCode, await live.Content.ReadAsStringAsync()));
        Assert.True(campaign.ExitCode == 0, $"the Job's command exited {campaign.ExitCode}:\n{campaign.Stdout}\n{campaign.Stderr}\nsilo:\n{silo.Output}");
        var lines = campaign.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("quickstart: created, 8 trials, running", lines[0]);
        Assert.Equal("8/8 done (succeeded 8, failed 0), pending 0, running 0", lines[^1]);
        Assert.True(stopped, $"the silo did not stop within {grace.TotalSeconds:0} s of SIGTERM:\n{silo.Output}");
        Assert.Equal(0, silo.Process.ExitCode);
        Assert.Contains($"goldstone silo: gateway localhost:{ports[30000]}, cluster 'goldstone' on postgres, checkpoints in {silos.Volume("checkpoints")}", silo.Output);
    }

    /// <summary>The rendered connection string pointed at the test's server instead of the goldstone-postgres Service.</summary>
    private string Local(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal(("goldstone-postgres", 5432), (builder.Host, builder.Port));
        builder.Host = "127.0.0.1";
        builder.Port = _postgres!.Port;
        return builder.ConnectionString;
    }

    private static NpgsqlConnectionStringBuilder ConnectionString(string text) => new(text);

    /// <summary>The role and database of the rendered connection string, as the postgres image creates them.</summary>
    private async Task CreateDatabaseAsync(NpgsqlConnectionStringBuilder store)
    {
        await using var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={_postgres!.Port};Username=postgres;Database=postgres");
        await admin.OpenAsync();
        foreach (var sql in new[]
                 {
                     $"CREATE ROLE \"{store.Username}\" LOGIN PASSWORD '{store.Password!.Replace("'", "''", StringComparison.Ordinal)}'",
                     $"CREATE DATABASE \"{store.Database}\" OWNER \"{store.Username}\"",
                 })
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<(HttpStatusCode, string)> WaitForReadyAsync(HttpClient http, string path, RunningProcess silo)
    {
        var giveUp = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            if (silo.Process.HasExited) throw new InvalidOperationException($"the silo exited ({silo.Process.ExitCode}) before it was ready:\n{silo.Output}");
            try
            {
                var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"{path} did not answer 200 within {StepTimeout.TotalMinutes:0} min:\n{silo.Output}");
            await Task.Delay(200);
        }
    }

    private static Task<ExternalProcess.Result> RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment) =>
        ExternalProcess.RunAsync(command[0], command.Skip(1), $"{command[0]} is missing", StepTimeout, Path.GetTempPath(), environment);

    private static RunningProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        // Through env --default-signal: a test run started in the background inherits SIGTERM's disposition.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        foreach (var arg in command) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new RunningProcess(start);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>A process left running, its output collected; killed with its children if still running at the end.</summary>
    private sealed class RunningProcess : IDisposable
    {
        private readonly StringBuilder _output = new();

        public RunningProcess(ProcessStartInfo start)
        {
            Process = new Process { StartInfo = start };
            Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Append(e.Data).Append('\n'); };
            Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Append(e.Data).Append('\n'); };
            Process.Start();
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output { get { lock (_output) return _output.ToString(); } }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    /// <summary>
    /// The images' <c>goldstone</c> on the PATH (their /usr/local/bin/goldstone: <c>exec dotnet /app/goldstone.dll</c>),
    /// one folder per image.
    /// </summary>
    private sealed class Wrappers(ImageBuilds images) : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("goldstone-bin-").FullName;

        /// <summary><paramref name="environment"/> with PATH leading to <paramref name="image"/>'s goldstone.</summary>
        public Dictionary<string, string> With(Dictionary<string, string> environment, ImageBuild image)
        {
            var folder = Path.Combine(_root, image == images.Silo ? "silo" : "cli");
            var wrapper = Path.Combine(folder, "goldstone");
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the images run Linux; so does this test");
            if (!File.Exists(wrapper))
            {
                Directory.CreateDirectory(folder);
                var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
                File.WriteAllText(wrapper, $"#!/bin/sh\nexec \"{dotnet}\" \"{Path.Combine(image.App, "goldstone.dll")}\" \"$@\"\n");
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
            environment["PATH"] = $"{folder}:{System.Environment.GetEnvironmentVariable("PATH")}";
            return environment;
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
