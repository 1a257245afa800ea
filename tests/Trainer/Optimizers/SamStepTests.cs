using Goldstone.Trainer.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using static Goldstone.Tests.Trainer.Optimizers.OptimizerTestRequests;

namespace Goldstone.Tests.Trainer.Optimizers;

public sealed class SamStepTests
{
    public SamStepTests() => TorchTestSetup.Ensure();

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    public void Step_TinyMlp_PerturbsTheWeightsByANormOfRho(double rho)
    {
        using var scope = torch.NewDisposeScope();
        using var problem = new TinyMlpProblem(ScalarType.Float64);
        using var step = OptimizerFactory.Create(Options(new { optimizer = "sam", rho }), problem.Parameters);
        var gradientNorm = Math.Sqrt(problem.Gradient().SelectMany(g => g).Sum(v => v * v));
        var visited = new List<double[][]>();

        step.Step(() =>
        {
            visited.Add(problem.Snapshot());
            return problem.Loss();
        });

        Assert.Equal(2, visited.Count);
        var perturbation = Math.Sqrt(visited[1].Zip(visited[0]).SelectMany(pair => pair.First.Zip(pair.Second, (a, b) => a - b)).Sum(v => v * v));
        Assert.True(gradientNorm > 0.1, $"‖g‖ = {gradientNorm}: the 1e-7 in the denominator must be negligible for the test to mean ‖e‖ = ρ");
        Assert.Equal(1.0, perturbation / rho, 1e-6);
        Assert.Equal(1.0, perturbation / (rho * gradientNorm / (gradientNorm + OptimizerOptions.SamNormEpsilon)), 1e-12);
    }

    [Fact]
    public void Step_SgdBase_StepsFromTheOriginalWeightsWithTheGradientAtThePerturbedOnes()
    {
        using var scope = torch.NewDisposeScope();
        using var ours = new TinyMlpProblem(ScalarType.Float64);
        using var reference = new TinyMlpProblem(ScalarType.Float64);
        const double rho = 0.2, lr = 0.1;
        using var step = OptimizerFactory.Create(Options(new { optimizer = "sam", sam_base = "sgd", rho, lr }), ours.Parameters);

        var g = reference.Gradient();
        var norm = Math.Sqrt(g.SelectMany(v => v).Sum(v => v * v));
        var original = reference.Snapshot();
        SetParameters(reference, original.Select((w, i) => w.Select((v, j) => v + rho * g[i][j] / (norm + 1e-7)).ToArray()).ToArray());
        var gAtPerturbed = reference.Gradient();
        var expected = original.Select((w, i) => w.Select((v, j) => v - lr * gAtPerturbed[i][j]).ToArray()).ToArray();

        step.Step(ours.Loss);

        var actual = ours.Snapshot();
        for (var i = 0; i < expected.Length; i++)
            for (var j = 0; j < expected[i].Length; j++)
                Assert.Equal(expected[i][j], actual[i][j], 1e-12);
    }

    private static void SetParameters(TinyMlpProblem problem, double[][] values)
    {
        using var noGrad = torch.no_grad();
        for (var i = 0; i < values.Length; i++)
        {
            using var value = torch.tensor(values[i], problem.Parameters[i].shape, dtype: ScalarType.Float64);
            problem.Parameters[i].copy_(value);
        }
    }
}
