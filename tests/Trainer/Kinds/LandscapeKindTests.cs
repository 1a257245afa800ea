using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Kinds.Landscape;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Kinds;

public sealed class LandscapeKindTests
{
    public LandscapeKindTests() => TorchTestSetup.Ensure();

    [Theory]
    [InlineData("weierstrass_1d")]
    [InlineData("many_minima_2d")]
    public void Run_SameSeedTwice_GivesBitIdenticalEpochsAndMetrics(string surface)
    {
        var request = Request(seed: 4, new { surface, steps = 200, start_spread = 0.5 }, epochs: 2);

        var (firstEpochs, first) = RunTrial(request);
        var (secondEpochs, second) = RunTrial(request);

        Assert.Equal(first, second);
        Assert.Equal(firstEpochs.SelectMany(e => e.Metrics), secondEpochs.SelectMany(e => e.Metrics));
    }

    [Fact]
    public void Run_OtherSeedOnManyMinima_DrawsAnotherSurfaceAndStart()
    {
        var (_, first) = RunTrial(Request(seed: 4, new { surface = "many_minima_2d", steps = 20 }));
        var (_, second) = RunTrial(Request(seed: 5, new { surface = "many_minima_2d", steps = 20 }));

        Assert.NotEqual(first["final_loss"], second["final_loss"]);
    }

