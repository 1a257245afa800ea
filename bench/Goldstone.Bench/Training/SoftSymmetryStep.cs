using System.Reflection;
using Goldstone.Trainer.Kinds.SoftSymmetry;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Bench.Training;

/// <summary>
/// The soft_symmetry kind's own training epoch (<c>SoftSymmetryKind.TrainEpoch</c>: batches in a dispose scope, BCE,
/// the finite rotation penalty, one <see cref="ITrainingStep"/> of Adam per batch), bound once by reflection. It is private to the kind because nothing else in
/// the trainer needs it; binding it here means the bench times exactly the code a trial runs, not a copy of it.
/// </summary>
internal static class SoftSymmetryStep
{
    public delegate Dictionary<string, double> Epoch(Mlp model, ITrainingStep optimizer, Generator penaltyGenerator,
        Tensor trainX, Tensor trainY, SoftSymmetryOptions options, long seed, int epoch, CancellationToken cancellationToken);

    private static readonly Lazy<Epoch> Bound = new(Bind);

    /// <summary>The kind's TrainEpoch.</summary>
    /// <exception cref="InvalidOperationException">Its signature changed; the message says which file to update.</exception>
    public static Epoch TrainEpoch => Bound.Value;

    /// <summary>A model, optimiser and penalty generator for <paramref name="workload"/> on training features <paramref name="x"/>,
    /// initialised from the bench seed; the caller disposes the model and optimiser.</summary>
    public static (Mlp Model, ITrainingStep Optimizer, Generator Generator, SoftSymmetryOptions Options) Create(SoftSymmetryWorkload workload, Tensor x)
    {
        torch.manual_seed(Workloads.Seed);
        var (mean, std) = Mlp.Standardisation(x);
        var model = new Mlp(mean, std, workload.Width, workload.Depth, Activation.Relu);
        var optimizerOptions = new OptimizerOptions { Optimizer = OptimizerKind.Adam, LearningRate = workload.LearningRate };
        var optimizer = OptimizerFactory.Create(optimizerOptions, model.parameters());
        var options = new SoftSymmetryOptions
        {
            Width = workload.Width, Depth = workload.Depth, Penalty = workload.Penalty, BatchSize = workload.BatchSize,
            Optimizer = optimizerOptions, TrainSize = (int)x.shape[0],
        };
        return (model, optimizer, new Generator((ulong)Workloads.Seed), options);
    }

    private static Epoch Bind()
    {
        const string where = "bench/Goldstone.Bench/Training/SoftSymmetryStep.cs";
        var method = typeof(SoftSymmetryKind).GetMethod("TrainEpoch", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"SoftSymmetryKind.TrainEpoch no longer exists; update {where}");
        try
        {
            return method.CreateDelegate<Epoch>();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"SoftSymmetryKind.TrainEpoch changed its signature ({method}); update {where}", e);
        }
    }
}
