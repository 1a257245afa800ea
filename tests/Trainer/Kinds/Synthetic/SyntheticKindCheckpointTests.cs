using System.Text.Json;
using Goldstone.Trainer.Kinds.Synthetic;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Kinds.Synthetic;

public sealed class SyntheticKindCheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("goldstone-synthetic-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private TrialRequest Request(int every) => new()
    {
        Kind = "synthetic", Seed = 5, Epochs = 5, CheckpointDir = Path.Combine(_root, "checkpoint"), CheckpointEvery = every, CheckpointKeep = 10,
        Params = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(0.25) },
    };

    [Fact]
    public void Run_EveryTwoOverFiveEpochs_ChecksPointsTwoAndFourAndNotTheLast()
    {
        // synthetic's final metrics are free to recompute, so it skips the last epoch's checkpoint the store would take.
        var reporter = new Recorder();

        new SyntheticKind().Run(Request(every: 2), reporter, CancellationToken.None);

        Assert.Equal([2, 4], reporter.Checkpoints);
        Assert.Equal(["epoch-2", "epoch-4"], Directory.GetDirectories(Path.Combine(_root, "checkpoint")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_EveryTwoKilledAtEpochThree_ResumesAfterTwoWithTheUninterruptedMetrics()
    {
        var uninterrupted = new SyntheticKind().Run(Request(every: 2) with { CheckpointDir = null }, new Recorder(), CancellationToken.None);
        var killed = new Recorder(killAtEpoch: 3);
        Assert.Throws<KilledAtEpoch>(() => new SyntheticKind().Run(Request(every: 2), killed, CancellationToken.None));

        var resumed = new Recorder();
        var metrics = new SyntheticKind().Run(Request(every: 2) with { Resume = true }, resumed, CancellationToken.None);

        Assert.Equal([2], killed.Checkpoints);
        Assert.Equal([3, 4, 5], resumed.Epochs);
        Assert.Equal(uninterrupted, metrics);
    }

    private sealed class Recorder(int killAtEpoch = 0) : ITrialReporter
    {
        public List<int> Epochs { get; } = [];

        public List<int> Checkpoints { get; } = [];

        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            Epochs.Add(epoch);
            if (epoch == killAtEpoch) throw new KilledAtEpoch();
        }

        public void Checkpoint(int epoch) => Checkpoints.Add(epoch);
    }

    private sealed class KilledAtEpoch : Exception;
}
