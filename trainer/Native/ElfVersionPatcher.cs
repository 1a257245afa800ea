using System.Buffers.Binary;
using Goldstone.Files;

namespace Goldstone.Trainer.Native;

/// <summary>What <see cref="ElfVersionPatcher.MarkWeakInFile"/> found and did.</summary>
public enum VersionPatchOutcome
{
    /// <summary>The file does not require the version at all; left untouched.</summary>
    NotRequired,

    /// <summary>Every requirement of the version was already weak; left untouched.</summary>
    AlreadyWeak,

    /// <summary>The file was rewritten with the requirement marked weak.</summary>
    Patched,
}

/// <summary>
/// Marks a required symbol version weak (VER_FLG_WEAK in its Vernaux entry), so that the dynamic loader
/// accepts a dependency that lacks the version instead of refusing to load the object. Nothing else in the
/// file changes: one two-byte field per matching entry.
/// </summary>
public static class ElfVersionPatcher
{
    /// <summary>Sets VER_FLG_WEAK on every non-weak requirement of <paramref name="version"/> in <paramref name="bytes"/>.</summary>
    /// <returns>How many entries changed (0 when none needed it).</returns>
    /// <exception cref="ElfFormatException">The bytes are not a well-formed ELF64 object.</exception>
    public static int MarkWeak(byte[] bytes, string version)
    {
        var changed = 0;
        foreach (var requirement in ElfImage.Parse(bytes).VersionRequirements)
        {
            if (requirement.Version != version || requirement.IsWeak) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)requirement.FlagsOffset),
                (ushort)(requirement.Flags | ElfImage.VersionFlagWeak));
            changed++;
        }
        return changed;
    }

    /// <summary>
    /// Patches the file at <paramref name="path"/> in place, atomically: the new bytes go to a temporary file in
    /// the same directory that is then renamed over the original. A process that has the old file open or mapped
    /// keeps its view, a concurrent loader sees either the old or the new file, and two processes patching at
    /// once both leave a patched file. Idempotent.
    /// </summary>
    /// <exception cref="ElfFormatException">The file is not a well-formed ELF64 object.</exception>
    /// <exception cref="IOException">The file could not be read or replaced.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static VersionPatchOutcome MarkWeakInFile(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var requirements = ElfImage.Parse(bytes).VersionRequirements.Where(r => r.Version == version).ToList();
        if (requirements.Count == 0) return VersionPatchOutcome.NotRequired;
        if (requirements.All(r => r.IsWeak)) return VersionPatchOutcome.AlreadyWeak;

        MarkWeak(bytes, version);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(bytes);
            // Flushed to disk before the rename, so that a crash cannot leave a truncated library in place.
            stream.Flush(flushToDisk: true);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(path));
        });
        return VersionPatchOutcome.Patched;
    }
}
