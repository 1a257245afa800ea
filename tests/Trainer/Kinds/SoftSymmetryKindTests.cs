using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer.Data;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Kinds.SoftSymmetry;
using Goldstone.Trainer.Protocol;
using Goldstone.Tests.Trainer.Native;

namespace Goldstone.Tests.Trainer.Kinds;

public sealed class SoftSymmetryKindTests
{
    private static readonly string[] AllMetrics = ["auc", "shift_auc", "gen_gap", "hessian_top", "robust_noise@0.1", "robust_noise@2"];

    [Fact]
    public void Run_SameSeedTwice_GivesBitIdenticalEpochsAndMetrics()
    {
        var request = TinyRequest(seed: 5, new { penalty = 1.0, width = 8 });

        var (firstEpochs, first) = RunTrial(request);
        var (secondEpochs, second) = RunTrial(request);

        Assert.Equal(first, second);
        Assert.Equal(Flatten(firstEpochs), Flatten(secondEpochs));
    }

    [Fact]
    public void Run_ManyEpochs_KeepsTheLiveTensorCountFlatAndLeavesNoneBehind()
    {
        TorchTestSetup.Ensure();
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var reporter = new RecordingReporter();

        new SoftSymmetryKind().Run(TinyRequest(seed: 5, new { penalty = 1.0 }) with { Epochs = 5 }, reporter, CancellationToken.None);

        Assert.Equal(5, reporter.LiveTensors.Count);
        Assert.All(reporter.LiveTensors, count => Assert.Equal(reporter.LiveTensors[0], count));
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Run_OtherSeed_GivesOtherMetrics()
    {
        var (_, first) = RunTrial(TinyRequest(seed: 5, new { width = 8 }));
        var (_, second) = RunTrial(TinyRequest(seed: 6, new { width = 8 }));

        Assert.NotEqual(first["auc"], second["auc"]);
    }

    [Fact]
    public void Run_TinyTrial_ReportsEveryEpochAndExactlyTheExpectedMetrics()
    {
        var (epochs, metrics) = RunTrial(TinyRequest(seed: 1, new { symmetry = "zflip", penalty = 0.5, activation = "silu" }));

        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal(KindCatalog.SoftSymmetry.EpochMetrics.Order(StringComparer.Ordinal), e.Metrics.Keys.Order(StringComparer.Ordinal)));
        Assert.Equal(
            ["auc", "gen_gap", "hessian_top", "robust_noise@0.1", "robust_noise@2", "shift_auc", "test_loss", "train_auc", "train_loss"],
            metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(metrics["train_auc"] - metrics["auc"], metrics["gen_gap"]);
        Assert.Equal(epochs[^1].Metrics["val_auc"], metrics["auc"]);
        Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Run_NoOptionalMetrics_ReportsTheAlwaysReportedOnes()
    {
        var request = TinyRequest(seed: 1, new { }) with { Metrics = [] };

        var (_, metrics) = RunTrial(request);

        Assert.Equal(["auc", "test_loss", "train_auc", "train_loss"], metrics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_ZeroShift_ShiftAucEqualsAuc()
    {
        var (_, metrics) = RunTrial(TinyRequest(seed: 2, new { shift_scale = 0.0 }));

        Assert.Equal(metrics["auc"], metrics["shift_auc"]);
    }

    [Fact]
    public void Run_StrongPenalty_EndsMoreSymmetricThanNoPenalty()
    {
        var (free, _) = RunTrial(TinyRequest(seed: 3, new { penalty = 0.0, lr = 0.01 }) with { Epochs = 4 });
        var (penalised, _) = RunTrial(TinyRequest(seed: 3, new { penalty = 10.0, lr = 0.01 }) with { Epochs = 4 });

        Assert.True(penalised[^1].Metrics["penalty"] < free[^1].Metrics["penalty"],
            $"penalty with λ=10: {penalised[^1].Metrics["penalty"]}, with λ=0: {free[^1].Metrics["penalty"]}");
    }

    [Fact]
    public void Run_QuickStartShapedTrial_LearnsTheGeneratedClasses()
    {
        var request = new TrialRequest
        {
            Kind = "soft_symmetry", Seed = 1, Epochs = 5, Threads = 1,
            Params = Params(new { lr = 0.01 }), Metrics = ["auc"],
        };

        var (_, metrics) = RunTrial(request);

        Assert.InRange(metrics["auc"], 0.75, 0.9);
    }

    [Fact]
    public void Run_DataPathFile_TrainsOnTheFileEvents()
    {
        using var directory = new TempDirectory();
        var path = directory.File("higgs.csv");
        HiggsCsv.Write(path, HiggsGenerator.Generate(500, 9, 1, DetectorTune.Nominal));

        var other = directory.File("other.csv");
        HiggsCsv.Write(other, HiggsGenerator.Generate(500, 10, 1, DetectorTune.Nominal));

        var (_, fromFile) = RunTrial(TinyRequest(seed: 1, new { data_path = path, train_size = 300, test_size = 200 }));
        var (_, again) = RunTrial(TinyRequest(seed: 1, new { data_path = path, train_size = 300, test_size = 200 }));
        var (_, fromOtherFile) = RunTrial(TinyRequest(seed: 1, new { data_path = other, train_size = 300, test_size = 200 }));
        var (_, generated) = RunTrial(TinyRequest(seed: 1, new { train_size = 300, test_size = 200 }));

        // The events come from the file: the same file trains identically, another file or the generator do not.
        Assert.Equal(fromFile, again);
        Assert.NotEqual(fromFile["train_loss"], fromOtherFile["train_loss"]);
        Assert.NotEqual(fromFile["train_loss"], generated["train_loss"]);
        Assert.InRange(fromFile["auc"], 0.5, 1);
        Assert.InRange(fromFile["shift_auc"], 0, 1);
    }

    [Fact]
    public void Run_DataPathTooShort_ThrowsTrialRequestException()
    {
        using var directory = new TempDirectory();
        var path = directory.File("higgs.csv");
        HiggsCsv.Write(path, HiggsGenerator.Generate(100, 9, 1, DetectorTune.Nominal));

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(TinyRequest(seed: 1, new { data_path = path })));

        Assert.Equal($"params.data_path: {path} has 100 events; train_size + test_size need 500", error.Message);
    }

    [Fact]
    public void Run_DataPathTooShortForTheTransferSet_SaysWhyTheStudentsNeedMoreEvents()
    {
        using var directory = new TempDirectory();
        var path = directory.File("higgs.csv");
        HiggsCsv.Write(path, HiggsGenerator.Generate(600, 9, 1, DetectorTune.Nominal));
        var request = TinyRequest(seed: 1, new { data_path = path, distill_transfer_size = 200 }) with { Metrics = ["distill_control_ratio"] };

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(request));

        Assert.Equal($"params.data_path: {path} has 600 events; train_size + test_size + distill_transfer_size need 700 "
            + "(the distillation students learn from events apart from the teacher's)", error.Message);
    }

    [Fact]
    public void Run_DistillationMetrics_AreDeterministicAndTheGainIsTheirDifference()
    {
        var request = TinyRequest(seed: 6, new { width = 8, distill_epochs = 2, distill_transfer_size = 400 })
            with { Metrics = ["distill_ratio", "distill_control_ratio", "distill_gain"] };

        var (_, first) = RunTrial(request);
        var (_, second) = RunTrial(request);
        var (_, controlOnly) = RunTrial(request with { Metrics = ["distill_control_ratio"] });
        var (_, otherTransfer) = RunTrial(TinyRequest(seed: 6, new { width = 8, distill_epochs = 2, distill_transfer_size = 300 })
            with { Metrics = ["distill_ratio", "distill_control_ratio"] });

        Assert.Equal(first, second);
        Assert.Equal(first["distill_ratio"] - first["distill_control_ratio"], first["distill_gain"]);
        // Each student's value does not depend on whether the other one was trained.
        Assert.Equal(first["distill_control_ratio"], controlOnly["distill_control_ratio"]);
        Assert.NotEqual(first["distill_ratio"], otherTransfer["distill_ratio"]);
        Assert.All(first.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Run_DataPathMalformed_NamesFileAndLine()
    {
        using var directory = new TempDirectory();
        var path = directory.File("higgs.csv");
        File.WriteAllText(path, "1,2,3\n");

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(TinyRequest(seed: 1, new { data_path = path })));

        Assert.Equal($"params.data_path: {path}:1: expected 29 comma-separated values (label + 28 features), found 3", error.Message);
    }

    [Fact]
    public void Run_SymmetryBreakingWithExactLabels_ThrowsNamingTheKeyAndWhatIsAllowed()
    {
        var error = Assert.Throws<TrialRequestException>(() => RunTrial(TinyRequest(seed: 1, new { symmetry_breaking = 0.2 })));

        Assert.Equal("params.symmetry_breaking: 0.2 needs label_symmetry: approximate (allowed with label_symmetry: exact: 0)", error.Message);
    }

    [Fact]
    public void Run_ApproximateLabelsWithDataPath_ThrowsBecauseAFileKeepsItsLabels()
    {
        var request = TinyRequest(seed: 1, new { label_symmetry = "approximate", symmetry_breaking = 0.2, data_path = "higgs.csv" });

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(request));

        Assert.Equal("params.label_symmetry: approximate relabels generated events, and data_path's events keep the file's labels "
            + "(allowed with data_path: exact)", error.Message);
    }

    [Fact]
    public void Run_ApproximateLabels_TrainOnRelabelledEventsDeterministically()
    {
        var approximate = TinyRequest(seed: 2, new { label_symmetry = "approximate", symmetry_breaking = 0.5 });

        var (_, first) = RunTrial(approximate);
        var (_, second) = RunTrial(approximate);
        var (_, exact) = RunTrial(TinyRequest(seed: 2, new { }));
        var (_, zero) = RunTrial(TinyRequest(seed: 2, new { label_symmetry = "approximate", symmetry_breaking = 0.0 }));

        Assert.Equal(first, second);
        Assert.NotEqual(exact["train_loss"], first["train_loss"]);
        // No breaking relabels nothing: the same events, labels and model as exact labels.
        Assert.Equal(exact, zero);
    }

    [Fact]
    public void Run_UnknownParameter_ThrowsTrialRequestExceptionNamingIt()
    {
        var error = Assert.Throws<TrialRequestException>(() => RunTrial(TinyRequest(seed: 1, new { widht = 8 })));

        Assert.StartsWith("params: unknown parameter(s) widht (allowed: activation, batch_size, data_path, depth,", error.Message);
    }

    [Fact]
    public void Run_OutOfRangeParameter_ThrowsTrialRequestException()
    {
        var error = Assert.Throws<TrialRequestException>(() => RunTrial(TinyRequest(seed: 1, new { penalty = -1.0 })));

        Assert.Equal("params.penalty: -1 is outside [0, Infinity]", error.Message);
    }

    [Fact]
    public void Run_UnknownActivation_ThrowsTrialRequestException()
    {
        var error = Assert.Throws<TrialRequestException>(() => RunTrial(TinyRequest(seed: 1, new { activation = "gelu" })));

        Assert.Equal("params.activation: 'gelu' is not allowed (allowed: relu, tanh, silu)", error.Message);
    }

    [Fact]
    public void Run_UnknownMetric_ThrowsTrialRequestExceptionNamingItAndTheAllowedOnes()
    {
        var request = TinyRequest(seed: 1, new { }) with { Metrics = ["auc", "hessian_rank"] };

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(request));

        Assert.Equal(
            "metrics: unknown metric 'hessian_rank' for kind soft_symmetry (allowed: auc, train_auc, train_loss, test_loss, shift_auc, "
            + "shift_gap, gen_gap, gen_gap_loss, symmetry_violation, hessian_top, hessian_trace, hessian_spectrum, soft_modes_exact, "
            + "reduced_hessian_w, reduced_hessian_x, sharpness_ga_w, sharpness_ga_x, distill_ratio, distill_control_ratio, distill_gain, loss_slice, loss_plane, lmc_barrier, "
            + "bkg_rejection@, compress@, quant@, "
            + "robust_fgsm@, robust_noise@, soft_modes@, soft_mode_count@); after @ a number: bkg_rejection@ a signal efficiency in (0, 1), e.g. bkg_rejection@0.85; "
            + "compress@ a sparsity in (0, 1], e.g. compress@0.9; quant@ a whole number of bits from 1 to 16, e.g. quant@8; "
            + "robust_fgsm@ an attack size ε > 0, e.g. robust_fgsm@0.05; robust_noise@ a noise level σ > 0, e.g. robust_noise@0.1; "
            + "soft_modes@ a fraction r of |λ_max| in (0, 1), e.g. soft_modes@0.01; soft_mode_count@ a fraction r of |λ_max| in (0, 1), e.g. soft_mode_count@0.01",
            error.Message);
    }

    [Theory]
    [InlineData("robust_noise@")]
    [InlineData("robust_noise@abc")]
    [InlineData("robust_noise@0")]
    [InlineData("robust_noise@-0.1")]
    [InlineData("bkg_rejection@1")]
    [InlineData("compress@1.5")]
    [InlineData("quant@2.5")]
    [InlineData("quant@0")]
    [InlineData("robust_fgsm@0")]
    public void Run_MalformedParametricMetric_ThrowsTrialRequestException(string name)
    {
        var request = TinyRequest(seed: 1, new { }) with { Metrics = [name] };

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(request));

        Assert.StartsWith($"metrics: '{name}' has a malformed value '{name[(name.IndexOf('@') + 1)..]}' (expected ", error.Message);
    }

