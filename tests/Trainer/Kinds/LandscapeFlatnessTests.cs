using System.Text.Json;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Kinds.Landscape;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using OptimizerOptions = Goldstone.Trainer.Optimizers.OptimizerOptions;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>Known answers for the landscape kind's flatness metrics: flatness_rise@r and curvature_tail.</summary>
public sealed class LandscapeFlatnessTests
{
    public LandscapeFlatnessTests() => TorchTestSetup.Ensure();

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    public void Rise_SquareIn1D_IsTheMidpointMeanOfDeltaSquared(double r)
    {
        using var scope = torch.NewDisposeScope();
        using var surface = new SquaredNorm(1);

        var rise = LandscapeFlatness.Rise(surface, Theta(0.0), r);

        // The midpoint rule's mean of δ² over [−r, r] is r²/3·(1 − 1/n²); as n grows it is r²/3.
        const int n = LandscapeFlatness.IntervalPoints;
        Assert.Equal(r * r / 3 * (1 - 1.0 / ((double)n * n)), rise, 1e-14);
        Assert.Equal(r * r / 3, rise, r * r / (3.0 * n * n) * 1.0001);
    }

    [Fact]
    public void Rise_SquaredNormIn2D_IsHalfTheSquaredRadius()
    {
        using var scope = torch.NewDisposeScope();
        using var surface = new SquaredNorm(2);

        // Away from 0 too: the rise of ‖θ‖² is 2θ·δ + ‖δ‖², and the offsets sum to 0 (each ring is symmetric).
        var atZero = LandscapeFlatness.Rise(surface, Theta(0.0, 0.0), 0.3);
        var elsewhere = LandscapeFlatness.Rise(surface, Theta(0.7, -1.2), 0.3);

        Assert.Equal(0.3 * 0.3 / 2, atZero, 1e-15);
        Assert.Equal(0.3 * 0.3 / 2, elsewhere, 1e-13);
    }

    [Fact]
    public void Offsets_2D_LieInsideTheDiscAndAverageToZero()
    {
        var offsets = LandscapeFlatness.Offsets(2, 0.5);

        Assert.Equal(LandscapeFlatness.Rings * LandscapeFlatness.Angles, offsets.Length);
        Assert.All(offsets, d => Assert.True(d[0] * d[0] + d[1] * d[1] < 0.25));
        Assert.Equal(0, offsets.Average(d => d[0]), 1e-15);
        Assert.Equal(0, offsets.Average(d => d[1]), 1e-15);
    }

    [Theory]
    [InlineData(1.3, 0.1)]
    [InlineData(2.0, 0.01)]
    public void Rise_Weierstrass_IsTheAnalyticMeanOverTheInterval(double x, double r)
    {
        using var scope = torch.NewDisposeScope();
        using var surface = new WeierstrassSurface(100);

        var rise = LandscapeFlatness.Rise(surface, Theta(x), r);

        // Mean of sin(k²(x + δ))/k² over δ ∈ [−r, r] is (cos(k²(x − r)) − cos(k²(x + r)))/(2r·k⁴). The midpoint rule
        // (cells h = 2r/n) differs from a mean by at most h²/24 times the largest |second derivative|, k² for term k:
        // h²/24·Σk² in all (5.6e-4 at r = 0.1, 5.6e-6 at r = 0.01; the differences are 1e-8 or less).
        var exact = Enumerable.Range(1, 100).Sum(k =>
        {
            double k2 = (double)k * k;
            return (Math.Cos(k2 * (x - r)) - Math.Cos(k2 * (x + r))) / (2 * r * k2 * k2) - Math.Sin(k2 * x) / k2;
        });
        var h = 2 * r / LandscapeFlatness.IntervalPoints;
        Assert.Equal(exact, rise, h * h / 24 * Enumerable.Range(1, 100).Sum(k => (double)k * k));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MeanCurvature_SquaredNorm_IsTwoEverywhere(int dimension)
    {
        using var scope = torch.NewDisposeScope();
        using var surface = new SquaredNorm(dimension);

        double[] point = dimension == 1 ? [0.4] : [0.4, -2.5];
        var curvature = LandscapeKind.MeanCurvature(surface, new Parameter(torch.tensor(point)));

        Assert.Equal(2, curvature, 1e-14);
    }

    [Fact]
    public void Run_CurvatureTail_IsTheMeanAnalyticSecondDerivativeOverTheLastSteps()
    {
        // The kind's trajectory replayed here with the same optimiser: the mean of f″ = −Σ k² sin(k²θ) over the points
        // after the last 25 of 60 steps.
        const int steps = 60, tail = 25;
        var metrics = Run(new { optimizer = "sgd", lr = 1e-3, terms = 20, steps, curvature_tail_steps = tail });

        using var scope = torch.NewDisposeScope();
        using var surface = new WeierstrassSurface(20);
        var theta = new Parameter(torch.tensor(new[] { 2.0 }));
        using var sgd = OptimizerFactory.Create(new OptimizerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 1e-3 }, [theta]);
        var secondDerivatives = new List<double>();
        for (var step = 0; step < steps; step++)
        {
            using var inner = torch.NewDisposeScope();
            sgd.Step(() => surface.Loss(theta));
            var x = theta.detach().item<double>();
            if (step >= steps - tail) secondDerivatives.Add(-Enumerable.Range(1, 20).Sum(k => (double)k * k * Math.Sin((double)k * k * x)));
        }
        var expected = secondDerivatives.Average();
        Assert.Equal(expected, metrics["curvature_tail"], 1e-9 * Math.Abs(expected));
    }

