using System.Text.Json;
using System.Text.RegularExpressions;
using Goldstone.Grains.Specs;
using Goldstone.Schema;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Kinds.Adversarial;
using Goldstone.Trainer.Kinds.Adversarial.Data;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial;

public sealed partial class AdversarialKindTests
{
    private static readonly string[] TimingMetrics = ["time_per_epoch", "epoch_seconds"];

    public static TheoryData<string> AttackNames => new(["none", "sam", "ssam_d", "fgsm", "pgd"]);

    [GeneratedRegex(@"\(allowed: (?<names>[^)]*)\)")]
    private static partial Regex AllowedList();

    [Theory]
    [MemberData(nameof(AttackNames))]
    public void Run_SameSeedTwice_GivesBitIdenticalEpochsAndMetrics(string attack)
    {
        var request = TinyRequest(attack, epochs: 6);

        var (firstEpochs, first) = RunTrial(request);
        var (secondEpochs, second) = RunTrial(request);

        Assert.Equal(WithoutTiming(first), WithoutTiming(second));
        Assert.Equal(Flatten(firstEpochs), Flatten(secondEpochs));
    }

    [Theory]
    [MemberData(nameof(AttackNames))]
    public void Run_ResumedAfterEpochFiveOfSeven_EndsBitIdenticalToAStraightRun(string attack)
    {
        var straightDirectory = TemporaryDirectory();
        var resumedDirectory = TemporaryDirectory();
        try
        {
            var (straightEpochs, straight) = RunTrial(TinyRequest(attack, epochs: 7) with { CheckpointDir = straightDirectory });

            // The first attempt dies after epoch 5's checkpoint (feature attacks start at 6, the warm-up ends in epoch 2,
            // the mask updates in epochs 1, 3, 5 and 7); the second is a fresh kind, model and optimiser.
            var interrupted = TinyRequest(attack, epochs: 7) with { CheckpointDir = resumedDirectory };
            using var cancellation = new CancellationTokenSource();
            var stopper = new RecordingReporter(afterEpoch: (epoch, _) => { if (epoch == 5) cancellation.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => new AdversarialKind().Run(interrupted, stopper, cancellation.Token));
            var resumedReporter = new RecordingReporter();
            var resumed = new AdversarialKind().Run(interrupted with { Resume = true }, resumedReporter, CancellationToken.None);

            Assert.Equal([1, 2, 3, 4, 5], stopper.Epochs.Select(e => e.Epoch));
            Assert.Equal([6, 7], resumedReporter.Epochs.Select(e => e.Epoch));
            Assert.Equal(WithoutTiming(straight), WithoutTiming(resumed));
            Assert.Equal(Flatten(straightEpochs), Flatten([.. stopper.Epochs, .. resumedReporter.Epochs]));
        }
        finally
        {
            Directory.Delete(straightDirectory, recursive: true);
            Directory.Delete(resumedDirectory, recursive: true);
        }
    }

    [Fact]
    public void Run_OtherSeed_GivesOtherMetrics()
    {
        var (_, first) = RunTrial(TinyRequest("none", epochs: 2));
        var (_, second) = RunTrial(TinyRequest("none", epochs: 2) with { Seed = 4 });

        Assert.NotEqual(first["auc"], second["auc"]);
    }

    [Fact]
    public void Run_TinyTrial_ReportsEveryEpochAndTheRequestedMetrics()
    {
        var (epochs, metrics) = RunTrial(TinyRequest("pgd", epochs: 2));

        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal(KindCatalog.Adversarial.EpochMetrics.Order(StringComparer.Ordinal), e.Metrics.Keys.Order(StringComparer.Ordinal)));
        Assert.Equal(["auc", "bkg_rejection@0.85", "shift_auc", "shift_bkg_rejection@0.85", "test_loss", "time_per_epoch"],
            metrics.Keys.Order(StringComparer.Ordinal));
        Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Run_NoOptionalMetrics_ReportsOnlyTheAlwaysReportedOnes()
    {
        var (_, metrics) = RunTrial(TinyRequest("none", epochs: 1) with { Metrics = [] });

        Assert.Equal(["auc", "test_loss", "time_per_epoch"], metrics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_EveryCatalogMetric_IsReportedAndFinite()
    {
        string[] metrics = [.. KindCatalog.Adversarial.Metrics, "bkg_rejection@0.5", "shift_bkg_rejection@0.3", "robust_fgsm@0.01"];

        var (_, result) = RunTrial(TinyRequest("ssam_d", epochs: 1) with { Metrics = [.. metrics] });

        Assert.Equal(metrics.Order(StringComparer.Ordinal), result.Keys.Order(StringComparer.Ordinal));
        Assert.All(result, entry => Assert.True(double.IsFinite(entry.Value), $"{entry.Key} = {entry.Value}"));
    }

    [Fact]
    public void Run_JetsFromFiles_GiveTheMetricsOfTheSameJetsGenerated()
    {
        var directory = TemporaryDirectory();
        try
        {
            // The generator's sets in the order the kind reads a file: train, validation, test; the shifted test apart.
            var dataPath = Path.Combine(directory, "jets.csv");
            var shiftPath = Path.Combine(directory, "shifted.csv");
            JetCsv.Write(dataPath, Concatenate(
                JetGenerator.Generate(256, 3, AdversarialData.TrainStream, JetTune.Nominal),
                JetGenerator.Generate(64, 3, AdversarialData.ValidationStream, JetTune.Nominal),
                JetGenerator.Generate(128, 3, AdversarialData.TestStream, JetTune.Nominal)));
            JetCsv.Write(shiftPath, JetGenerator.Generate(128, 3, AdversarialData.TestStream, JetTune.Shifted));
            var generated = TinyRequest("fgsm", epochs: 4);
            var fromFiles = generated with { Params = new(generated.Params) { ["data_path"] = Json(dataPath), ["shift_data_path"] = Json(shiftPath) } };

            var (_, expected) = RunTrial(generated);
            var (_, actual) = RunTrial(fromFiles);

            Assert.Equal(WithoutTiming(expected), WithoutTiming(actual));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_DataPathWithoutShiftFileButShiftMetrics_ThrowsNamingShiftDataPath()
    {
        var directory = TemporaryDirectory();
        try
        {
            var dataPath = Path.Combine(directory, "jets.csv");
            JetCsv.Write(dataPath, JetGenerator.Generate(448, 3, 1, JetTune.Nominal));
            var request = TinyRequest("none", epochs: 1);
            request = request with { Params = new(request.Params) { ["data_path"] = Json(dataPath) } };

            var error = Assert.Throws<TrialRequestException>(() => new AdversarialKind().Run(request, new RecordingReporter(), CancellationToken.None));

            Assert.StartsWith("params.shift_data_path: the shift metrics", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_DataPathTooShort_ThrowsNamingTheCountNeeded()
    {
        var directory = TemporaryDirectory();
        try
        {
            var dataPath = Path.Combine(directory, "jets.csv");
            JetCsv.Write(dataPath, JetGenerator.Generate(100, 3, 1, JetTune.Nominal));
            var request = TinyRequest("none", epochs: 1) with { Metrics = [] };
            request = request with { Params = new(request.Params) { ["data_path"] = Json(dataPath) } };

            var error = Assert.Throws<TrialRequestException>(() => new AdversarialKind().Run(request, new RecordingReporter(), CancellationToken.None));

            Assert.Equal($"params.data_path: {dataPath} has 100 jets; the trial needs 448 (allowed: a file with at least that many, or smaller sizes)", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_UnknownMetric_TrainerAllowsExactlyTheCatalogMetrics()
    {
        var request = TinyRequest("none", epochs: 1) with { Metrics = ["zz_not_a_metric"] };

        var error = Assert.Throws<TrialRequestException>(() => new AdversarialKind().Run(request, new RecordingReporter(), CancellationToken.None));

        var allowed = AllowedList().Match(error.Message).Groups["names"].Value.Split(", ").Order(StringComparer.Ordinal);
        var catalog = KindCatalog.Adversarial.Metrics.Concat(KindCatalog.Adversarial.ParametricMetrics.Select(p => p + "@")).Order(StringComparer.Ordinal);
        Assert.Equal(catalog, allowed);
    }

    [Fact]
    public void Run_UnknownAttack_ThrowsNamingTheAllowedAttacks()
    {
        var request = TinyRequest("none", epochs: 1) with { Params = Params(new { attack = "cw" }) };

        var error = Assert.Throws<TrialRequestException>(() => TrialKinds.Create("adversarial").Run(request, new RecordingReporter(), CancellationToken.None));

        Assert.Equal("params.attack: 'cw' is not allowed (allowed: none, sam, ssam_d, fgsm, pgd, none_attack_lr)", error.Message);
    }

    [Fact]
    public void Run_SamOptimizerWithSamAttack_ThrowsNamingTheAllowedCombinations()
    {
        var request = TinyRequest("none", epochs: 1) with { Params = Params(new { attack = "ssam_d", optimizer = "sam" }) };

        var error = Assert.Throws<TrialRequestException>(() => new AdversarialKind().Run(request, new RecordingReporter(), CancellationToken.None));

        Assert.StartsWith("params.optimizer: sam cannot carry the ssam_d attack", error.Message);
        Assert.Contains("(allowed: ", error.Message);
    }

    [Theory]
    [InlineData("128,,32")]
    [InlineData("0")]
    [InlineData("1,2,3,4,5,6,7,8,9")]
    [InlineData("wide")]
    public void Run_MalformedWidths_ThrowsNamingTheParameter(string widths)
    {
        var request = TinyRequest("none", epochs: 1) with { Params = Params(new { widths }) };

        var error = Assert.Throws<TrialRequestException>(() => new AdversarialKind().Run(request, new RecordingReporter(), CancellationToken.None));

        Assert.StartsWith($"params.widths: '{widths}'", error.Message);
    }

    [Theory]
    [InlineData("pgd")]
    [InlineData("ssam_d")]
    public void Run_ManyEpochs_KeepsTheLiveTensorCountFlatAndLeavesNoneBehind(string attack)
    {
        TorchTestSetup.Ensure();
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var reporter = new RecordingReporter();

        new AdversarialKind().Run(TinyRequest(attack, epochs: 6), reporter, CancellationToken.None);

        Assert.Equal(6, reporter.LiveTensors.Count);
        Assert.All(reporter.LiveTensors, count => Assert.Equal(reporter.LiveTensors[0], count));
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>A trial of seconds: small sets and layers, the feature attacks active from epoch 6 (fraction ramp), the
    /// SSAM-D mask updated every other epoch and a warm-up of 10 of the 8 steps an epoch.</summary>
    private static TrialRequest TinyRequest(string attack, int epochs) => new()
    {
        Kind = "adversarial", Seed = 3, Epochs = epochs, Threads = 1,
        Metrics = ["auc", "shift_auc", "bkg_rejection@0.85", "shift_bkg_rejection@0.85"],
        Params = Params(new
        {
            attack, widths = "16,8", train_size = 256, val_size = 64, test_size = 128, batch_size = 32, mask_interval = 2,
            metric_batches = 2, metric_batch_size = 16, input_hessian_features = 15, sharpness_steps = 2, pgd_steps = 2, lr = 0.001,
            warmup_steps = 10,
        }),
    };

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private static JetSet Concatenate(params JetSet[] sets) => new(
        sets.SelectMany(s => s.Features.ToArray()).ToArray(),
        sets.SelectMany(s => s.Labels.ToArray()).ToArray(),
        sets.SelectMany(s => s.GeneratedMultiplicity.ToArray()).ToArray());

    private static Dictionary<string, JsonElement> Params(object values) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(values))!;

    private static (List<(int Epoch, IReadOnlyDictionary<string, double> Metrics)> Epochs, IReadOnlyDictionary<string, double> Metrics) RunTrial(
        TrialRequest request)
    {
        var reporter = new RecordingReporter();
        var metrics = new AdversarialKind().Run(request, reporter, CancellationToken.None);
        return (reporter.Epochs, metrics);
    }

    private static Dictionary<string, double> WithoutTiming(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Where(m => !TimingMetrics.Contains(m.Key)).ToDictionary();

    private static List<string> Flatten(IEnumerable<(int Epoch, IReadOnlyDictionary<string, double> Metrics)> epochs) =>
        epochs.SelectMany(e => e.Metrics.Where(m => !TimingMetrics.Contains(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{e.Epoch}:{m.Key}={m.Value:R}")).ToList();

    private static string TemporaryDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adversarial-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private sealed class RecordingReporter(Action<int, IReadOnlyDictionary<string, double>>? afterEpoch = null) : ITrialReporter
    {
        public List<(int Epoch, IReadOnlyDictionary<string, double> Metrics)> Epochs { get; } = [];

        /// <summary>Tensors alive on this thread at each epoch report: a leak inside the trial shows as growth.</summary>
        public List<long> LiveTensors { get; } = [];

        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            Epochs.Add((epoch, metrics));
            LiveTensors.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            afterEpoch?.Invoke(epoch, metrics);
        }
    }
}
