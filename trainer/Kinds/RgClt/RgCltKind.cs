using Goldstone.Trainer.Common;
using Goldstone.Trainer.Data.RgClt;
using Goldstone.Trainer.Models.RgClt;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.RgClt;

/// <summary>
/// Seed 001, neural approximations of a renormalisation step: a model learns the block-sum map
/// x′ = (x₁ + x₂)/√2 from chains of iid zero-mean unit-variance sites (the central limit theorem as an RG flow),
/// trained on some input distributions and tested on others. Reports per epoch <c>loss</c> (mean training-batch
/// MSE) and <c>val_mse</c> (one-step MSE on fresh chains of the train distributions); at the end the metrics of
/// <see cref="RgCltMetrics"/>.
/// </summary>
[TrialKind("rg_clt")]
public sealed class RgCltKind : ITrialKind
{
    private const long ShuffleStream = 3;

    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken)
    {
        var options = RgCltOptions.Parse(new TrialParameters(request.Params));
        RgCltMetrics.Validate(request.Metrics);
        if (request.Epochs < 1) throw new TrialRequestException($"epochs: {request.Epochs} is less than 1");
        if (request.Threads < 1) throw new TrialRequestException($"threads: {request.Threads} is less than 1");
        cancellationToken.ThrowIfCancellationRequested();

        var device = TorchRuntime.Initialize(request);
        using var trialScope = torch.NewDisposeScope();
        var data = RgCltData.Generate(options, request.Seed, device);
        // Initialised on the CPU from torch's global generator, then moved; Adam comes after the move, so that its
        // state lives beside the parameters.
        using var model = ChainModels.Create(options.Model, options.Width, options.Depth, options.Activation).to(device);
        TrialDevice.RequirePlaced(device, TrialDevice.Tensors(model, [
            ("train_inputs", data.Train.Inputs), ("train_targets", data.Train.Targets),
            .. data.InDistribution.SelectMany(test => TestTensors("in", test)),
            .. data.OutOfDistribution.SelectMany(test => TestTensors("ood", test)),
        ]), reporter);
        // Not torch.optim.Adam: its step lets libtorch read Scalars that a collection on another thread can free.
        using var optimizer = new Optimizers.HeldScalars.Adam(model.parameters(), options.LearningRate);

        // Batch order derives from (seed, epoch) and the data from the seed, so weights and Adam's state are all there is.
        // TorchSharp writes both from CPU copies and reads them into the tensors they restore, wherever those live.
        var checkpoints = CheckpointStore.For(request, reporter);
        var firstEpoch = 1;
        if (checkpoints?.Latest() is { } latest)
        {
            model.load(Path.Combine(latest.Directory, ModelFile));
            optimizer.load_state_dict(Path.Combine(latest.Directory, OptimizerFile));
            firstEpoch = latest.Epoch + 1;
        }

        var diverged = false;
        for (var epoch = firstEpoch; epoch <= request.Epochs && !diverged; epoch++)
        {
            var loss = TrainEpoch(model, optimizer, data.Train, options.BatchSize, SplitMix64.Derive(request.Seed, ShuffleStream, epoch), cancellationToken);
            diverged = !double.IsFinite(loss);
            reporter.Epoch(epoch, new Dictionary<string, double>
            {
                ["loss"] = Reported(loss),
                ["val_mse"] = Reported(data.InDistribution.Average(test => RgCltEvaluation.Mse(model, test.Chains))),
            }, data.Train.Count);
            if (!diverged)
            {
                checkpoints?.Save(epoch, directory =>
                {
                    model.save(Path.Combine(directory, ModelFile));
                    optimizer.save_state_dict(Path.Combine(directory, OptimizerFile));
                });
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = new Dictionary<string, double>
        {
            [RgCltMetrics.MseIn] = data.InDistribution.Average(test => RgCltEvaluation.Mse(model, test.Chains)),
            [RgCltMetrics.MseOod] = data.OutOfDistribution.Average(test => RgCltEvaluation.Mse(model, test.Chains)),
            [RgCltMetrics.MseTrain] = RgCltEvaluation.Mse(model, data.Train),
            [RgCltMetrics.Diverged] = diverged ? 1 : 0,
        };
        AddCumulantErrors(result, model, data.OutOfDistribution, options.Iterations, outOfDistribution: true);
        AddCumulantErrors(result, model, data.InDistribution, options.Iterations, outOfDistribution: false);
        return result.ToDictionary(entry => entry.Key, entry => Reported(entry.Value));
    }

    /// <summary>One pass over the training chains in an order drawn from <paramref name="shuffle"/>; the mean batch loss.</summary>
    public static double TrainEpoch(ChainMap model, optim.Optimizer optimizer, ChainTensors train, int batchSize, SplitMix64 shuffle,
        CancellationToken cancellationToken)
    {
        model.train();
        using var order = torch.tensor(shuffle.Permutation(train.Count), device: train.Inputs.device);
        var lossSum = 0.0;
        var batches = 0;
        for (long start = 0; start < train.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(batchSize, train.Count - start));
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.call(train.Inputs.index_select(0, index)), train.Targets.index_select(0, index));
            var value = loss.item<float>();
            lossSum += value;
            batches++;
            // A step on a non-finite loss would only spread NaN through the weights; the caller stops here.
            if (!float.IsFinite(value)) break;
            loss.backward();
            optimizer.step();
        }
        return lossSum / batches;
    }

    private static void AddCumulantErrors(Dictionary<string, double> result, ChainMap model,
        IReadOnlyList<(InputDistribution Distribution, ChainTensors Chains)> tests, int steps, bool outOfDistribution)
    {
        var errors = tests.Select(test => RgCltEvaluation.Cumulants(model, test.Chains.Inputs, steps, test.Distribution)).ToList();
        for (var i = 0; i < RgCltMetrics.CumulantOrders.Length; i++)
        {
            var order = RgCltMetrics.CumulantOrders[i];
            result[RgCltMetrics.KappaError(order, paired: false, outOfDistribution)] = errors.Average(e => e.Analytic[i]);
            result[RgCltMetrics.KappaError(order, paired: true, outOfDistribution)] = errors.Average(e => e.Paired[i]);
        }
    }

    private static (string Name, Tensor? Tensor)[] TestTensors(string set, (InputDistribution Distribution, ChainTensors Chains) test)
    {
        var name = InputDistributions.Name(test.Distribution);
        return [($"{set}_{name}_inputs", test.Chains.Inputs), ($"{set}_{name}_targets", test.Chains.Targets)];
    }

    // The tables exclude and count NaN; an infinity would turn a whole row's mean into one.
    private static double Reported(double value) => double.IsFinite(value) ? value : double.NaN;
}
