using Goldstone.Silo.Storage;

namespace Goldstone.Tests.Unit.Storage;

public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Acquire_MissingDirectory_CreatesItWithTheLockFile()
    {
        var dataDir = Path.Combine(_directory.Path, "nested", "data");

        using var held = DataDirectoryLock.Acquire(dataDir);

        Assert.True(File.Exists(Path.Combine(dataDir, DataDirectoryLock.FileName)));
        Assert.Equal("silo.lock", DataDirectoryLock.FileName);
    }

    [Fact]
    public void Acquire_WhileHeld_ThrowsInUseNamingTheDirectory()
    {
        using var held = DataDirectoryLock.Acquire(_directory.Path);

        var error = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_directory.Path));

        // The holder's pid is shown when the lock file can be read while locked; Linux's advisory lock refuses that read.
        Assert.Matches(
            $"^the data directory {System.Text.RegularExpressions.Regex.Escape(_directory.Path)} is in use by another goldstone process( \\(pid {Environment.ProcessId}\\))?: " +
            "stop it, use --data-dir for another directory, or talk to the running silo with --gateway$",
            error.Message);
    }

    [Fact]
    public void Acquire_AfterDispose_Succeeds()
    {
        var first = DataDirectoryLock.Acquire(_directory.Path);
        Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_directory.Path));

        first.Dispose();

        using var second = DataDirectoryLock.Acquire(_directory.Path);
        Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_directory.Path));
    }

    [Fact]
    public void Acquire_OtherDirectory_IsIndependent()
    {
        using var first = DataDirectoryLock.Acquire(Path.Combine(_directory.Path, "a"));

        using var second = DataDirectoryLock.Acquire(Path.Combine(_directory.Path, "b"));

        Assert.NotSame(first, second);
    }

    [Fact]
    public void Acquire_Held_WritesTheProcessIdIntoTheLockFile()
    {
        using (DataDirectoryLock.Acquire(_directory.Path))
        {
        }

        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(_directory.Path, DataDirectoryLock.FileName)));
    }

    [Fact]
    public void Acquire_PathIsAFile_NamesTheDirectoryAndWhy()
    {
        var file = Path.Combine(_directory.Path, "a-file");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<DataDirectoryUnusableException>(() => DataDirectoryLock.Acquire(file));

        Assert.Equal($"the data directory {file} cannot be used: it is a file, not a directory; choose another with --data-dir "
            + "(Goldstone:DataDir, environment Goldstone__DataDir)", error.Message);
    }

    [Fact]
    public void Acquire_DirectoryThatCannotBeCreated_NamesTheDirectoryAndWhy()
    {
        // Nothing may create a directory in /proc, root included (the tests run as root in CI).
        var error = Assert.Throws<DataDirectoryUnusableException>(() => DataDirectoryLock.Acquire("/proc/goldstone-nope"));

        Assert.StartsWith("the data directory /proc/goldstone-nope cannot be used: it cannot be created (", error.Message);
        Assert.EndsWith("); choose another with --data-dir (Goldstone:DataDir, environment Goldstone__DataDir)", error.Message);
    }

    [Fact]
    public void Acquire_ParentIsAFile_NamesTheDirectoryAndWhy()
    {
        var file = Path.Combine(_directory.Path, "a-file");
        File.WriteAllText(file, "x");
        var below = Path.Combine(file, "data");

        var error = Assert.Throws<DataDirectoryUnusableException>(() => DataDirectoryLock.Acquire(below));

        Assert.StartsWith($"the data directory {below} cannot be used: it cannot be created (", error.Message);
    }
}
