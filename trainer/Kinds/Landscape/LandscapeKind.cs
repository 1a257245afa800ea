using Goldstone.Trainer.Common;
using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>
/// Seed 003 (rolling-ball optimiser), validation: runs an optimiser on a 1-D wrinkled or a 2-D many-minima surface
/// from θ₀. Reports per epoch the loss and the distance travelled; at the end final_loss, curvature_tail,
/// curvature_end, diverged, distance and each requested flatness_rise@r (see <see cref="LandscapeMetrics"/>). The surface and θ are float64 torch tensors, so the optimiser runs
/// exactly the code that trains networks.
/// </summary>
[TrialKind("landscape")]
public sealed class LandscapeKind : ITrialKind
{
    /// <summary>Seed stream of the many_minima_2d wells.</summary>
    public const long MinimaStream = 1;

    /// <summary>Seed stream of a drawn θ₀.</summary>
    public const long StartStream = 2;

    /// <summary>Half the side of the square a drawn θ₀ comes from: inside the wells' square, where the bowl's slope
    /// (at most 2·2·√2) keeps the default projection step stable.</summary>
    public const double StartHalfSide = 2;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Run(TrialRequest request, ITrialReporter reporter, CancellationToken cancellationToken)
    {
        var options = LandscapeOptions.Parse(new TrialParameters(request.Params));
        var metrics = LandscapeMetrics.Parse(request.Metrics);
        if (request.Epochs < 1) throw new TrialRequestException($"epochs: {request.Epochs} is less than 1");
        if (request.Threads < 1) throw new TrialRequestException($"threads: {request.Threads} is less than 1");

        var device = TorchRuntime.Initialize(request);
        using var trialScope = torch.NewDisposeScope();
        using var surface = LandscapeSurface.Create(options, request.Seed, device);
        var start = Start(options, request.Seed);
        var theta = new Parameter(torch.tensor(start, dtype: ScalarType.Float64, device: device));
        TrialDevice.RequirePlaced(device, TrialDevice.Tensors(null, ("theta", theta), ("surface", surface.Constants)), reporter);
        using var optimizer = OptimizerFactory.Create(options.Optimizer, [theta]);

        var checkpoints = CheckpointStore.For(request, reporter);
        var resumedAfter = 0;
        var diverged = false;
        var tail = new CurvatureTail();
        if (checkpoints?.Latest() is { } latest)
        {
            diverged = LandscapeCheckpoint.Load(latest.Directory, theta, optimizer, tail);
            resumedAfter = latest.Epoch;
        }
        // The steps whose end points curvature_tail averages: the last curvature_tail_steps (all when fewer).
        var tailStart = Math.Max(0L, options.Steps - (long)options.CurvatureTailSteps);
        var done = (long)options.Steps * resumedAfter / request.Epochs;
        for (var epoch = resumedAfter + 1; epoch <= request.Epochs && !diverged; epoch++)
        {
            var end = (long)options.Steps * epoch / request.Epochs;
            for (; done < end && !diverged; done++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var loss = optimizer.Step(() => surface.Loss(theta));
                diverged = !double.IsFinite(loss) || OutOfBounds(theta, options.DivergenceBound);
                if (!diverged && done >= tailStart) tail.Add(MeanCurvature(surface, theta));
            }
            reporter.Epoch(epoch, new Dictionary<string, double>
            {
                ["loss"] = Value(surface, theta),
                ["distance"] = Distance(theta, start),
            });
            checkpoints?.Save(epoch, directory => LandscapeCheckpoint.Save(directory, theta, optimizer, diverged, tail));
        }

        var finalLoss = Value(surface, theta);
        diverged |= !double.IsFinite(finalLoss) || OutOfBounds(theta, options.DivergenceBound);
        var finite = Coordinates(theta).All(double.IsFinite);
        var result = new Dictionary<string, double>
        {
            [LandscapeMetrics.FinalLoss] = finalLoss,
            // A diverged run stopped before its tail (or inside it): its average would be over other steps than a
            // finished run's, so it reports none.
            [LandscapeMetrics.CurvatureTail] = diverged ? double.NaN : tail.Mean,
            [LandscapeMetrics.CurvatureEnd] = finite ? Curvature(surface, theta) : double.NaN,
            [LandscapeMetrics.Diverged] = diverged ? 1 : 0,
            [LandscapeMetrics.Distance] = Distance(theta, start),
        };
        foreach (var (name, radius) in metrics.FlatnessRadii)
            result[name] = finite ? LandscapeFlatness.Rise(surface, theta, radius) : double.NaN;
        return result;
    }