    [Fact]
    public void Run_CurvatureTailOfOneStep_IsTheEndPointCurvature()
    {
        var metrics = Run(new { steps = 30, curvature_tail_steps = 1 });

        Assert.Equal(metrics["curvature_end"], metrics["curvature_tail"]);
    }

    [Fact]
    public void Run_CurvatureTailLongerThanTheRun_AveragesEveryStep()
    {
        var whole = Run(new { steps = 30, curvature_tail_steps = 30 });
        var longer = Run(new { steps = 30, curvature_tail_steps = 1000 });

        Assert.Equal(whole["curvature_tail"], longer["curvature_tail"]);
    }

    [Fact]
    public void Run_FlatnessRiseRequested_IsReportedUnderItsNameAndIsTheRiseAtTheEndPoint()
    {
        var metrics = Run(new { steps = 30 }, "flatness_rise@0.1", "flatness_rise@1");

        Assert.True(metrics.ContainsKey("flatness_rise@0.1") && metrics.ContainsKey("flatness_rise@1"));
        Assert.NotEqual(metrics["flatness_rise@0.1"], metrics["flatness_rise@1"]);
    }

    [Theory]
    [InlineData("flatness_rise@0", "metrics: 'flatness_rise@0' has a malformed value '0' (expected a neighbourhood radius r > 0, e.g. flatness_rise@0.1)")]
    [InlineData("flatness_rise@wide", "metrics: 'flatness_rise@wide' has a malformed value 'wide' (expected a neighbourhood radius r > 0, e.g. flatness_rise@0.1)")]
    public void Run_MalformedFlatnessRadius_ThrowsNamingTheMetricAndTheAllowedValues(string name, string message)
    {
        var error = Assert.Throws<TrialRequestException>(() => Run(new { steps = 1 }, name));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Run_CurvatureTailStepsZero_ThrowsNamingTheKeyAndTheRange()
    {
        var error = Assert.Throws<TrialRequestException>(() => Run(new { curvature_tail_steps = 0 }));

        Assert.Equal("params.curvature_tail_steps: 0 is outside [1, 10000000]", error.Message);
    }

    private static IReadOnlyDictionary<string, double> Run(object parameters, params string[] metrics)
    {
        var request = new TrialRequest
        {
            Kind = "landscape", Seed = 1, Epochs = 1, Threads = 1, Metrics = [.. metrics],
            Params = JsonSerializer.SerializeToElement(parameters).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        };
        return TrialKinds.Create("landscape").Run(request, new NullReporter(), CancellationToken.None);
    }

    private static Tensor Theta(params double[] values) => torch.tensor(values, dtype: ScalarType.Float64);

    /// <summary>f(θ) = ‖θ‖², the surface with known answers.</summary>
    private sealed class SquaredNorm(int dimension) : LandscapeSurface
    {
        private readonly Tensor _none = torch.zeros(1, dtype: ScalarType.Float64).DetachFromDisposeScope();

        public override int Dimension => dimension;

        public override Tensor Constants => _none;

        protected override Tensor Evaluate(Tensor theta) => theta.square().sum();

        public override void Dispose() => _none.Dispose();
    }

    private sealed class NullReporter : ITrialReporter
    {
        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
        }
    }
}
