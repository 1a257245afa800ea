using System.Text;
using Goldstone.Silo.Worker.Checkpoints;

namespace Goldstone.Tests.Unit.Worker;

public sealed class FileCheckpointStoreTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadLogAsync_FromAnOffset_ReturnsTheRestAndEmptyAtTheEnd()
    {
        var store = new FileCheckpointStore(_dir.Path);
        var log = Path.Combine(_dir.Path, "campaigns", "sweep", "trials", "7", "attempt-2.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.WriteAllTextAsync(log, "line 1\nline 2\n");

        var all = await store.ReadLogAsync("sweep", 7, 2, 0, CancellationToken.None);
        var rest = await store.ReadLogAsync("sweep", 7, 2, 7, CancellationToken.None);
        var end = await store.ReadLogAsync("sweep", 7, 2, 14, CancellationToken.None);

        Assert.Equal("line 1\nline 2\n", Encoding.UTF8.GetString(all!));
        Assert.Equal("line 2\n", Encoding.UTF8.GetString(rest!));
        Assert.Empty(end!);
        Assert.True(store.LiveLogs);
    }

    [Fact]
    public async Task ReadLogAsync_WhileTheRunnerWrites_ReadsWhatIsThere()
    {
        var store = new FileCheckpointStore(_dir.Path);
        var log = Path.Combine(_dir.Path, "campaigns", "sweep", "trials", "0", "attempt-1.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await using var writer = new StreamWriter(log) { AutoFlush = true };
        await writer.WriteLineAsync("epoch 1");

        var first = await store.ReadLogAsync("sweep", 0, 1, 0, CancellationToken.None);
        await writer.WriteLineAsync("epoch 2");
        var second = await store.ReadLogAsync("sweep", 0, 1, first!.Length, CancellationToken.None);

        Assert.Equal(("epoch 1\n", "epoch 2\n"), (Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second!)));
    }

    [Fact]
    public async Task ReadLogAsync_NoSuchLog_ReturnsNull()
    {
        var store = new FileCheckpointStore(_dir.Path);

        Assert.Null(await store.ReadLogAsync("sweep", 3, 1, 0, CancellationToken.None));
    }
}
