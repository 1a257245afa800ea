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
    /// <exception cref="DataDirectoryUnusableException">The directory cannot be created or written: the message names it and why.</exception>
    public static DataDirectoryLock Acquire(string dataDir)
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
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write(Environment.ProcessId);
            stream.Flush();
            return new DataDirectoryLock(stream);
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
            var holder = TryReadHolder(path);
            throw new DataDirectoryInUseException(
                $"the data directory {Path.GetFullPath(dataDir)} is in use by another goldstone process{(holder is null ? "" : $" (pid {holder})")}: " +
                "stop it, use --data-dir for another directory, or talk to the running silo with --gateway");
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

/// <summary>The data directory cannot be created or written; bad input, not a system failure.</summary>
public sealed class DataDirectoryUnusableException(string message) : Exception(message);

/// <summary>The data directory is locked by another process.</summary>
public sealed class DataDirectoryInUseException(string message) : Exception(message);
