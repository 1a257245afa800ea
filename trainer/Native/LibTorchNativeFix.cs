using System.Runtime.InteropServices;

namespace Goldstone.Trainer.Native;

/// <summary>One copy of the TorchSharp native library that <see cref="LibTorchNativeFix"/> looked at.</summary>
/// <param name="Path">Full path of the copy.</param>
/// <param name="Outcome">What was done to it; null when it failed (see <paramref name="Error"/>).</param>
/// <param name="Error">Why the copy could not be checked or patched; null on success.</param>
public sealed record NativeLibraryCopy(string Path, VersionPatchOutcome? Outcome, string? Error);

/// <summary>What <see cref="LibTorchNativeFix.EnsureLoadable()"/> decided and did.</summary>
/// <param name="Applicable">False on non-Linux systems, where nothing is checked.</param>
/// <param name="LibStdCxxPath">The C++ runtime whose versions were checked; null when none was found.</param>
/// <param name="LibStdCxxHasVersion">Whether that runtime defines <see cref="LibTorchNativeFix.MissingVersion"/>; when it does, no copy is touched.</param>
/// <param name="Copies">The library copies next to the application and what happened to each.</param>
public sealed record NativeFixReport(bool Applicable, string? LibStdCxxPath, bool LibStdCxxHasVersion, IReadOnlyList<NativeLibraryCopy> Copies)
{
    /// <summary>Failures worth a line on stderr: copies that could not be patched.</summary>
    public IEnumerable<string> Problems => Copies.Where(c => c.Error is not null).Select(c => $"{c.Path}: {c.Error}");
}

/// <summary>
/// Makes TorchSharp's native library loadable on systems whose libstdc++ is older than the one it was linked
/// against. libLibTorchSharp.so requires GLIBCXX_3.4.32 for a single symbol, <c>std::ios_base_library_init</c>,
/// a link-time marker that no code calls; the loader refuses the whole library when the version is missing
/// (Debian 12 ships 3.4.30). Marking that one requirement weak lets it load. Only the copies next to the
/// application are patched, never the NuGet cache, and only when the system's libstdc++ lacks the version.
/// </summary>
public static class LibTorchNativeFix
{
    /// <summary>File name of TorchSharp's native bridge on Linux.</summary>
    public const string LibraryFileName = "libLibTorchSharp.so";

    /// <summary>The version the bridge requires and older C++ runtimes lack.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>Folders, relative to the application directory, where builds and publishes put the native copies.</summary>
    public static readonly string[] CopyFolders =
        ["", "runtimes/linux-x64/native", "runtimes/linux-arm64/native", "cpu", "cuda"];

    private static readonly Lazy<NativeFixReport> ForThisProcess =
        new(() => EnsureLoadable(AppContext.BaseDirectory, LocateLibStdCxx()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Checks, and where needed patches, the copies next to this application. Call before the first TorchSharp
    /// call; later calls return the first call's report. Never throws for a copy it cannot patch: the report
    /// says why, and TorchSharp's own load error follows.
    /// </summary>
    public static NativeFixReport EnsureLoadable() =>
        OperatingSystem.IsLinux() ? ForThisProcess.Value : new NativeFixReport(false, null, false, []);

    /// <summary>
    /// Patches every copy of the library under <paramref name="applicationDirectory"/> unless the C++ runtime at
    /// <paramref name="libStdCxxPath"/> defines <see cref="MissingVersion"/>. An unknown or unreadable runtime
    /// counts as lacking it: the weak flag is harmless where the version exists.
    /// </summary>
    public static NativeFixReport EnsureLoadable(string applicationDirectory, string? libStdCxxPath)
    {
        var hasVersion = libStdCxxPath is not null && DefinesVersion(libStdCxxPath, MissingVersion);
        var copies = FindCopies(applicationDirectory).Select(path => hasVersion ? new NativeLibraryCopy(path, null, null) : Patch(path)).ToList();
        return new NativeFixReport(true, libStdCxxPath, hasVersion, copies);
    }

    /// <summary>The copies of <see cref="LibraryFileName"/> in the usual folders under <paramref name="applicationDirectory"/>.</summary>
    public static IReadOnlyList<string> FindCopies(string applicationDirectory) =>
        CopyFolders.Select(folder => Path.GetFullPath(Path.Combine(applicationDirectory, folder, LibraryFileName)))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether the shared object at <paramref name="path"/> defines the symbol version <paramref name="version"/>.</summary>
    /// <returns>False also when the file cannot be read or is not ELF64.</returns>
    public static bool DefinesVersion(string path, string version)
    {
        try
        {
            return ElfImage.Load(path).DefinesVersion(version);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The libstdc++ this process uses: the one already mapped (the .NET runtime loads it, and the loader reuses
    /// it for every later library), else the first found on LD_LIBRARY_PATH and the standard library folders.
    /// </summary>
    public static string? LocateLibStdCxx()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/');
                if (slash < 0) continue;
                // A mapped file replaced on disk since it was loaded shows with this suffix; its name still tells.
                var path = line[slash..].Replace(" (deleted)", "", StringComparison.Ordinal);
                if (Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal)) return path;
            }
        }
        catch (IOException)
        {
            // No procfs (a restricted container): fall back to the search below.
        }

        var triplet = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        var folders = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat([$"/lib/{triplet}", $"/usr/lib/{triplet}", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]);
        return folders.Select(folder => Path.Combine(folder, "libstdc++.so.6")).FirstOrDefault(File.Exists);
    }

    private static NativeLibraryCopy Patch(string path)
    {
        try
        {
            return new NativeLibraryCopy(path, ElfVersionPatcher.MarkWeakInFile(path, MissingVersion), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new NativeLibraryCopy(path, null, $"cannot mark {MissingVersion} weak: {e.Message}");
        }
    }
}
