namespace Goldstone.Tests.EndToEnd;

public sealed class DataDirectoryTests
{
    [Theory]
    [InlineData("run", "spec.yaml")]
    [InlineData("silo")]
    public async Task DataDirThatCannotBeCreated_ExitsTwoNamingTheDirectoryAndWhy(params string[] command)
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", "name: d\nkind: synthetic\n");

        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, [.. command, "--data-dir", "/proc/goldstone-nope"]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: the data directory /proc/goldstone-nope cannot be used: it cannot be created (", stderr);
        Assert.EndsWith("); choose another with --data-dir (Goldstone:DataDir, environment Goldstone__DataDir)\n", stderr);
    }

    [Fact]
    public async Task DataDirThatIsAFile_ExitsTwoNamingIt()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", "name: d\nkind: synthetic\n");
        var file = dir.Write("not-a-dir", "x");

        var (code, _, stderr) = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml", "--data-dir", file);

        Assert.Equal(2, code);
        Assert.Equal($"error: the data directory {file} cannot be used: it is a file, not a directory; choose another with --data-dir "
            + "(Goldstone:DataDir, environment Goldstone__DataDir)\n", stderr);
    }
}
