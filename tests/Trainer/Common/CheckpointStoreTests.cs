using System.Text.Json;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Common;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("goldstone-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string CheckpointDir => Path.Combine(_root, "checkpoint");

    private TrialRequest Request(bool resume, double x = 1, int every = 1, int keep = 2) => new()
    {
        Kind = "synthetic", Seed = 3, Epochs = 5, Threads = 1, CheckpointDir = CheckpointDir, Resume = resume,
        CheckpointEvery = every, CheckpointKeep = keep,
        Params = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(x) },
    };

    private string[] EpochDirectories() => Directory.GetDirectories(CheckpointDir).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray();

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
        Assert.Equal(["epoch-1", "epoch-2"], EpochDirectories());
    }

    [Fact]
    public void Save_KeepTwoAfterFiveSaves_LeavesEpochsFourAndFiveAndLatestNamesFive()
    {
        var store = CheckpointStore.For(Request(resume: true, keep: 2), new Recorder())!;

        for (var epoch = 1; epoch <= 5; epoch++)
        {
            var text = $"state after {epoch}";
            Assert.True(store.Save(epoch, dir => File.WriteAllText(Path.Combine(dir, "state.txt"), text)));
        }

        Assert.Equal(["epoch-4", "epoch-5"], EpochDirectories());
        Assert.Equal("state after 4", File.ReadAllText(Path.Combine(CheckpointDir, "epoch-4", "state.txt")));
        using var latest = JsonDocument.Parse(File.ReadAllText(Path.Combine(CheckpointDir, "latest.json")));
        Assert.Equal(5, latest.RootElement.GetProperty("Epoch").GetInt32());
        Assert.Equal("epoch-5", latest.RootElement.GetProperty("Directory").GetString());
        Assert.Equal(Path.Combine(CheckpointDir, "epoch-5"), store.Latest()!.Directory);
    }

    [Fact]
    public void Save_KeepOne_LeavesOnlyTheNewest()
    {
        var store = CheckpointStore.For(Request(resume: true, keep: 1), new Recorder())!;

        store.Save(1, _ => { });
        store.Save(2, _ => { });
        store.Save(3, _ => { });

        Assert.Equal(["epoch-3"], EpochDirectories());
    }

    [Fact]
    public void Save_EveryTwoOverFiveEpochs_WritesEpochsTwoFourAndTheLastOnly()
    {
        // The last epoch is always due: its state spares a retry the whole training when the final metrics are cut short.
        var reporter = new Recorder();
        var store = CheckpointStore.For(Request(resume: true, every: 2, keep: 10), reporter)!;
        var written = new List<int>();

        var saved = Enumerable.Range(1, 5).Select(epoch => store.Save(epoch, _ => written.Add(epoch))).ToArray();

        Assert.Equal([false, true, false, true, true], saved);
        Assert.Equal([2, 4, 5], written);
        Assert.Equal([2, 4, 5], reporter.Checkpoints);
        Assert.Equal(["epoch-2", "epoch-4", "epoch-5"], EpochDirectories());
        Assert.Equal([false, true, false, true, true], Enumerable.Range(1, 5).Select(store.IsDue));
    }

    [Fact]
    public void Save_AfterAStaleLaterEpochOfAnotherTraining_KeepsTheNewSaveAndRemovesTheStaleOne()
    {
        // A fingerprint change starts afresh at epoch 1 beside the old training's epoch-5: the old one must not crowd it out.
        var old = CheckpointStore.For(Request(resume: true, x: 2, keep: 1), new Recorder())!;
        old.Save(5, _ => { });
        var store = CheckpointStore.For(Request(resume: true, keep: 1), new Recorder())!;
        Assert.Null(store.Latest());

        store.Save(1, _ => { });

        Assert.Equal(["epoch-1"], EpochDirectories());
        Assert.Equal(1, store.Latest()!.Epoch);
    }

    [Theory]
    [InlineData(0, 2, "checkpoint_every: 0 is out of range (allowed: an integer >= 1)")]
    [InlineData(1, 0, "checkpoint_keep: 0 is out of range (allowed: an integer >= 1)")]
    public void For_EveryOrKeepBelowOne_IsARequestError(int every, int keep, string expected)
    {
        var error = Assert.Throws<TrialRequestException>(() => CheckpointStore.For(Request(resume: true, every: every, keep: keep), new Recorder()));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void TrialRequest_WithoutCheckpointFields_DefaultsToEveryOneKeepTwo()
    {
        var request = JsonSerializer.Deserialize<TrialRequest>("""{"kind":"synthetic","checkpoint_dir":"c"}""", ProtocolJson.Options)!;
        var given = JsonSerializer.Deserialize<TrialRequest>("""{"kind":"synthetic","checkpoint_every":3,"checkpoint_keep":4}""", ProtocolJson.Options)!;

        Assert.Equal((1, 2), (request.CheckpointEvery, request.CheckpointKeep));
        Assert.Equal((3, 4), (given.CheckpointEvery, given.CheckpointKeep));
    }

    [Fact]
    public void Fingerprint_IgnoresEveryAndKeep()
    {
        // How often a trial checkpoints changes no result, so a checkpoint stays valid when the schedule changes.
        Assert.Equal(CheckpointStore.Fingerprint(Request(resume: true)), CheckpointStore.Fingerprint(Request(resume: true, every: 7, keep: 9)));
    }

    [Fact]
    public void Fingerprint_IgnoresGpus()
    {
        // A checkpoint taken on a GPU silo resumes on the CPU or another GPU: the device is not part of the training.
        Assert.Equal(CheckpointStore.Fingerprint(Request(resume: true)), CheckpointStore.Fingerprint(Request(resume: true) with { Gpus = 1 }));
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
