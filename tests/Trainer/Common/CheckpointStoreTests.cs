using System.Text.Json;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Common;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("goldstone-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private TrialRequest Request(bool resume, double x = 1) => new()
    {
        Kind = "synthetic", Seed = 3, Epochs = 5, Threads = 1, CheckpointDir = Path.Combine(_root, "checkpoint"), Resume = resume,
        Params = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(x) },
    };

    [Fact]
    public void Save_ThenLatestOnResume_ReturnsTheLastEpochWithItsFilesAndReportsEachCheckpoint()
    {
        var reporter = new Recorder();
        var store = CheckpointStore.For(Request(resume: true), reporter)!;

        store.Save(1, dir => File.WriteAllText(Path.Combine(dir, "state.txt"), "one"));
        store.Save(2, dir => File.WriteAllText(Path.Combine(dir, "state.txt"), "two"));
        var latest = CheckpointStore.For(Request(resume: true), new Recorder())!.Latest();

        Assert.NotNull(latest);
        Assert.Equal(2, latest.Epoch);
        Assert.Equal("two", File.ReadAllText(Path.Combine(latest.Directory, "state.txt")));
        Assert.Equal([1, 2], reporter.Checkpoints);
        Assert.Equal(["epoch-2"], Directory.GetDirectories(Path.Combine(_root, "checkpoint")).Select(Path.GetFileName));
    }

    [Fact]
    public void Latest_WithoutResumeOrForAnotherTraining_IsNull()
    {
        CheckpointStore.For(Request(resume: true), new Recorder())!.Save(3, _ => { });

        Assert.Null(CheckpointStore.For(Request(resume: false), new Recorder())!.Latest());
        Assert.Null(CheckpointStore.For(Request(resume: true, x: 2), new Recorder())!.Latest());
        Assert.Equal(3, CheckpointStore.For(Request(resume: true), new Recorder())!.Latest()!.Epoch);
    }

    [Fact]
    public void Latest_InterruptedSaveOrDamagedPointer_FallsBackSafely()
    {
        var store = CheckpointStore.For(Request(resume: true), new Recorder())!;
        store.Save(1, _ => { });

        // A save killed half-way leaves a .partial directory and the old pointer.
        Assert.Throws<IOException>(() => store.Save(2, dir => throw new IOException("disk full")));
        Assert.Equal(1, store.Latest()!.Epoch);

        File.WriteAllText(Path.Combine(_root, "checkpoint", "latest.json"), "{ not json");
        Assert.Null(store.Latest());
    }

    [Fact]
    public void For_NoCheckpointDirectory_IsNull()
    {
        Assert.Null(CheckpointStore.For(Request(resume: true) with { CheckpointDir = null }, new Recorder()));
    }

    private sealed class Recorder : ITrialReporter
    {
        public List<int> Checkpoints { get; } = [];

        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
        }

        public void Checkpoint(int epoch) => Checkpoints.Add(epoch);
    }
}
