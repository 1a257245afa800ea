using Goldstone.Bench.Training;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Bench.Curvature;

/// <summary>
/// hessian_top as the soft_symmetry kind computes it (the model in eval mode, the mean BCE of the first rows training
/// events, one <see cref="HessianVectorProduct"/>, <see cref="Trainer.Metrics.Curvature.TopEigenvalue"/>), against one
/// gradient of the same loss on the same batch (forward and <c>autograd.grad</c>). Also the same power iteration
/// forced to its full iteration count (tolerance 0), so that the per-iteration cost does not depend on when the
/// tolerance happens to be met.
/// </summary>
public static class HessianCost
{
    private const int GradientRepetitions = 20;

    /// <summary>The <c>hessian</c> command.</summary>
    public static void Run(BenchArguments arguments)
    {
        var manifest = Workloads.Load(arguments);
        TorchRuntime.Initialize(Workloads.Seed, arguments.Threads);
        using var scope = torch.NewDisposeScope();
        var (trainX, trainY) = Workloads.ReadHiggs(arguments, manifest);
        foreach (var workload in manifest.Hessian) Measure(workload, trainX, trainY, arguments.Threads);
    }

    private static void Measure(HessianWorkload workload, Tensor trainX, Tensor trainY, int threads)
    {
        var training = new SoftSymmetryWorkload(workload.Name, workload.Width, workload.Depth, 0, 256, 1e-3);
        var (model, optimizer, penaltyGenerator, options) = SoftSymmetryStep.Create(training, trainX);
        using var owned = model;
        using var ownedOptimizer = optimizer;
        using var ownedGenerator = penaltyGenerator;
        for (var epoch = 1; epoch <= workload.WarmEpochs; epoch++)
            SoftSymmetryStep.TrainEpoch(model, optimizer, penaltyGenerator, trainX, trainY, options, Workloads.Seed, epoch, default);

        model.eval();
        using var scope = torch.NewDisposeScope();
        var x = trainX.narrow(0, 0, workload.Rows);
        var y = trainY.narrow(0, 0, workload.Rows);
        var parameters = model.parameters().ToArray();
        var loss = ClassifierLoss.Mean(model, x, y);

        void Gradient()
        {
            using var step = torch.NewDisposeScope();
            torch.autograd.grad([loss()], parameters);
        }
        Gradient();
        var gradient = Enumerable.Range(0, GradientRepetitions).Select(_ => Measurement.Seconds(Gradient)).ToList();
        Emit(workload.Name, threads, "gradient_s", "s", gradient);

        // One Hessian-vector product alone: the unit a power iteration repeats, without its inner products.
        using (var products = torch.NewDisposeScope())
        using (var hessian = new HessianVectorProduct(loss, parameters))
        {
            var vector = parameters.Select(p => torch.randn(p.shape)).ToArray();
            void Product()
            {
                using var step = torch.NewDisposeScope();
                hessian.Apply(vector);
            }
            Product();
            Emit(workload.Name, threads, "hvp_s", "s", Enumerable.Range(0, GradientRepetitions).Select(_ => Measurement.Seconds(Product)).ToList());
        }

        foreach (var (label, tolerance) in new[] { ("kind", workload.Tolerance), ("forced", 0.0) })
        {
            var total = new List<double>();
            var construct = new List<double>();
            var iterations = new List<double>();
            var eigenvalues = new List<double>();
            for (var repetition = 0; repetition <= workload.Repetitions; repetition++)
            {
                using var run = torch.NewDisposeScope();
                HessianVectorProduct? hessian = null;
                var built = Measurement.Seconds(() => hessian = new HessianVectorProduct(loss, parameters));
                using var generator = new Generator((ulong)Workloads.Seed + 5);
                PowerIterationResult? result = null;
                var iterated = Measurement.Seconds(() => result = Trainer.Metrics.Curvature.TopEigenvalue(hessian!, generator, workload.Iterations, tolerance));
                hessian!.Dispose();
                if (repetition == 0) continue; // warm-up
                construct.Add(built);
                total.Add(built + iterated);
                iterations.Add(result!.Iterations);
                eigenvalues.Add(result.Eigenvalue);
            }
            Emit(workload.Name, threads, $"hessian_{label}_total_s", "s", total);
            Emit(workload.Name, threads, $"hessian_{label}_construct_s", "s", construct);
            Emit(workload.Name, threads, $"hessian_{label}_iterations", "", iterations);
            Emit(workload.Name, threads, $"hessian_{label}_eigenvalue", "", eigenvalues);
        }
    }

    private static void Emit(string workload, int threads, string metric, string unit, List<double> values)
    {
        new Measurement("hessian", workload, "torchsharp", threads, metric, unit, values).Emit();
        Console.Error.WriteLine($"torchsharp {threads}t {workload} {metric}: {Measurement.Median(values):G4}");
    }
}
