namespace Goldstone.Silo.Storage;

/// <summary>
/// An exclusive lock on a data directory, held while a silo runs, so that two processes never share one SQLite
/// store. The operating system releases it when the process dies, SIGKILL included.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>Name of the lock file inside the data directory.</summary>
    public const string FileName = "silo.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, creating the directory.</summary>
    /// <exception cref="DataDirectoryInUseException">Another process holds it.</exception>
    public static DataDirectoryLock Acquire(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write(Environment.ProcessId);
            stream.Flush();
            return new DataDirectoryLock(stream);
        }
        catch (IOException)
        {
            var holder = TryReadHolder(path);
            throw new DataDirectoryInUseException(
                $"the data directory {Path.GetFullPath(dataDir)} is in use by another goldstone process{(holder is null ? "" : $" (pid {holder})")}: " +
                "stop it, use --data-dir for another directory, or talk to the running silo with --gateway");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private static string? TryReadHolder(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd().Trim();
            return text.Length > 0 ? text : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>The data directory is locked by another process.</summary>
public sealed class DataDirectoryInUseException(string message) : Exception(message);