    [Fact]
    public void Run_InfinitesimalPenaltyWithZFlip_ThrowsTrialRequestExceptionExplainingWhy()
    {
        var request = TinyRequest(seed: 1, new { penalty_variant = "infinitesimal", symmetry = "zflip", penalty = 1.0 });

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(request));

        Assert.Equal(
            "params.penalty_variant: infinitesimal needs a continuous symmetry, and zflip (η → −η) is discrete: it has no generator "
            + "(allowed: penalty_variant: finite with symmetry: zflip, or symmetry: rotation)", error.Message);
    }

    [Fact]
    public void Run_StrongInfinitesimalPenalty_EndsMoreSymmetricThanNoPenalty()
    {
        var (free, freeMetrics) = RunTrial(TinyRequest(seed: 3, new { penalty = 0.0, lr = 0.01, penalty_variant = "infinitesimal" }) with
        {
            Epochs = 4, Metrics = ["symmetry_violation"],
        });
        var (penalised, penalisedMetrics) = RunTrial(TinyRequest(seed: 3, new { penalty = 10.0, lr = 0.01, penalty_variant = "infinitesimal" }) with
        {
            Epochs = 4, Metrics = ["symmetry_violation"],
        });

        Assert.True(penalised[^1].Metrics["penalty"] < free[^1].Metrics["penalty"] / 2,
            $"infinitesimal penalty with λ=10: {penalised[^1].Metrics["penalty"]}, with λ=0: {free[^1].Metrics["penalty"]}");
        Assert.True(penalisedMetrics["symmetry_violation"] < freeMetrics["symmetry_violation"],
            $"test-set violation with λ=10: {penalisedMetrics["symmetry_violation"]}, with λ=0: {freeMetrics["symmetry_violation"]}");
    }

    [Fact]
    public void Run_ZeroPenalty_GivesTheSameModelForBothVariants()
    {
        var (_, finite) = RunTrial(TinyRequest(seed: 4, new { penalty_variant = "finite" }));
        var (_, infinitesimal) = RunTrial(TinyRequest(seed: 4, new { penalty_variant = "infinitesimal" }));

        Assert.Equal(finite, infinitesimal);
    }

    [Fact]
    public void Run_EveryToolboxMetric_ReportsExactlyTheRequestedOnesFiniteAndBitIdenticalTwice()
    {
        string[] requested =
        [
            "shift_auc", "shift_gap", "gen_gap", "gen_gap_loss", "symmetry_violation", "hessian_top", "hessian_trace",
            "hessian_spectrum", "soft_modes@0.01", "soft_mode_count@0.01", "soft_modes_exact", "reduced_hessian_w", "reduced_hessian_x", "sharpness_ga_w", "sharpness_ga_x",
            "distill_ratio", "distill_control_ratio", "distill_gain", "bkg_rejection@0.85", "bkg_rejection@0.5", "compress@0.9", "quant@4", "robust_fgsm@0.05", "robust_noise@0.1",
        ];
        var request = TinyRequest(seed: 8, new { width = 8, penalty = 0.5, penalty_variant = "infinitesimal", distill_epochs = 2, lanczos_steps = 20, trace_samples = 5 })
            with { Metrics = [.. requested] };

        var (_, first) = RunTrial(request);
        var (_, second) = RunTrial(request);

        Assert.Equal(requested.Concat(SoftSymmetryMetrics.AlwaysReported).Order(StringComparer.Ordinal), first.Keys.Order(StringComparer.Ordinal));
        Assert.All(first, metric => Assert.True(double.IsFinite(metric.Value), $"{metric.Key} = {metric.Value}"));
        Assert.Equal(first, second);
        Assert.Equal(first["auc"] - first["shift_auc"], first["shift_gap"]);
        Assert.Equal(first["test_loss"] - first["train_loss"], first["gen_gap_loss"]);
        Assert.Equal(first["distill_ratio"] - first["distill_control_ratio"], first["distill_gain"]);
        Assert.NotEqual(first["distill_ratio"], first["distill_control_ratio"]);
        // width 8 on 28 features, depth 2: 28·8+8 + 8·8+8 + 8+1 = 313 parameters, under the exact limit.
        Assert.Equal(1, first["soft_modes_exact"]);
        Assert.Equal(Math.Round(first["soft_mode_count@0.01"]), first["soft_mode_count@0.01"]);
        Assert.Equal(first["soft_mode_count@0.01"] / 313, first["soft_modes@0.01"], 1e-12);
        Assert.InRange(first["hessian_spectrum"], 0, 1);
        Assert.True(first["hessian_trace"] > 0 && first["hessian_top"] > 0 && first["reduced_hessian_w"] > 0);
        Assert.True(first["robust_fgsm@0.05"] < first["auc"], $"FGSM AUC {first["robust_fgsm@0.05"]} against clean {first["auc"]}");
    }

    [Fact]
    public void Run_SpectrumAboveTheExactLimit_IsTheQuadratureAndAgreesWithTheExactSpectrum()
    {
        string[] requested = ["soft_modes@0.01", "soft_mode_count@0.01", "soft_modes_exact"];
        var exact = TinyRequest(seed: 8, new { width = 8 }) with { Metrics = [.. requested] };
        var quadrature = TinyRequest(seed: 8, new { width = 8, exact_spectrum_max_params = 0, slq_probes = 4, lanczos_steps = 60 }) with { Metrics = [.. requested] };

        var (_, fromExact) = RunTrial(exact);
        var (_, fromQuadrature) = RunTrial(quadrature);

        Assert.Equal((1.0, 0.0), (fromExact["soft_modes_exact"], fromQuadrature["soft_modes_exact"]));
        Assert.Equal(fromQuadrature["soft_modes@0.01"] * 313, fromQuadrature["soft_mode_count@0.01"], 1e-9);
        // A trained ReLU network's Hessian is mostly soft; the quadrature's share lands near the exact count's.
        Assert.InRange(fromQuadrature["soft_modes@0.01"], fromExact["soft_modes@0.01"] - 0.1, fromExact["soft_modes@0.01"] + 0.1);
    }

    [Fact]
    public void Run_CancelledBeforeTraining_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new SoftSymmetryKind().Run(TinyRequest(seed: 1, new { }), new RecordingReporter(), cancellation.Token));
    }

    [Fact]
    public void Create_SoftSymmetry_IsRegistered()
    {
        Assert.Contains("soft_symmetry", TrialKinds.Names);
        Assert.IsType<SoftSymmetryKind>(TrialKinds.Create("soft_symmetry"));
    }

    [Fact]
    public void Parse_Defaults_MatchTheDocumentedValues()
    {
        var options = SoftSymmetryOptions.Parse(new TrialParameters(new Dictionary<string, JsonElement>()));

        Assert.Equal(new SoftSymmetryOptions
        {
            Width = 32, Depth = 2, Activation = Goldstone.Trainer.Models.Activation.Relu, Penalty = 0, Symmetry = HiggsSymmetry.Rotation,
            PenaltyVariant = PenaltyVariant.Finite, LabelSymmetry = LabelSymmetry.Exact, SymmetryBreaking = 0, BatchSize = 256, TrainSize = 4000, TestSize = 4000,
            ShiftScale = 0.05, DataPath = "", HessianIterations = 20, HessianBatch = 1024, TraceSamples = 50, LanczosSteps = 80,
            SoftModeThreshold = 1e-2, InputHessianFeatures = 28, SharpnessSteps = 15, SharpnessStep = 0.01, DistillWidth = 8,
            DistillDepth = 1, DistillTransferSize = 4000, DistillEpochs = 5, DistillBeta = 0.5, DistillTemperature = 2,
        }, options);
        Assert.Equal((Goldstone.Trainer.Optimizers.OptimizerKind.Adam, 0.001), (options.Optimizer.Optimizer, options.LearningRate));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("sam")]
    [InlineData("rolling_ball")]
    public void Run_AnyOptimizer_TrainsDeterministically(string optimizer)
    {
        var request = TinyRequest(seed: 4, new { penalty = 1.0, width = 8, optimizer, lr = 0.01 });

        var (_, first) = RunTrial(request);
        var (_, second) = RunTrial(request);
        var (_, adam) = RunTrial(TinyRequest(seed: 4, new { penalty = 1.0, width = 8, lr = 0.01 }));

        Assert.Equal(first, second);
        Assert.NotEqual(adam["auc"], first["auc"]);
    }

    [Theory]
    [InlineData("finite")]
    [InlineData("infinitesimal")]
    public void Run_ResumedFromAMidTrainingCheckpoint_EndsWithTheUninterruptedMetrics(string variant)
    {
        var checkpointDir = Directory.CreateTempSubdirectory("goldstone-soft-checkpoint-").FullName;
        try
        {
            var request = TinyRequest(seed: 9, new { penalty = 1.0, width = 8, penalty_variant = variant }) with { Epochs = 4 };
            var (straightEpochs, straight) = RunTrial(request);

            // The first attempt dies right after its epoch-2 checkpoint is complete, as a killed process would.
            var dying = new RecordingReporter { StopAfterCheckpoint = 2 };
            var resumable = request with { CheckpointDir = checkpointDir, Resume = true };
            Assert.Throws<AttemptKilled>(() => new SoftSymmetryKind().Run(resumable, dying, CancellationToken.None));
            var resumedReporter = new RecordingReporter();
            var resumed = new SoftSymmetryKind().Run(resumable, resumedReporter, CancellationToken.None);

            Assert.Equal([1, 2], dying.Epochs.Select(e => e.Epoch));
            Assert.Equal([3, 4], resumedReporter.Epochs.Select(e => e.Epoch));
            Assert.Equal([3, 4], resumedReporter.Checkpoints);
            Assert.Equal(Flatten(straightEpochs), Flatten([.. dying.Epochs, .. resumedReporter.Epochs]));
            Assert.Equal(straight, resumed);
        }
        finally
        {
            Directory.Delete(checkpointDir, recursive: true);
        }
    }

    internal static Dictionary<string, JsonElement> Params(object values) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(values))!;

    private static TrialRequest TinyRequest(long seed, object parameters)
    {
        var values = Params(parameters);
        values.TryAdd("train_size", JsonSerializer.SerializeToElement(300));
        values.TryAdd("test_size", JsonSerializer.SerializeToElement(200));
        values.TryAdd("batch_size", JsonSerializer.SerializeToElement(64));
        values.TryAdd("hessian_batch", JsonSerializer.SerializeToElement(128));
        values.TryAdd("hessian_iterations", JsonSerializer.SerializeToElement(5));
        return new TrialRequest { Kind = "soft_symmetry", Seed = seed, Epochs = 2, Threads = 1, Params = values, Metrics = [.. AllMetrics] };
    }

    private static (List<(int Epoch, IReadOnlyDictionary<string, double> Metrics)> Epochs, IReadOnlyDictionary<string, double> Metrics) RunTrial(TrialRequest request)
    {
        var reporter = new RecordingReporter();
        var metrics = new SoftSymmetryKind().Run(request, reporter, CancellationToken.None);
        return (reporter.Epochs, metrics);
    }

    private static List<string> Flatten(List<(int Epoch, IReadOnlyDictionary<string, double> Metrics)> epochs) =>
        epochs.SelectMany(e => e.Metrics.Select(m => $"{e.Epoch}/{m.Key}={BitConverter.DoubleToInt64Bits(m.Value):X16}")).ToList();

    private sealed class RecordingReporter : ITrialReporter
    {
        public List<(int Epoch, IReadOnlyDictionary<string, double> Metrics)> Epochs { get; } = [];

        /// <summary>Tensors alive on this thread at each epoch report: a leak inside the trial shows as growth.</summary>
        public List<long> LiveTensors { get; } = [];

        public List<int> Checkpoints { get; } = [];

        /// <summary>Throws <see cref="AttemptKilled"/> once the checkpoint of this epoch is on disk.</summary>
        public int StopAfterCheckpoint { get; init; }

        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            Epochs.Add((epoch, metrics));
            LiveTensors.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        public void Checkpoint(int epoch)
        {
            Checkpoints.Add(epoch);
            if (epoch == StopAfterCheckpoint) throw new AttemptKilled();
        }
    }

    private sealed class AttemptKilled : Exception;
}
