using Goldstone.Trainer.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class LanczosTests
{
    public LanczosTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Run_AsManyStepsAsParameters_FindsEveryEigenvalueOfTheQuadratic()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var result = Curvature.Spectrum(hessian, new Generator(3), steps: 6);

        Assert.Equal(6, result.Steps);
        for (var i = 0; i < 6; i++) Assert.Equal(QuadraticLoss.Eigenvalues[i], result.RitzValues[i], 1e-8);
        Assert.Equal(1, result.Weights.Sum(), 1e-12);
    }

    [Fact]
    public void RitzValues_FullRunOnAQuadraticWithTwoSoftEigenvalues_HoldBothOnce()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var result = Curvature.Spectrum(hessian, new Generator(3), steps: 6);

        Assert.Equal(2, result.RitzValues.Count(v => Math.Abs(v) < 1e-3));
        Assert.Equal(3, result.RitzValues.Count(v => Math.Abs(v) < 1.01));
        Assert.Equal(0, result.RitzValues.Count(v => Math.Abs(v) < 1e-4));
    }

    [Fact]
    public void Run_MoreStepsThanDimensions_StopsAtTheDimension()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var result = Curvature.Spectrum(hessian, new Generator(3), steps: 80);

        Assert.Equal(6, result.Steps);
        Assert.All(QuadraticLoss.Eigenvalues.Zip(result.RitzValues), pair => Assert.Equal(pair.First, pair.Second, 1e-8));
    }

    [Fact]
    public void Run_StartInAnInvariantSubspace_StopsEarlyWithItsExactEigenvalues()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.diag(torch.tensor(new double[] { 5, 3, 2, 1 }));
        var start = torch.tensor(new double[] { 1, 0, 2, 0 });

        var result = Lanczos.Run(v => [a.matmul(v[0])], [start], 4);

        Assert.Equal(2, result.Steps);
        Assert.Equal(2, result.RitzValues[0], 1e-12);
        Assert.Equal(5, result.RitzValues[1], 1e-12);
    }

    [Fact]
    public void SoftFraction_FullRun_IsTheStartVectorsWeightOnTheSoftEigenvectors()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.diag(torch.tensor(new double[] { 3, 1e-5, -2, 2e-4, 1 }));
        var start = torch.tensor(new double[] { 1, 2, 1, 1, 3 });

        var result = Lanczos.Run(v => [a.matmul(v[0])], [start], 5);

        // Soft: entries 1 and 3, with squared start components 4 and 1 of 16.
        Assert.Equal(5.0 / 16, result.SoftFraction(1e-3), 1e-10);
    }

    [Fact]
    public void Run_ManyStepsOnAnIllConditionedOperator_KeepsRitzValuesInsideTheSpectrumWithoutCopies()
    {
        using var scope = torch.NewDisposeScope();
        // Full re-orthogonalisation: without it, converged extreme eigenvalues reappear as spurious copies.
        var eigenvalues = Enumerable.Range(0, 200).Select(i => i < 3 ? 100.0 * (i + 1) : 1e-3 * i).ToArray();
        var a = torch.diag(torch.tensor(eigenvalues));

        var result = Lanczos.Run(v => [a.matmul(v[0])], [torch.ones(200, dtype: ScalarType.Float64)], 60);

        Assert.Equal(60, result.Steps);
        Assert.Equal(3, result.RitzValues.Count(v => v > 1));
        Assert.Equal([100.0, 200.0, 300.0], result.RitzValues.Where(v => v > 1).Select(v => Math.Round(v, 6)));
        Assert.All(result.RitzValues, v => Assert.InRange(v, -1e-9, 300 + 1e-9));
    }

    [Fact]
    public void Run_ZeroStart_Throws()
    {
        using var scope = torch.NewDisposeScope();

        Assert.Throws<ArgumentException>(() => Lanczos.Run(v => [v[0]], [torch.zeros(3, dtype: ScalarType.Float64)], 3));
    }
}
