using Goldstone.Trainer.Common;
using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>
/// Seed 000, "softly induced functional simplicity": an MLP classifies HIGGS-format events with the loss
/// BCE + λ·P, where P penalises the output's change under an exact symmetry of the data (a global azimuthal
/// rotation or a z-flip), as a finite difference or (rotation only) infinitesimally. Reports per epoch loss, bce,
/// penalty and val_auc; at the end auc, train_auc, train_loss, test_loss and the requested toolbox metrics
/// (<see cref="SoftSymmetryMetrics"/>, computed by <see cref="SoftSymmetryReport"/>).
/// </summary>
[TrialKind("soft_symmetry")]
public sealed class SoftSymmetryKind : ITrialKind
{
    private const long ShuffleStream = 3;
    private const long PenaltyStream = 4;
    private const long TwinStream = 13;
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string GeneratorFile = "penalty-generator.bin";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken)
    {
        var options = SoftSymmetryOptions.Parse(new TrialParameters(request.Params));
        var wanted = SoftSymmetryMetrics.Parse(request.Metrics);
        if (request.Epochs < 1) throw new TrialRequestException($"epochs: {request.Epochs} is less than 1");
        if (request.Threads < 1) throw new TrialRequestException($"threads: {request.Threads} is less than 1");
        // The device first: a trainer that cannot give the trial its GPU says so before generating the events.
        var device = TorchRuntime.Initialize(request);
        var data = SoftSymmetryData.Load(options, request.Seed, wanted.NeedsShiftedData, wanted.NeedsTransferData);

        using var trialScope = torch.NewDisposeScope();
        var trainX = data.Train.FeatureTensor(device);
        var trainY = data.Train.LabelTensor(device);
        var testX = data.Test.FeatureTensor(device);
        var testY = data.Test.LabelTensor(device);
        var shiftedTestX = data.ShiftedTest?.FeatureTensor(device);
        var transferX = data.Transfer?.FeatureTensor(device);
        var transferY = data.Transfer?.LabelTensor(device);
        var (mean, std) = Mlp.Standardisation(trainX);
        // Initialised on the CPU from torch's global generator, then moved: the same weights on every device. The
        // optimiser comes after the move, so that its state lives beside the parameters it updates.
        using var model = new Mlp(mean, std, options.Width, options.Depth, options.Activation).to(device);
        TrialDevice.RequirePlaced(device, TrialDevice.Tensors(model,
            ("train_x", trainX), ("train_y", trainY), ("test_x", testX), ("test_y", testY), ("shifted_test_x", shiftedTestX),
            ("transfer_x", transferX), ("transfer_y", transferY)), reporter);
        using var optimizer = OptimizerFactory.Create(options.Optimizer, model.parameters());
        // A CPU generator whatever the device: the penalty's angles are drawn on the CPU and moved, so a run draws the
        // same angles on every device and its checkpointed state is the same bytes.
        using var penaltyGenerator = new Generator(SoftSymmetryReport.DerivedSeed(request.Seed, PenaltyStream));

        // Everything training depends on besides the epoch's shuffle (derived from seed and epoch): the weights, Adam's
        // moments and step count, and the penalty's generator. Restored, a run continues bit for bit. TorchSharp writes
        // tensors from CPU copies and reads them into the tensors they restore, wherever those live, so a checkpoint
        // taken on one device resumes on another.
        var checkpoints = CheckpointStore.For(request, reporter);
        var firstEpoch = 1;
        if (checkpoints?.Latest() is { } latest)
        {
            model.load(Path.Combine(latest.Directory, ModelFile));
            using (var reader = new BinaryReader(File.OpenRead(Path.Combine(latest.Directory, OptimizerFile))))
                optimizer.LoadState(reader);
            using var generatorState = torch.tensor(File.ReadAllBytes(Path.Combine(latest.Directory, GeneratorFile)));
            penaltyGenerator.set_state(generatorState);
            firstEpoch = latest.Epoch + 1;
        }

        var tensors = new SoftSymmetryTensors(trainX, trainY, testX, testY, shiftedTestX, std, transferX, transferY);
        for (var epoch = firstEpoch; epoch <= request.Epochs; epoch++)
        {
            var epochMetrics = TrainEpoch(model, optimizer, penaltyGenerator, trainX, trainY, options, request.Seed, epoch, cancellationToken);
            epochMetrics["val_auc"] = ClassifierEvaluation.Evaluate(model, testX, testY).Auc;
            if (options.EveryEpochs > 0 && epoch % options.EveryEpochs == 0 && wanted.TrackedOverEpochs.Any())
                foreach (var (name, value) in SoftSymmetryReport.TrackedCurvature(model, tensors, options, wanted, request.Seed))
                    epochMetrics[name] = value;
            reporter.Epoch(epoch, epochMetrics, trainX.shape[0]);
            checkpoints?.Save(epoch, directory =>
            {
                model.save(Path.Combine(directory, ModelFile));
                using (var writer = new BinaryWriter(File.Create(Path.Combine(directory, OptimizerFile))))
                    optimizer.SaveState(writer);
                using var generatorState = penaltyGenerator.get_state();
                File.WriteAllBytes(Path.Combine(directory, GeneratorFile), generatorState.data<byte>().ToArray());
            });
        }

        using var twin = wanted.NeedsTwin ? TrainTwin(mean, std, device, tensors, options, request, cancellationToken) : null;
        return SoftSymmetryReport.Compute(model, tensors, options, wanted, request.Seed, reporter, twin, cancellationToken);
    }

    /// <summary>
    /// The second network of lmc_barrier: the trial's setting and data with the initialisation, shuffles and penalty
    /// angles of a seed derived from the trial's, trained for as many epochs; not checkpointed (a resumed attempt trains
    /// it again, to the same bits).
    /// </summary>
    private static Mlp TrainTwin(Tensor mean, Tensor std, Device device, SoftSymmetryTensors data, SoftSymmetryOptions options,
        TrialRequest request, CancellationToken cancellationToken)
    {
        var twinSeed = (long)(SoftSymmetryReport.DerivedSeed(request.Seed, TwinStream) >> 1);
        torch.manual_seed(twinSeed);
        var twin = new Mlp(mean, std, options.Width, options.Depth, options.Activation).to(device);
        using var optimizer = OptimizerFactory.Create(options.Optimizer, twin.parameters());
        using var penaltyGenerator = new Generator(SoftSymmetryReport.DerivedSeed(twinSeed, PenaltyStream));
        for (var epoch = 1; epoch <= request.Epochs; epoch++)
            TrainEpoch(twin, optimizer, penaltyGenerator, data.TrainX, data.TrainY, options, twinSeed, epoch, cancellationToken);
        return twin;
    }

    private static Dictionary<string, double> TrainEpoch(Mlp model, ITrainingStep optimizer, Generator penaltyGenerator,
        Tensor trainX, Tensor trainY, SoftSymmetryOptions options, long seed, int epoch, CancellationToken cancellationToken)
    {
        model.train();
        using var order = torch.tensor(SplitMix64.Derive(seed, ShuffleStream, epoch).Permutation(trainX.shape[0]), device: trainX.device);
        double lossSum = 0, bceSum = 0, penaltySum = 0;
        var batches = 0;
        for (long start = 0; start < order.shape[0]; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(options.BatchSize, order.shape[0] - start));
            var x = trainX.index_select(0, index);
            var y = trainY.index_select(0, index);
            // The step may evaluate the batch several times (sam, rolling_ball); its first pass is the one reported.
            double? bceValue = null, penaltyValue = null;
            var loss = optimizer.Step(() =>
            {
                var logits = model.call(x);
                var bce = nn.functional.binary_cross_entropy_with_logits(logits, y);
                // Measured (without a graph) even when unpenalised, so that λ = 0 runs report how asymmetric they become.
                var penalised = options.Penalty > 0;
                var penalty = SymmetryPenalty.Compute(options.PenaltyVariant, model, x, options.Symmetry, penaltyGenerator, logits, createGraph: penalised);
                bceValue ??= bce.item<float>();
                penaltyValue ??= penalty.item<float>();
                return penalised ? bce + options.Penalty * penalty : bce;
            });
            lossSum += loss;
            bceSum += bceValue!.Value;
            penaltySum += penaltyValue!.Value;
            batches++;
        }
        return new Dictionary<string, double>
        {
            ["loss"] = lossSum / batches,
            ["bce"] = bceSum / batches,
            ["penalty"] = penaltySum / batches,
        };
    }
}
