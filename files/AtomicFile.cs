using System.Text;

namespace Goldstone.Files;

/// <summary>
/// Replaces a file by a rename: the content is written to a temporary file beside it, which is then moved over the
/// target, so a reader sees the whole old file or the whole new one, never half of either. The temporary file is
/// removed when writing or renaming fails.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/> in UTF-8 without a byte order mark.</summary>
    /// <exception cref="IOException">The file could not be written or replaced.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void WriteAllText(string path, string contents) => Write(path, stream => stream.Write(Utf8.GetBytes(contents)));

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/> in UTF-8 without a byte order mark.</summary>
    /// <inheritdoc cref="WriteAllText" path="/exception"/>
    public static Task WriteAllTextAsync(string path, string contents) =>
        WriteAsync(path, async stream => await stream.WriteAsync(Utf8.GetBytes(contents)));

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the temporary file's stream.</summary>
    /// <inheritdoc cref="WriteAllText" path="/exception"/>
    public static void Write(string path, Action<FileStream> write)
    {
        var temporary = TemporaryPath(path);
        try
        {
            using (var stream = Create(temporary)) write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the temporary file's stream.</summary>
    /// <inheritdoc cref="WriteAllText" path="/exception"/>
    public static async Task WriteAsync(string path, Func<FileStream, Task> write)
    {
        var temporary = TemporaryPath(path);
        try
        {
            await using (var stream = Create(temporary)) await write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>A writer of UTF-8 text without a byte order mark on <paramref name="stream"/>, leaving it open.</summary>
    public static StreamWriter TextWriter(FileStream stream) => new(stream, Utf8, bufferSize: -1, leaveOpen: true);

    // Unique per process and call: a superseded trainer attempt may still write beside its successor, and two threads
    // of one process may replace the same file.
    private static string TemporaryPath(string path) => $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    private static FileStream Create(string temporary) =>
        new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
}