    /// <summary>f''(θ) in 1-D; in 2-D the larger eigenvalue of the Hessian (<see cref="Hessian"/>).</summary>
    public static double Curvature(LandscapeSurface surface, Parameter theta)
    {
        var hessian = Hessian(surface, theta);
        if (surface.Dimension == 1) return hessian[0, 0];
        var (a, b, d) = (hessian[0, 0], 0.5 * (hessian[0, 1] + hessian[1, 0]), hessian[1, 1]);
        return 0.5 * (a + d) + Math.Sqrt(0.25 * (a - d) * (a - d) + b * b);
    }

    /// <summary>The mean eigenvalue of the Hessian, its trace over the dimension: f''(θ) in 1-D, (∂²₁f + ∂²₂f)/2 in 2-D.</summary>
    public static double MeanCurvature(LandscapeSurface surface, Parameter theta)
    {
        var hessian = Hessian(surface, theta);
        var trace = 0.0;
        for (var i = 0; i < surface.Dimension; i++) trace += hessian[i, i];
        return trace / surface.Dimension;
    }

    /// <summary>The Hessian at θ, built column by column from Hessian-vector products.</summary>
    private static double[,] Hessian(LandscapeSurface surface, Parameter theta)
    {
        using var scope = torch.NewDisposeScope();
        using var hvp = new HessianVectorProduct(() => surface.Loss(theta), [theta]);
        var n = surface.Dimension;
        var hessian = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var column = hvp.Apply([torch.eye(n, dtype: ScalarType.Float64, device: theta.device)[j]])[0].cpu().data<double>().ToArray();
            for (var i = 0; i < n; i++) hessian[i, j] = column[i];
        }
        return hessian;
    }

    /// <summary>θ₀: the given coordinates, else 2 on weierstrass_1d and U(−2, 2) per coordinate on many_minima_2d;
    /// then start_spread·U(−1, 1) per coordinate. Every draw is taken whether used or not, so that giving one
    /// coordinate does not change the others.</summary>
    public static double[] Start(LandscapeOptions options, long seed)
    {
        var random = SplitMix64.Derive(seed, StartStream);
        var drawn = new[] { Uniform(random, StartHalfSide), Uniform(random, StartHalfSide) };
        var jitter = new[] { Uniform(random, options.StartSpread), Uniform(random, options.StartSpread) };
        double[] start = options.Surface == SurfaceKind.Weierstrass1D
            ? [options.StartX ?? 2.0]
            : [options.StartX ?? drawn[0], options.StartY ?? drawn[1]];
        return start.Select((value, i) => value + jitter[i]).ToArray();
    }

    private static double Uniform(SplitMix64 random, double halfWidth) => halfWidth * (2 * random.NextDouble() - 1);

    private static double Value(LandscapeSurface surface, Tensor theta)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return surface.Loss(theta).item<double>();
    }

    /// <summary>θ read back to managed memory (through a CPU copy when θ lives elsewhere).</summary>
    internal static double[] Coordinates(Tensor theta)
    {
        using var onCpu = theta.cpu();
        return onCpu.data<double>().ToArray();
    }

    private static bool OutOfBounds(Tensor theta, double bound) => Coordinates(theta).Any(v => !double.IsFinite(v) || Math.Abs(v) > bound);

    private static double Distance(Tensor theta, double[] start) =>
        Math.Sqrt(Coordinates(theta).Select((v, i) => (v - start[i]) * (v - start[i])).Sum());
}
