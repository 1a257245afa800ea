using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Goldstone.Tests.Support;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>, installed by test.sh) on 127.0.0.1 and a free port, with its data
/// in a temporary directory, scraping the targets of the configuration it is given. When Prometheus is missing the
/// fixture fails and names test.sh. Queries go through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private readonly string _directory;
    private readonly Process _process;

    private PrometheusServer(string directory, int port, Process process)
    {
        _directory = directory;
        Port = port;
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    /// <summary>The port of its HTTP API.</summary>
    public int Port { get; }

    /// <summary>A client of its HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>What Prometheus printed (it logs to stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Where the executables are: <c>prometheus</c> and <c>promtool</c>, from Debian's package.</summary>
    public static string Executable(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"{name} is not installed: run ./test.sh (it installs Debian's prometheus package), or apt-get install prometheus");
    }

    /// <summary>Starts Prometheus with <paramref name="configuration"/> (YAML) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string configuration)
    {
        var directory = Directory.CreateTempSubdirectory("goldstone-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, configuration);
        var port = FreePort();
        var start = new ProcessStartInfo(Executable("prometheus"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"])
            start.ArgumentList.Add(argument);
        var server = new PrometheusServer(directory, port, Process.Start(start)!);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (server._process.HasExited)
                throw new InvalidOperationException($"prometheus exited with {server._process.ExitCode}: {server.Output}");
            try
            {
                if ((await server.Http.GetAsync("/-/ready")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"prometheus was not ready within {StartTimeout.TotalSeconds} s: {server.Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Runs a range query (<c>/api/v1/query_range</c>); returns each series' labels and its values that are numbers
    /// (NaN and infinities dropped). Throws when Prometheus rejects the query.
    /// </summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<double> Values)>> QueryRangeAsync(
        string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var uri = $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start.ToUnixTimeSeconds()}&end={end.ToUnixTimeSeconds()}&step={step.TotalSeconds}";
        using var response = await Http.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"prometheus rejected '{query}': {body}");
        var series = new List<(IReadOnlyDictionary<string, string>, IReadOnlyList<double>)>();
        foreach (var item in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var values = item.GetProperty("values").EnumerateArray()
                .Select(v => double.Parse(v[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture))
                .Where(double.IsFinite)
                .ToList();
            series.Add((labels, values));
        }
        return series;
    }

    /// <summary>The values of a label over the series that match <paramref name="match"/> (<c>/api/v1/label/…/values</c>).</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match)
    {
        using var response = await Http.GetAsync($"/api/v1/label/{label}/values?match[]={Uri.EscapeDataString(match)}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>Each scrape target's job, health and last error (<c>/api/v1/targets</c>).</summary>
    public async Task<IReadOnlyList<(string Job, string Health, string Error)>> TargetsAsync()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync("/api/v1/targets"));
        return json.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!))
            .ToList();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
