using Goldstone.Trainer.Common;
using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>
/// Seed 000, "softly induced functional simplicity": an MLP classifies HIGGS-format events with the loss
/// BCE + λ·P, where P penalises the output's change under an exact symmetry of the data (a global azimuthal
/// rotation or a z-flip). Reports per epoch loss, bce, penalty and val_auc; at the end auc, train_auc,
/// train_loss, test_loss and the requested shift_auc, gen_gap, hessian_top and robust_noise@σ.
/// </summary>
[TrialKind("soft_symmetry")]
public sealed class SoftSymmetryKind : ITrialKind
{
    private const long ShuffleStream = 3;
    private const long PenaltyStream = 4;
    private const long HessianStream = 5;
    private const long NoiseStream = 6;
    private const double HessianTolerance = 1e-3;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken)
    {
        var options = SoftSymmetryOptions.Parse(new TrialParameters(request.Params));
        var wanted = SoftSymmetryMetrics.Parse(request.Metrics);
        if (request.Epochs < 1) throw new TrialRequestException($"epochs: {request.Epochs} is less than 1");
        if (request.Threads < 1) throw new TrialRequestException($"threads: {request.Threads} is less than 1");
        var data = SoftSymmetryData.Load(options, request.Seed, wanted.ShiftAuc);

        TorchRuntime.Initialize(request.Seed, request.Threads);
        using var trialScope = torch.NewDisposeScope();
        var trainX = data.Train.FeatureTensor();
        var trainY = data.Train.LabelTensor();
        var testX = data.Test.FeatureTensor();
        var testY = data.Test.LabelTensor();
        var (mean, std) = Mlp.Standardisation(trainX);
        using var model = new Mlp(mean, std, options.Width, options.Depth, options.Activation);
        using var optimizer = torch.optim.Adam(model.parameters(), options.LearningRate);
        using var penaltyGenerator = new Generator(DerivedSeed(request.Seed, PenaltyStream));

        for (var epoch = 1; epoch <= request.Epochs; epoch++)
        {
            var epochMetrics = TrainEpoch(model, optimizer, penaltyGenerator, trainX, trainY, options, request.Seed, epoch, cancellationToken);
            epochMetrics["val_auc"] = Evaluate(model, testX, testY).Auc;
            reporter.Epoch(epoch, epochMetrics);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var train = Evaluate(model, trainX, trainY);
        var test = Evaluate(model, testX, testY);
        var result = new Dictionary<string, double>
        {
            ["auc"] = test.Auc,
            ["train_auc"] = train.Auc,
            ["train_loss"] = train.Loss,
            ["test_loss"] = test.Loss,
        };
        if (wanted.ShiftAuc) result["shift_auc"] = Evaluate(model, data.ShiftedTest!.FeatureTensor(), testY).Auc;
        if (wanted.GenGap) result["gen_gap"] = train.Auc - test.Auc;
        if (wanted.HessianTop) result["hessian_top"] = HessianTop(model, trainX, trainY, options, request.Seed);
        foreach (var (name, sigma) in wanted.NoiseLevels)
        {
            using var noise = new Generator(DerivedSeed(request.Seed, NoiseStream, BitConverter.DoubleToInt64Bits(sigma)));
            using var scope = torch.NewDisposeScope();
            var noisy = testX + sigma * std * torch.randn(testX.shape, generator: noise);
            result[name] = Evaluate(model, noisy, testY).Auc;
        }
        return result;
    }

    private static Dictionary<string, double> TrainEpoch(Mlp model, optim.Optimizer optimizer, Generator penaltyGenerator,
        Tensor trainX, Tensor trainY, SoftSymmetryOptions options, long seed, int epoch, CancellationToken cancellationToken)
    {
        model.train();
        using var order = torch.tensor(Shuffle((int)trainX.shape[0], SplitMix64.Derive(seed, ShuffleStream, epoch)));
        double lossSum = 0, bceSum = 0, penaltySum = 0;
        var batches = 0;
        for (long start = 0; start < order.shape[0]; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(options.BatchSize, order.shape[0] - start));
            var x = trainX.index_select(0, index);
            var y = trainY.index_select(0, index);
            optimizer.zero_grad();
            var logits = model.call(x);
            var bce = nn.functional.binary_cross_entropy_with_logits(logits, y);
            Tensor penalty, loss;
            if (options.Penalty > 0)
            {
                penalty = SymmetryPenalty.Compute(model, x, options.Symmetry, penaltyGenerator, logits);
                loss = bce + options.Penalty * penalty;
            }
            else
            {
                // Measured without a graph even when unpenalised, so that λ = 0 runs report how asymmetric they become.
                using (torch.no_grad()) penalty = SymmetryPenalty.Compute(model, x, options.Symmetry, penaltyGenerator, logits.detach());
                loss = bce;
            }
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>();
            bceSum += bce.item<float>();
            penaltySum += penalty.item<float>();
            batches++;
        }
        return new Dictionary<string, double>
        {
            ["loss"] = lossSum / batches,
            ["bce"] = bceSum / batches,
            ["penalty"] = penaltySum / batches,
        };
    }

    /// <summary>Mean BCE and AUC of the model on a whole set, in chunks, without a graph; AUC is taken on logits,
    /// which saturate later than probabilities and so tie less.</summary>
    private static (double Loss, double Auc) Evaluate(Mlp model, Tensor x, Tensor y)
    {
        const int chunk = 65_536;
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var rows = x.shape[0];
        var logits = new float[rows];
        double lossSum = 0;
        for (long start = 0; start < rows; start += chunk)
        {
            var length = Math.Min(chunk, rows - start);
            var part = model.call(x.narrow(0, start, length));
            lossSum += nn.functional.binary_cross_entropy_with_logits(part, y.narrow(0, start, length), reduction: nn.Reduction.Sum).item<float>();
            part.data<float>().CopyTo(logits, (int)start);
        }
        var labels = y.data<float>().ToArray();
        return (lossSum / rows, RocAuc.Compute(logits, labels));
    }

    /// <summary>Top eigenvalue of the Hessian of the BCE (without the penalty, so that trials with different λ
    /// compare the same function) on the first hessian_batch training events.</summary>
    private static double HessianTop(Mlp model, Tensor trainX, Tensor trainY, SoftSymmetryOptions options, long seed)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        var rows = Math.Min(options.HessianBatch, trainX.shape[0]);
        var x = trainX.narrow(0, 0, rows);
        var y = trainY.narrow(0, 0, rows);
        var parameters = model.parameters().ToArray();
        using var hvp = new HessianVectorProduct(() => nn.functional.binary_cross_entropy_with_logits(model.call(x), y), parameters);
        using var generator = new Generator(DerivedSeed(seed, HessianStream));
        var start = parameters.Select(p => torch.randn(p.shape, dtype: p.dtype, generator: generator)).ToArray();
        return PowerIteration.TopEigenvalue(hvp.Apply, start, options.HessianIterations, HessianTolerance).Eigenvalue;
    }

    private static long[] Shuffle(int count, SplitMix64 random)
    {
        var order = new long[count];
        for (var i = 0; i < count; i++) order[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ulong DerivedSeed(long seed, params long[] labels) => SplitMix64.Derive(seed, labels).NextUInt64();
}
