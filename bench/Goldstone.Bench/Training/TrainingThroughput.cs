using System.Diagnostics;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.RgClt;
using Goldstone.Trainer.Models.RgClt;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Bench.Training;

/// <summary>
/// Samples per second of one training epoch of each kind, through the kinds' own epoch functions. Each workload
/// first trains four batches (allocator, thread pool and JIT warm-up), then times one epoch per repetition.
/// </summary>
public static class TrainingThroughput
{
    private const int WarmUpBatches = 4;

    /// <summary>The <c>train</c> command.</summary>
    public static void Run(BenchArguments arguments)
    {
        var manifest = Workloads.Load(arguments);
        TorchRuntime.Initialize(Workloads.Seed, arguments.Threads);
        using var scope = torch.NewDisposeScope();
        var (x, y) = Workloads.ReadHiggs(arguments, manifest);
        foreach (var workload in manifest.SoftSymmetry)
            Emit(workload.Name, arguments.Threads, SoftSymmetry(workload, x, y, manifest.Repetitions));

        var chains = new ChainTensors(
            Workloads.Read(arguments, "chains_x.f32", manifest.ChainRows, manifest.ChainSites),
            Workloads.Read(arguments, "chains_y.f32", manifest.ChainRows, manifest.ChainSites / 2));
        foreach (var workload in manifest.RgClt)
            Emit(workload.Name, arguments.Threads, RgClt(workload, chains, manifest.Repetitions));
    }

    private static List<double> SoftSymmetry(SoftSymmetryWorkload workload, Tensor x, Tensor y, int repetitions)
    {
        var (model, optimizer, generator, options) = SoftSymmetryStep.Create(workload, x);
        using (model)
        using (optimizer)
        using (generator)
        {
            var warmRows = Math.Min(x.shape[0], WarmUpBatches * workload.BatchSize);
            SoftSymmetryStep.TrainEpoch(model, optimizer, generator, x.narrow(0, 0, warmRows), y.narrow(0, 0, warmRows), options, Workloads.Seed, 0, default);
            var rates = new List<double>();
            for (var epoch = 1; epoch <= repetitions; epoch++)
            {
                var clock = Stopwatch.StartNew();
                SoftSymmetryStep.TrainEpoch(model, optimizer, generator, x, y, options, Workloads.Seed, epoch, default);
                rates.Add(x.shape[0] / clock.Elapsed.TotalSeconds);
            }
            return rates;
        }
    }

    private static List<double> RgClt(RgCltWorkload workload, ChainTensors chains, int repetitions)
    {
        torch.manual_seed(Workloads.Seed);
        using var model = ChainModels.Create(ChainModels.Parse(workload.Model), workload.Width, workload.Depth, BlockActivations.Parse(workload.Activation));
        using var optimizer = torch.optim.Adam(model.parameters(), workload.LearningRate);
        var warmRows = Math.Min(chains.Count, WarmUpBatches * workload.BatchSize);
        RgCltKind.TrainEpoch(model, optimizer, new ChainTensors(chains.Inputs.narrow(0, 0, warmRows), chains.Targets.narrow(0, 0, warmRows)),
            workload.BatchSize, SplitMix64.Derive(Workloads.Seed, 0), default);
        var rates = new List<double>();
        for (var epoch = 1; epoch <= repetitions; epoch++)
        {
            var clock = Stopwatch.StartNew();
            RgCltKind.TrainEpoch(model, optimizer, chains, workload.BatchSize, SplitMix64.Derive(Workloads.Seed, epoch), default);
            rates.Add(chains.Count / clock.Elapsed.TotalSeconds);
        }
        return rates;
    }

    private static void Emit(string workload, int threads, List<double> rates)
    {
        new Measurement("train", workload, "torchsharp", threads, "samples_per_s", "samples/s", rates).Emit();
        Console.Error.WriteLine($"torchsharp {threads}t {workload}: {Measurement.Median(rates):F0} samples/s");
    }
}
