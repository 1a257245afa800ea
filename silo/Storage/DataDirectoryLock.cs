using System.Globalization;
using Goldstone.Files;

namespace Goldstone.Silo.Storage;

/// <summary>
/// An exclusive lock on a data directory, held while a silo runs, so that two processes never share one SQLite
/// store. The operating system releases it when the process dies, SIGKILL included.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>Name of the lock file inside the data directory.</summary>
    public const string FileName = "silo.lock";

    /// <summary>
    /// Name of the file beside the lock that says who holds it: the lock file itself cannot be read while it is held
    /// (.NET's exclusive lock on Linux is an advisory lock that its readers honour too).
    /// </summary>
    public const string HolderFileName = "silo.holder";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the lock, creating the directory; the holder file names this process and, when given, the gateway port it
    /// serves the store at, so that a process turned away can say where to ask instead.
    /// </summary>
    /// <exception cref="DataDirectoryInUseException">Another process holds it.</exception>
    /// <exception cref="DataDirectoryUnusableException">The directory cannot be created or written: the message names it and why.</exception>
    public static DataDirectoryLock Acquire(string dataDir, int? gatewayPort = null)
    {
        var full = Path.GetFullPath(dataDir);
        if (File.Exists(full)) throw Unusable(full, "it is a file, not a directory");
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable(full, $"it cannot be created ({Reason(e)})");
        }
        var path = Path.Combine(full, FileName);
        var stream = Lock(full, path);
        try
        {
            WriteHolder(full, gatewayPort);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw Unusable(full, $"its holder file {HolderFileName} cannot be written ({Reason(e)})");
        }
        return new DataDirectoryLock(stream);
    }

    private static FileStream Lock(string full, string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write(Environment.ProcessId);
            stream.Flush();
            return stream;
        }
        catch (UnauthorizedAccessException e)
        {
            throw Unusable(full, $"its lock file {FileName} cannot be written ({Reason(e)})");
        }
        catch (IOException) when (!File.Exists(path))
        {
            throw Unusable(full, $"its lock file {FileName} cannot be created");
        }
        catch (IOException)
        {
            var (pid, gateway) = TryReadHolder(Path.Combine(full, HolderFileName));
            throw new DataDirectoryInUseException(full, pid, gateway,
                $"the data directory {full} is in use by another goldstone process{(pid is null ? "" : $" (pid {pid})")}: " +
                $"stop it, use --data-dir for another directory, or talk to the running silo with --gateway{(gateway is null ? "" : $" localhost:{gateway}")}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private static DataDirectoryUnusableException Unusable(string directory, string why) =>
        new($"the data directory {directory} cannot be used: {why}; choose another with --data-dir (Goldstone:DataDir, environment Goldstone__DataDir)");

    /// <summary>The operating system's reason, without .NET's path-repeating wrapper where it has a plainer one.</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "a parent directory does not exist or does not allow it",
        _ => e.Message.TrimEnd('.'),
    };

    private const string GatewayPrefix = "gateway ";

    /// <summary>Says who holds the lock (written by a rename: a reader sees the whole file or the one before).</summary>
    private static void WriteHolder(string directory, int? gatewayPort)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, HolderFileName),
            gatewayPort is { } port ? $"{Environment.ProcessId}\n{GatewayPrefix}{port}\n" : $"{Environment.ProcessId}\n");
    }

    /// <summary>
    /// The holder's pid and gateway port, as far as its holder file says; only read while the lock is held by
    /// another process, so it was written by that process (or, in the moment after it took the lock, by the one before).
    /// </summary>
    private static (int? Pid, int? GatewayPort) TryReadHolder(string path)
    {
        try
        {
            var lines = File.ReadAllText(path).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            int? pid = lines.Length > 0 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
            int? port = lines.Length > 1 && lines[1].StartsWith(GatewayPrefix, StringComparison.Ordinal)
                && int.TryParse(lines[1][GatewayPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null;
            return (pid, port);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }
}

/// <summary>The data directory cannot be created or written; bad input, not a system failure.</summary>
public sealed class DataDirectoryUnusableException(string message) : Exception(message);

/// <summary>The data directory is locked by another process: <see cref="HolderPid"/>, serving it at <see cref="GatewayPort"/> when known.</summary>
public sealed class DataDirectoryInUseException(string directory, int? holderPid, int? gatewayPort, string message) : Exception(message)
{
    /// <summary>The data directory (full path).</summary>
    public string Directory { get; } = directory;

    /// <summary>The holding process, when its lock file names it.</summary>
    public int? HolderPid { get; } = holderPid;

    /// <summary>The gateway port the holder serves the store at, when its lock file names one.</summary>
    public int? GatewayPort { get; } = gatewayPort;
}
