using Goldstone.Trainer.Native;
using TorchSharp;

namespace Goldstone.Tests.Trainer.Native;

public sealed class LibTorchNativeFixTests
{
    [Fact]
    public void DefinesVersion_LibStdCxxWithTheVersion_IsTrue()
    {
        using var directory = new TempDirectory();
        var path = directory.File("libstdc++.so.6");
        File.WriteAllBytes(path, TestElf.LibStdCxx("GLIBCXX_3.4", "GLIBCXX_3.4.31", "GLIBCXX_3.4.32"));

        Assert.True(LibTorchNativeFix.DefinesVersion(path, LibTorchNativeFix.MissingVersion));
    }

    [Fact]
    public void DefinesVersion_LibStdCxxWithoutTheVersion_IsFalse()
    {
        using var directory = new TempDirectory();
        var path = directory.File("libstdc++.so.6");
        File.WriteAllBytes(path, TestElf.LibStdCxx("GLIBCXX_3.4", "GLIBCXX_3.4.30", "GLIBCXX_3.4.320"));

        Assert.False(LibTorchNativeFix.DefinesVersion(path, LibTorchNativeFix.MissingVersion));
    }

    [Fact]
    public void DefinesVersion_NotAnElfFile_IsFalse()
    {
        using var directory = new TempDirectory();
        var path = directory.File("libstdc++.so.6");
        File.WriteAllText(path, "GLIBCXX_3.4.32");

        Assert.False(LibTorchNativeFix.DefinesVersion(path, LibTorchNativeFix.MissingVersion));
    }

    [Fact]
    public void LocateLibStdCxx_ThisProcess_FindsARuntimeDefiningTheBaseVersion()
    {
        var path = LibTorchNativeFix.LocateLibStdCxx();

        Assert.NotNull(path);
        Assert.True(LibTorchNativeFix.DefinesVersion(path, "GLIBCXX_3.4"));
    }

    [Fact]
    public void EnsureLoadable_LibStdCxxLacksVersion_PatchesEveryCopyOnceAndLeavesTheSourceAlone()
    {
        using var directory = new TempDirectory();
        var pristine = TestElf.PristineLibrary();
        var pristineBytes = File.ReadAllBytes(pristine);
        var copies = new[] { "runtimes/linux-x64/native", "cpu" }
            .Select(folder => Path.Combine(directory.Path, folder, LibTorchNativeFix.LibraryFileName)).ToArray();
        foreach (var copy in copies)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(pristine, copy);
        }
        var libStdCxx = directory.File("libstdc++.so.6");
        File.WriteAllBytes(libStdCxx, TestElf.LibStdCxx("GLIBCXX_3.4", "GLIBCXX_3.4.30"));

        var first = LibTorchNativeFix.EnsureLoadable(directory.Path, libStdCxx);
        var second = LibTorchNativeFix.EnsureLoadable(directory.Path, libStdCxx);

        Assert.False(first.LibStdCxxHasVersion);
        Assert.Equal(copies.Select(c => new NativeLibraryCopy(c, VersionPatchOutcome.Patched, null)), first.Copies);
        Assert.Equal(copies.Select(c => new NativeLibraryCopy(c, VersionPatchOutcome.AlreadyWeak, null)), second.Copies);
        Assert.All(copies, c => Assert.True(ElfImage.Load(c).VersionRequirements.Single(r => r.Version == LibTorchNativeFix.MissingVersion).IsWeak));
        Assert.Equal(pristineBytes, File.ReadAllBytes(pristine));
    }

    [Fact]
    public void EnsureLoadable_LibStdCxxHasVersion_LeavesCopiesUntouched()
    {
        using var directory = new TempDirectory();
        var copy = directory.File(LibTorchNativeFix.LibraryFileName);
        File.Copy(TestElf.PristineLibrary(), copy);
        var before = File.ReadAllBytes(copy);
        var libStdCxx = directory.File("libstdc++.so.6");
        File.WriteAllBytes(libStdCxx, TestElf.LibStdCxx("GLIBCXX_3.4", "GLIBCXX_3.4.32"));

        var report = LibTorchNativeFix.EnsureLoadable(directory.Path, libStdCxx);

        Assert.True(report.LibStdCxxHasVersion);
        Assert.Equal([new NativeLibraryCopy(copy, null, null)], report.Copies);
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void EnsureLoadable_ReadOnlyCopy_ReportsTheProblemInsteadOfThrowing()
    {
        using var directory = new TempDirectory();
        var copy = directory.File(LibTorchNativeFix.LibraryFileName);
        File.WriteAllText(copy, "not an ELF file");

        var report = LibTorchNativeFix.EnsureLoadable(directory.Path, null);

        var problem = Assert.Single(report.Problems);
        Assert.Equal($"{copy}: cannot mark {LibTorchNativeFix.MissingVersion} weak: not an ELF file (bad magic)", problem);
    }

    [Fact]
    public void EnsureLoadable_ThisProcess_LeavesLoadableCopiesNextToTheTests()
    {
        var report = LibTorchNativeFix.EnsureLoadable();

        Assert.True(report.Applicable);
        Assert.Contains(report.Copies, c => c.Path.EndsWith("runtimes/linux-x64/native/" + LibTorchNativeFix.LibraryFileName, StringComparison.Ordinal));
        Assert.Empty(report.Problems);
        if (!report.LibStdCxxHasVersion)
            Assert.All(report.Copies, c => Assert.True(ElfImage.Load(c.Path).VersionRequirements.Single(r => r.Version == LibTorchNativeFix.MissingVersion).IsWeak));
    }

    [Fact]
    public void Torch_AfterTheFix_MultipliesAndDescendsInThisProcess()
    {
        TorchTestSetup.Ensure();
        using var scope = torch.NewDisposeScope();
        var product = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]).matmul(torch.ones(2));
        var w = new TorchSharp.Modules.Parameter(torch.zeros(1, dtype: torch.float64));
        using var optimizer = torch.optim.SGD([w], 0.25);
        for (var step = 0; step < 20; step++)
        {
            optimizer.zero_grad();
            (w - 3).square().sum().backward();
            optimizer.step();
        }

        Assert.Equal([3f, 7f], product.data<float>().ToArray());
        // Each step halves the distance to the minimum at 3.
        Assert.Equal(3 * (1 - Math.Pow(0.5, 20)), w.item<double>(), 12);
    }
}
