using Goldstone.Bench;
using Goldstone.Bench.ClusterGrains;
using Goldstone.Bench.Curvature;
using Goldstone.Bench.Table;
using Goldstone.Bench.Trainers;
using Goldstone.Bench.Training;

// One command per process, so that each measurement starts from a fresh runtime and thread pool; bench/run.sh
// chains them and bench/python/summarise.py turns the JSON lines they print into the summary.
try
{
    var arguments = BenchArguments.Parse(args);
    switch (arguments.Command)
    {
        case "export": Workloads.Export(arguments); break;
        case "machine": MachineRate.Run(arguments); break;
        case "train": TrainingThroughput.Run(arguments); break;
        case "hessian": HessianCost.Run(arguments); break;
        case "table": await TableBench.RunAsync(arguments); break;
        case "trainers": await TrainerRunnerBench.RunAsync(arguments); break;
        case "cluster-grains": await ClusterGrainsBench.RunAsync(arguments); break;
        default: throw new BenchUsageException($"unknown command '{arguments.Command}'");
    }
    return 0;
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine($"goldstone-bench: {e.Message}");
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}
