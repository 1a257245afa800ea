using Goldstone.Trainer.Data.RgClt;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.RgClt;

/// <summary>Chains [count, sites] and their exact one-step images [count, sites/2] as float32 tensors.</summary>
/// <param name="Inputs">[count, sites].</param>
/// <param name="Targets">[count, sites/2].</param>
public sealed record ChainTensors(Tensor Inputs, Tensor Targets)
{
    /// <summary>Copies a generated set into tensors on <paramref name="device"/> (default the CPU), owned by the current dispose scope.</summary>
    public static ChainTensors From(ChainSet set, Device? device = null) => new(
        torch.tensor(set.Inputs, [set.Count, set.Sites], device: device),
        torch.tensor(set.Targets, [set.Count, set.Sites / BlockSumMap.BlockSize], device: device));

    /// <summary>Number of chains.</summary>
    public long Count => Inputs.shape[0];
}

/// <summary>
/// The generated data of one trial: training chains from the train distributions, and test chains of every train
/// (in-distribution) and test (out-of-distribution) distribution, test_size of each.
/// </summary>
/// <param name="Train">The training chains, distributions in turn.</param>
/// <param name="InDistribution">Fresh chains of each train distribution.</param>
/// <param name="OutOfDistribution">Chains of each test distribution.</param>
public sealed record RgCltData(
    ChainTensors Train,
    IReadOnlyList<(InputDistribution Distribution, ChainTensors Chains)> InDistribution,
    IReadOnlyList<(InputDistribution Distribution, ChainTensors Chains)> OutOfDistribution)
{
    /// <summary>Seed stream of the training chains.</summary>
    public const long TrainStream = 1;

    /// <summary>Seed stream of every test set; a distribution's test chains are the same whether it is in or out of
    /// distribution, because the generator keys them by distribution.</summary>
    public const long TestStream = 2;

    /// <summary>Generates the data on the CPU and copies it to <paramref name="device"/> (default the CPU); the tensors
    /// belong to the current dispose scope.</summary>
    public static RgCltData Generate(RgCltOptions options, long seed, Device? device = null)
    {
        var train = ChainTensors.From(ChainSet.Generate(options.TrainDistributions, options.TrainSize, options.Sites, seed, TrainStream), device);
        return new RgCltData(train, Tests(options.TrainDistributions), Tests(options.TestDistributions));

        List<(InputDistribution, ChainTensors)> Tests(IReadOnlyList<InputDistribution> distributions) =>
            distributions.Select(d => (d, ChainTensors.From(ChainSet.Generate([d], options.TestSize, options.Sites, seed, TestStream), device))).ToList();
    }
}
