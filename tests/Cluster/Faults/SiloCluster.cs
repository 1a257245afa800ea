using System.Net;
using System.Net.Sockets;
using Goldstone.Tests.EndToEnd;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>
/// Real <c>goldstone silo</c> processes on loopback forming one cluster on a real store. Each silo runs in its own
/// process group (its trainers with it), so a SIGKILL of the group is a node that vanished. Silos share one data
/// directory, as pods share a checkpoint volume; a restarted silo keeps its ports, as a pod keeps its identity.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private readonly string _workDir;
    private readonly string[] _providerArgs;
    private readonly IReadOnlyList<string> _environment;
    private readonly int _slots;
    private readonly Silo[] _silos;
    private readonly List<string> _logs = [];
    private readonly Func<int, string[]> _siloArgs;

    /// <param name="siloArgs">Extra options of silo <c>i</c>'s command line (e.g. <c>--gpus 2</c>).</param>
    public SiloCluster(string workDir, int count, int slots, string provider, string connection, IReadOnlyList<string>? environment = null,
        Func<int, string[]>? siloArgs = null)
    {
        _workDir = workDir;
        _slots = slots;
        _siloArgs = siloArgs ?? (_ => []);
        _providerArgs = ["--cluster", provider, "--connection", connection];
        _environment = environment ?? [];
        _silos = Enumerable.Range(0, count).Select(_ => new Silo(FreePort(), FreePort(), FreePort())).ToArray();
    }

    public int Count => _silos.Length;

    /// <summary>Every gateway, for <c>--gateway</c>.</summary>
    public string Gateways => string.Join(",", _silos.Select(s => $"127.0.0.1:{s.GatewayPort}"));

    /// <summary>The silo-to-silo port of silo <paramref name="i"/>: worker ids name it (<c>@127.0.0.1:PORT@…</c>).</summary>
    public int SiloPort(int i) => _silos[i].SiloPort;

    /// <summary>The silo whose worker id is <paramref name="worker"/> (worker ids name the silo's port).</summary>
    public int SiloOf(string worker) => Enumerable.Range(0, Count).Single(i => worker.Contains($":{SiloPort(i)}@", StringComparison.Ordinal));

    /// <summary>The HTTP port of silo <paramref name="i"/>.</summary>
    public int HttpPort(int i) => _silos[i].HttpPort;

    /// <summary>Stderr of every silo process so far, the killed ones' included.</summary>
    public string Logs
    {
        get
        {
            lock (_logs) return string.Join("\n", _logs.Concat(_silos.Where(s => s.Process is not null).Select(s => s.Process!.Stderr)));
        }
    }

    /// <summary>Starts every silo and waits until each answers /readyz.</summary>
    public async Task StartAllAsync()
    {
        for (var i = 0; i < _silos.Length; i++) Start(i);
        await Task.WhenAll(Enumerable.Range(0, _silos.Length).Select(WaitReadyAsync));
    }

    /// <summary>Starts silo <paramref name="i"/> (again) on its ports.</summary>
    public void Start(int i)
    {
        var silo = _silos[i];
        if (silo.Process is { } old)
        {
            lock (_logs) _logs.Add(old.Stderr);
            old.Dispose();
        }
        silo.Process = CliProcess.StartInOwnGroupWithEnvironment(_workDir, ["Goldstone__Worker__PollInterval=00:00:00.2", .. _environment],
            ["silo", .. _providerArgs, "--data-dir", "shared", "--port", $"{silo.SiloPort}", "--gateway-port", $"{silo.GatewayPort}",
             "--http-port", $"{silo.HttpPort}", "--slots", $"{_slots}", .. _siloArgs(i)]);
    }

    /// <summary>The process id of silo <paramref name="i"/>; its trainers are in its process group.</summary>
    public int Pid(int i) => (_silos[i].Process ?? throw new InvalidOperationException($"silo {i} is not running")).Pid;

    /// <summary>SIGTERMs silo <paramref name="i"/>'s process alone, as Kubernetes stops a pod's main process.</summary>
    public void Terminate(int i)
    {
        var process = _silos[i].Process ?? throw new InvalidOperationException($"silo {i} is not running");
        process.Signal(Signals.SigTerm);
    }

    /// <summary>Waits for silo <paramref name="i"/>'s process to exit; returns its exit code.</summary>
    public Task<int> WaitExitAsync(int i) => (_silos[i].Process ?? throw new InvalidOperationException($"silo {i} is not running")).WaitAsync();

    /// <summary>SIGKILLs silo <paramref name="i"/> and its trainers (its process group).</summary>
    public void Kill(int i)
    {
        var process = _silos[i].Process ?? throw new InvalidOperationException($"silo {i} is not running");
        process.SignalGroup(Signals.SigKill);
    }

    /// <summary>True while silo <paramref name="i"/>'s process runs.</summary>
    public bool IsRunning(int i) => _silos[i].Process is { HasExited: false };

    /// <summary>Waits until silo <paramref name="i"/> answers /readyz with 200.</summary>
    public async Task WaitReadyAsync(int i)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            if (_silos[i].Process is { HasExited: true } exited)
                throw new InvalidOperationException($"silo {i} exited before it was ready:\n{exited.Stderr}");
            try
            {
                var response = await http.GetAsync($"http://127.0.0.1:{_silos[i].HttpPort}/readyz");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"silo {i} was not ready within 2 minutes:\n{_silos[i].Process?.Stderr}");
            await Task.Delay(200);
        }
    }

    /// <summary>Runs the CLI against the cluster's gateways.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) =>
        CliProcess.RunWithEnvironmentAsync(_workDir, _environment, [.. args, "--gateway", Gateways]);

    /// <summary>Starts the CLI against the cluster's gateways in the background (a <c>watch</c> during the faults).</summary>
    public CliProcess StartCli(params string[] args) =>
        CliProcess.StartWithEnvironment(_workDir, _environment, [.. args, "--gateway", Gateways]);

    public async ValueTask DisposeAsync()
    {
        // For a post-mortem: GOLDSTONE_FAULT_LOGS names a file that receives every silo's stderr.
        if (System.Environment.GetEnvironmentVariable("GOLDSTONE_FAULT_LOGS") is { Length: > 0 } path) await File.WriteAllTextAsync(path, Logs);
        foreach (var silo in _silos)
        {
            if (silo.Process is not { } process) continue;
            if (!process.HasExited) process.SignalGroup(Signals.SigKill);
            process.Dispose();
        }
        await Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Silo(int siloPort, int gatewayPort, int httpPort)
    {
        public int SiloPort { get; } = siloPort;
        public int GatewayPort { get; } = gatewayPort;
        public int HttpPort { get; } = httpPort;
        public CliProcess? Process { get; set; }
    }
}
