using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Goldstone.Tests.Support;

/// <summary>
/// A real Azurite 3 (Azure Storage emulator: Blob, Queue, Table) on 127.0.0.1, free ports, data in a temporary
/// directory. <see cref="StopAsync"/> then <see cref="StartAsync"/> keeps the ports and the data, for outage tests.
/// Azurite is found in <c>$GOLDSTONE_AZURITE</c> (its install folder or its executable) or in the folder test.sh
/// installs it to; when it is missing the fixture fails and names test.sh.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The emulator's well-known development account (public, documented by Azurite).</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteServer(string executable, string location, int blobPort, int queuePort, int tablePort)
    {
        Executable = executable;
        Location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The azurite executable this server runs.</summary>
    public string Executable { get; }

    /// <summary>Azurite's data directory (kept across stop and start, removed on dispose).</summary>
    public string Location { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>A connection string with explicit endpoints, as Orleans' own CI uses against Azurite.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>True while the emulator process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a fresh emulator with an empty data directory.</summary>
    /// <exception cref="InvalidOperationException">Azurite is not installed, or it did not start.</exception>
    public static async Task<AzuriteServer> StartNewAsync()
    {
        var location = Path.Combine(Path.GetTempPath(), "goldstone-azurite-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(location);
        var server = new AzuriteServer(FindExecutable(), location, FreePort(), FreePort(), FreePort());
        await server.StartAsync();
        return server;
    }

    /// <summary>The azurite executable, from <c>$GOLDSTONE_AZURITE</c> or test.sh's install folder.</summary>
    public static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("GOLDSTONE_AZURITE");
        var folder = string.IsNullOrEmpty(configured) ? InstallFolder : configured;
        if (File.Exists(folder)) return folder;
        var executable = Path.Combine(folder, "node_modules", ".bin", "azurite");
        if (File.Exists(executable)) return executable;
        throw new InvalidOperationException(
            $"Azurite is not installed at {folder}: run ./test.sh (it installs azurite@3 there with npm), " +
            "or set GOLDSTONE_AZURITE to an Azurite install folder or executable");
    }

    /// <summary>Where test.sh installs Azurite: <c>$HOME/.cache/goldstone/azurite</c>.</summary>
    public static string InstallFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "goldstone", "azurite");

    /// <summary>Starts the emulator on this server's ports and data directory; returns once all three services accept connections.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException("Azurite is already running");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", Location,
                 })
            start.ArgumentList.Add(argument);
        lock (_output) _output.Clear();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var giveUp = DateTime.UtcNow + StartTimeout;
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await AcceptsAsync(port))
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened on {port}: {Output()}");
                if (DateTime.UtcNow > giveUp)
                    throw new InvalidOperationException($"Azurite did not listen on {port} within {StartTimeout.TotalSeconds} s: {Output()}");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Stops the emulator gracefully (SIGTERM, so that it saves its data), then by force after a grace period.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null) return;
        _process = null;
        if (!process.HasExited && kill(process.Id, SigTerm) != 0) process.Kill(entireProcessTree: true);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>Stops the emulator and removes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Location)) Directory.Delete(Location, recursive: true);
    }

    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 16_384) _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output) return _output.Length == 0 ? "(no output)" : _output.ToString().Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
