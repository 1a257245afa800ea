using Goldstone.Trainer.Native;

namespace Goldstone.Tests.Trainer.Native;

public sealed class ElfVersionPatcherTests
{
    [Fact]
    public void MarkWeak_PristineLibrary_ChangesOnlyTheFlagOfThatVersion()
    {
        var original = File.ReadAllBytes(TestElf.PristineLibrary());
        var requirement = ElfImage.Parse(original).VersionRequirements.Single(r => r.Version == LibTorchNativeFix.MissingVersion);
        var patched = (byte[])original.Clone();

        var changed = ElfVersionPatcher.MarkWeak(patched, LibTorchNativeFix.MissingVersion);

        Assert.Equal(1, changed);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Equal([requirement.FlagsOffset], differing.Select(i => (long)i));
        Assert.Equal(requirement.Flags | ElfImage.VersionFlagWeak, BitConverter.ToUInt16(patched, (int)requirement.FlagsOffset));
        var before = ElfImage.Parse(original).VersionRequirements;
        var after = ElfImage.Parse(patched).VersionRequirements;
        Assert.Equal(
            before.Select(r => r.Version == LibTorchNativeFix.MissingVersion ? r with { Flags = (ushort)(r.Flags | ElfImage.VersionFlagWeak) } : r),
            after);
    }

    [Fact]
    public void MarkWeak_SyntheticObject_FlagsEveryMatchingEntryOnly()
    {
        var bytes = TestElf.Build([("libstdc++.so.6", ["GLIBCXX_3.4", "GLIBCXX_3.4.32"]), ("libc.so.6", ["GLIBC_2.34"])], []);

        var changed = ElfVersionPatcher.MarkWeak(bytes, "GLIBCXX_3.4.32");

        Assert.Equal(1, changed);
        Assert.Equal(["GLIBCXX_3.4.32"], ElfImage.Parse(bytes).VersionRequirements.Where(r => r.IsWeak).Select(r => r.Version));
    }

    [Fact]
    public void MarkWeakInFile_CalledTwice_PatchesOnceAndThenLeavesBytesAlone()
    {
        using var directory = new TempDirectory();
        var path = directory.File(LibTorchNativeFix.LibraryFileName);
        File.Copy(TestElf.PristineLibrary(), path);

        var first = ElfVersionPatcher.MarkWeakInFile(path, LibTorchNativeFix.MissingVersion);
        var afterFirst = File.ReadAllBytes(path);
        var second = ElfVersionPatcher.MarkWeakInFile(path, LibTorchNativeFix.MissingVersion);

        Assert.Equal(VersionPatchOutcome.Patched, first);
        Assert.Equal(VersionPatchOutcome.AlreadyWeak, second);
        Assert.Equal(afterFirst, File.ReadAllBytes(path));
        Assert.Equal([LibTorchNativeFix.LibraryFileName], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void MarkWeakInFile_VersionNotRequired_LeavesFileUntouched()
    {
        using var directory = new TempDirectory();
        var path = directory.File("libother.so");
        var bytes = TestElf.Build([("libc.so.6", ["GLIBC_2.2.5"])], []);
        File.WriteAllBytes(path, bytes);
        var modified = File.GetLastWriteTimeUtc(path);

        var outcome = ElfVersionPatcher.MarkWeakInFile(path, LibTorchNativeFix.MissingVersion);

        Assert.Equal(VersionPatchOutcome.NotRequired, outcome);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void MarkWeakInFile_ManyConcurrentPatchers_LeaveOnePatchedFileAndNoTemporaries()
    {
        using var directory = new TempDirectory();
        var path = directory.File(LibTorchNativeFix.LibraryFileName);
        File.Copy(TestElf.PristineLibrary(), path);
        var expected = File.ReadAllBytes(path);
        ElfVersionPatcher.MarkWeak(expected, LibTorchNativeFix.MissingVersion);

        var outcomes = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
            .Select(_ => ElfVersionPatcher.MarkWeakInFile(path, LibTorchNativeFix.MissingVersion)).ToList();

        Assert.All(outcomes, o => Assert.True(o is VersionPatchOutcome.Patched or VersionPatchOutcome.AlreadyWeak));
        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.Equal([LibTorchNativeFix.LibraryFileName], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void MarkWeakInFile_PreservesFileMode()
    {
        using var directory = new TempDirectory();
        var path = directory.File(LibTorchNativeFix.LibraryFileName);
        File.Copy(TestElf.PristineLibrary(), path);
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        ElfVersionPatcher.MarkWeakInFile(path, LibTorchNativeFix.MissingVersion);

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }
}
