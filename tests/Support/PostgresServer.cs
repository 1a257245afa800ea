using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Goldstone.Tests.Support;

/// <summary>
/// A real PostgreSQL server for tests: Debian's binaries (/usr/lib/postgresql/*/bin), a fresh cluster in a
/// temporary directory, listening on 127.0.0.1 on a free port with trust authentication, its unix socket in that
/// directory. initdb refuses to run as root, so as root every binary runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(2);
    private readonly string _bin;
    private bool _running;

    private PostgresServer(string bin, string directory, int port)
    {
        _bin = bin;
        RootDir = directory;
        Port = port;
    }

    /// <summary>The temporary directory: the cluster's data, its log and its unix socket.</summary>
    public string RootDir { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    private string DataDir => Path.Combine(RootDir, "data");

    private string LogFile => Path.Combine(RootDir, "server.log");

    /// <summary>Creates a cluster and starts it.</summary>
    /// <exception cref="InvalidOperationException">The binaries are missing (test.sh installs them), or a step failed.</exception>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var directory = Directory.CreateTempSubdirectory("goldstone-pg-").FullName;
        var server = new PostgresServer(bin, directory, FreePort());
        try
        {
            if (IsRoot()) await RunAsync("chown", ["postgres:postgres", directory]);
            await server.RunToolAsync("initdb", ["-D", server.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again, on the same port and data, after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        // fsync off: a test cluster never has to survive a power cut, and the 2-core CI machine is slow enough.
        var options = $"-p {Port} -k {RootDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDir, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
        }
        catch (InvalidOperationException e) when (File.Exists(LogFile))
        {
            throw new InvalidOperationException($"{e.Message}\nserver log:\n{File.ReadAllText(LogFile)}", e);
        }
        _running = true;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended); the data stays.</summary>
    public async Task StopAsync()
    {
        await RunToolAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
        _running = false;
    }

    /// <summary>Creates a database; returns its connection string (TCP, user postgres, no password needed).</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await RunToolAsync("createdb", ["-h", RootDir, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name]);
        return $"Host=127.0.0.1;Port={Port};Database={name};Username=postgres";
    }

    /// <summary>Stops the server if it runs and removes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_running) await RunToolAsync("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "-t", "60", "stop"]);
        _running = false;
        if (Directory.Exists(RootDir)) Directory.Delete(RootDir, recursive: true);
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .ToList()
            : [];
        if (candidates.Count == 0)
            throw new InvalidOperationException("PostgreSQL's server binaries are missing (no /usr/lib/postgresql/*/bin/initdb): ./test.sh installs them (apt-get install postgresql)");
        return Path.Combine(candidates[0], "bin");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private Task RunToolAsync(string tool, IReadOnlyList<string> args)
    {
        var path = Path.Combine(_bin, tool);
        return IsRoot() ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(CommandDeadline);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