    [Fact]
    public void Run_FourEpochs_ReportsEachEpochAndExactlyTheCatalogMetrics()
    {
        var (epochs, metrics) = RunTrial(Request(seed: 1, new { steps = 10 }, epochs: 4));

        Assert.Equal([1, 2, 3, 4], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal(KindCatalog.Landscape.EpochMetrics.Order(StringComparer.Ordinal), e.Metrics.Keys.Order(StringComparer.Ordinal)));
        Assert.Equal(["curvature_end", "curvature_tail", "distance", "diverged", "final_loss"], metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(epochs[^1].Metrics["loss"], metrics["final_loss"]);
        Assert.Equal(epochs[^1].Metrics["distance"], metrics["distance"]);
        Assert.Equal(0, metrics["diverged"]);
    }

    [Fact]
    public void Run_LargerRadiusOnWeierstrass_EndsAtLowerCurvatureFromEveryStart()
    {
        // The paper's 1-D settings (η = 1e-3, K = 20, γ = 0.05) for 1000 steps on a smaller sum, k ≤ 10. With k ≤ 100
        // the projection at γ = 0.05 is chaotic (|f'| reaches ~15, so γ(1 + f'²) ≫ 2) and the end point's f'' is a
        // draw among ±3e4 wrinkles. Here a ball of radius 0.001 settles in the trough it starts in (f'' > 0, from 37
        // to 232), while one of radius 0.316 cannot fit those troughs and comes to rest on crests (f'' from −49 to −140).
        double[] starts = [1.5, 1.7, 1.9, 2.1, 2.3, 2.5];

        var tiny = starts.Select(x => Curvature(radius: 0.001, x)).ToArray();
        var large = starts.Select(x => Curvature(radius: 0.316, x)).ToArray();

        var message = $"tiny radius {string.Join(", ", tiny)}; large radius {string.Join(", ", large)}";
        Assert.All(tiny, c => Assert.True(c > 0, message));
        Assert.All(large, c => Assert.True(c < 0, message));

        static double Curvature(double radius, double start) =>
            RunTrial(Request(seed: 1, new { terms = 10, steps = 1000, radius, start_x = start })).Metrics["curvature_end"];
    }

    [Fact]
    public void Curvature_Weierstrass_IsTheAnalyticSecondDerivative()
    {
        using var scope = torch.NewDisposeScope();
        using var surface = new WeierstrassSurface(100);
        var theta = new Parameter(torch.tensor(new[] { 0.7 }));

        var curvature = LandscapeKind.Curvature(surface, theta);

        var expected = -Enumerable.Range(1, 100).Sum(k => (double)k * k * Math.Sin((double)k * k * 0.7));
        Assert.Equal(expected, curvature, 1e-9 * Math.Abs(expected));
    }

    [Fact]
    public void Curvature_ManyMinima_IsTheTopEigenvalueOfTheAnalyticHessian()
    {
        using var scope = torch.NewDisposeScope();
        double[][] minima = [[0.1, 0.05], [-0.08, 0.12], [0.3, -0.2]];
        using var surface = new ManyMinimaSurface(torch.tensor(minima.SelectMany(m => m).ToArray(), [3, 2]));
        double[] point = [0.02, 0.04];
        var theta = new Parameter(torch.tensor(point));

        var curvature = LandscapeKind.Curvature(surface, theta);

        // H = 2I − Σᵢ φᵢ(4dᵢdᵢᵀ/w² − 2I/w), dᵢ = θ − mᵢ, φᵢ = exp(−‖dᵢ‖²/w).
        const double w = ManyMinimaSurface.WellWidth;
        double a = 2, b = 0, d = 2;
        foreach (var m in minima)
        {
            var (dx, dy) = (point[0] - m[0], point[1] - m[1]);
            var phi = Math.Exp(-(dx * dx + dy * dy) / w);
            a -= phi * (4 * dx * dx / (w * w) - 2 / w);
            b -= phi * 4 * dx * dy / (w * w);
            d -= phi * (4 * dy * dy / (w * w) - 2 / w);
        }
        var expected = 0.5 * (a + d) + Math.Sqrt(0.25 * (a - d) * (a - d) + b * b);
        Assert.Equal(expected, curvature, 1e-9 * Math.Abs(expected));
    }

    [Fact]
    public void Run_SgdWithAHugeStepOnTheBowl_ReportsDivergedWithoutThrowing()
    {
        // θ ← θ − 10·2θ + (well terms): |θ| grows ~19× a step and passes divergence_bound within a few steps.
        var (epochs, metrics) = RunTrial(Request(seed: 2, new { surface = "many_minima_2d", optimizer = "sgd", lr = 10.0, steps = 100 }, epochs: 4));

        Assert.Equal(1, metrics["diverged"]);
        Assert.Single(epochs);
    }

    [Theory]
    [InlineData("rolling_ball", "weierstrass_1d")]
    [InlineData("adam", "many_minima_2d")]
    public void Run_ResumedFromTheEpochTwoCheckpoint_EndsWithTheUninterruptedMetrics(string optimizer, string surface)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"landscape-resume-{Guid.NewGuid():N}");
        try
        {
            // curvature_tail over the last 30 of 40 steps: its running sum crosses the checkpoint after step 20.
            var request = Request(seed: 3, new { surface, optimizer, lr = 0.01, steps = 40, curvature_tail_steps = 30 }, epochs: 4) with
            {
                Metrics = ["flatness_rise@0.05"],
            };
            var (_, uninterrupted) = RunTrial(request);
            Assert.Equal(0, uninterrupted["diverged"]);

            var checkpointed = request with { CheckpointDir = directory };
            Assert.Throws<StopAfterCheckpoint>(() => new LandscapeKind().Run(checkpointed, new StoppingReporter(2), CancellationToken.None));
            var reporter = new RecordingReporter();
            var resumed = new LandscapeKind().Run(checkpointed with { Resume = true }, reporter, CancellationToken.None);

            Assert.Equal([3, 4], reporter.Epochs.Select(e => e.Epoch));
            Assert.Equal(uninterrupted, resumed);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_CheckpointEveryTwoKilledAtEpochThree_ResumesFromTwoWithTheUninterruptedMetrics()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"landscape-every-{Guid.NewGuid():N}");
        try
        {
            var request = Request(seed: 3, new { surface = "many_minima_2d", optimizer = "adam", lr = 0.01, steps = 40 }, epochs: 5);
            var (_, uninterrupted) = RunTrial(request);

            var checkpointed = request with { CheckpointDir = directory, CheckpointEvery = 2 };
            var killed = new KillingReporter(killAtEpoch: 3);
            Assert.Throws<KilledAtEpoch>(() => new LandscapeKind().Run(checkpointed, killed, CancellationToken.None));
            Assert.Equal([2], killed.Checkpoints);
            var resumedReporter = new RecordingReporter();
            var resumed = new LandscapeKind().Run(checkpointed with { Resume = true }, resumedReporter, CancellationToken.None);

            Assert.Equal([3, 4, 5], resumedReporter.Epochs.Select(e => e.Epoch));
            Assert.Equal(uninterrupted, resumed);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_ManyEpochs_KeepsTheLiveTensorCountFlatAndLeavesNoneBehind()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var reporter = new RecordingReporter();

        new LandscapeKind().Run(Request(seed: 1, new { surface = "many_minima_2d", steps = 50 }, epochs: 5), reporter, CancellationToken.None);

        Assert.Equal(5, reporter.LiveTensors.Count);
        Assert.All(reporter.LiveTensors, count => Assert.Equal(reporter.LiveTensors[0], count));
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Run_UnknownOptimizer_ThrowsNamingTheKeyAndTheAllowedValues()
    {
        var error = Assert.Throws<TrialRequestException>(() => RunTrial(Request(seed: 1, new { optimizer = "rmsprop" })));

        Assert.Equal("params.optimizer: 'rmsprop' is not allowed (allowed: sgd, adam, adamw, sam, rolling_ball)", error.Message);
    }

    [Fact]
    public void Run_UnknownSurface_ThrowsNamingTheKeyAndTheAllowedValues()
    {
        var error = Assert.Throws<TrialRequestException>(() => RunTrial(Request(seed: 1, new { surface = "rosenbrock" })));

        Assert.Equal("params.surface: 'rosenbrock' is not allowed (allowed: weierstrass_1d, many_minima_2d)", error.Message);
    }

    [Fact]
    public void Run_UnknownMetric_ThrowsNamingTheAllowedMetrics()
    {
        var request = Request(seed: 1, new { steps = 1 }) with { Metrics = ["hessian_top"] };

        var error = Assert.Throws<TrialRequestException>(() => RunTrial(request));

        Assert.Equal("metrics: unknown metric 'hessian_top' for kind landscape (allowed: final_loss, curvature_tail, curvature_end, diverged, "
            + "distance, flatness_rise@); after @ a number: flatness_rise@ a neighbourhood radius r > 0, e.g. flatness_rise@0.1", error.Message);
    }

    [Fact]
    public void Start_GivenStartAndSpread_MovesEachCoordinateWithinTheSpread()
    {
        var options = new LandscapeOptions { Surface = SurfaceKind.ManyMinima2D, StartX = 1, StartY = -1, StartSpread = 0.25 };

        var starts = Enumerable.Range(0, 20).Select(seed => LandscapeKind.Start(options, seed)).ToArray();

        Assert.All(starts, s => Assert.True(Math.Abs(s[0] - 1) <= 0.25 && Math.Abs(s[1] + 1) <= 0.25, $"start ({s[0]}, {s[1]})"));
        Assert.Equal(20, starts.Select(s => s[0]).Distinct().Count());
        Assert.Equal([2.0], LandscapeKind.Start(new LandscapeOptions(), 7));
    }

    private static TrialRequest Request(long seed, object parameters, int epochs = 1) => new()
    {
        Kind = "landscape", Seed = seed, Epochs = epochs, Threads = 1, Metrics = [],
        Params = JsonSerializer.SerializeToElement(parameters).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
    };

    private static (List<(int Epoch, Dictionary<string, double> Metrics)> Epochs, IReadOnlyDictionary<string, double> Metrics) RunTrial(TrialRequest request)
    {
        var reporter = new RecordingReporter();
        var metrics = TrialKinds.Create("landscape").Run(request, reporter, CancellationToken.None);
        return (reporter.Epochs, metrics);
    }

    private class RecordingReporter : ITrialReporter
    {
        public List<(int Epoch, Dictionary<string, double> Metrics)> Epochs { get; } = [];

        public List<long> LiveTensors { get; } = [];

        public virtual void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            Epochs.Add((epoch, new Dictionary<string, double>(metrics)));
            LiveTensors.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }

    private sealed class StoppingReporter(int stopAfter) : RecordingReporter, ITrialReporter
    {
        public void Checkpoint(int epoch)
        {
            if (epoch == stopAfter) throw new StopAfterCheckpoint();
        }
    }

    private sealed class StopAfterCheckpoint : Exception;

    /// <summary>Stands for a kill after <paramref name="killAtEpoch"/> was trained, before anything after its report ran.</summary>
    private sealed class KillingReporter(int killAtEpoch) : RecordingReporter, ITrialReporter
    {
        public List<int> Checkpoints { get; } = [];

        public override void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            base.Epoch(epoch, metrics);
            if (epoch == killAtEpoch) throw new KilledAtEpoch();
        }

        public void Checkpoint(int epoch) => Checkpoints.Add(epoch);
    }

    private sealed class KilledAtEpoch : Exception;
}
