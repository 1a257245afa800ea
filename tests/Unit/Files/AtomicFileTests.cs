using System.Text;
using Goldstone.Files;

namespace Goldstone.Tests.Unit.Files;

public sealed class AtomicFileTests
{
    [Fact]
    public void WriteAllText_ExistingFile_ReplacesItInUtf8WithoutBomAndLeavesNoTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "holder");
        File.WriteAllText(path, "old content that is longer");

        AtomicFile.WriteAllText(path, "é\n");

        Assert.Equal([0xC3, 0xA9, 0x0A], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public async Task WriteAsync_CallbackThrows_KeepsTheOldFileAndRemovesTheTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "results.jsonl");
        File.WriteAllText(path, "old");

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async stream =>
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("half"));
            throw new InvalidOperationException("cut short");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void Write_TargetIsADirectory_ThrowsAndRemovesTheTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "taken");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, stream => stream.WriteByte(1)));

        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public async Task TextWriter_WritesUtf8WithoutBomAndLeavesTheStreamOpen()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "table.csv");

        await AtomicFile.WriteAsync(path, async stream =>
        {
            await using (var writer = AtomicFile.TextWriter(stream)) await writer.WriteAsync("a,b\n");
            stream.WriteByte((byte)'c');
        });

        Assert.Equal("a,b\nc", File.ReadAllText(path));
        Assert.Equal(5, File.ReadAllBytes(path).Length);
    }
}
