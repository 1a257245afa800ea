using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Bench.Training;

/// <summary>
/// The yardsticks of DESIGN.md: the machine's fp32 matmul rate (what a training step could reach at best) and the
/// cost of one tiny op (what the managed side adds per call: P/Invoke, the tensor handle, its disposal).
/// </summary>
public static class MachineRate
{
    /// <summary>The <c>machine</c> command.</summary>
    public static void Run(BenchArguments arguments)
    {
        var workload = Workloads.Load(arguments).Machine;
        TorchRuntime.Initialize(Workloads.Seed, arguments.Threads);
        var threads = arguments.Threads;

        using (var scope = torch.NewDisposeScope())
        {
            var n = workload.MatmulSize;
            var a = torch.randn(n, n);
            var b = torch.randn(n, n);
            for (var i = 0; i < 2; i++) torch.mm(a, b).Dispose();
            var rates = Enumerable.Range(0, workload.MatmulRepetitions)
                .Select(_ => 2.0 * n * n * n / Measurement.Seconds(() => torch.mm(a, b).Dispose()) / 1e9).ToList();
            Emit("machine", $"matmul {n}x{n} fp32", threads, "gflops", "GFLOP/s", rates);
        }

        using (var scope = torch.NewDisposeScope())
        {
            var a = torch.ones(1);
            var b = torch.ones(1);
            var ops = workload.TinyOps;
            var inPlace = Repeat(workload.TinyRepetitions, () =>
            {
                for (var i = 0; i < ops; i++) a.add_(b);
            }, ops);
            Emit("machine", "tiny op a.add_(b), 1 element", threads, "us_per_op", "µs/op", inPlace);
            // Out of place, each result disposed as a trial's batch scope would: allocation and handle release included.
            var outOfPlace = Repeat(workload.TinyRepetitions, () =>
            {
                for (var i = 0; i < ops; i++) torch.add(a, b).Dispose();
            }, ops);
            Emit("machine", "tiny op add(a, b), 1 element", threads, "us_per_op", "µs/op", outOfPlace);
        }
    }

    private static List<double> Repeat(int repetitions, Action loop, int ops)
    {
        loop();
        return Enumerable.Range(0, repetitions).Select(_ => Measurement.Seconds(loop) / ops * 1e6).ToList();
    }

    private static void Emit(string part, string workload, int threads, string metric, string unit, List<double> values)
    {
        new Measurement(part, workload, "torchsharp", threads, metric, unit, values).Emit();
        Console.Error.WriteLine($"torchsharp {threads}t {workload}: {Measurement.Median(values):G4} {unit}");
    }
}
