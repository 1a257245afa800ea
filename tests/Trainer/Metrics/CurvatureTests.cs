using Goldstone.Trainer.Metrics;
using TorchSharp;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class CurvatureTests
{
    public CurvatureTests() => TorchTestSetup.Ensure();

    [Fact]
    public void TopEigenvalue_Quadratic_IsTheEigenvalueOfLargestMagnitude()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var result = Curvature.TopEigenvalue(hessian, new torch.Generator(5), maxIterations: 500, relativeTolerance: 1e-12);

        Assert.True(result.Converged);
        Assert.Equal(4, result.Eigenvalue, 1e-6);
    }

    [Fact]
    public void TopEigenvalue_DefaultTolerance_IsWithinAFewTenthsOfAPercent()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var result = Curvature.TopEigenvalue(hessian, new torch.Generator(5), maxIterations: 100);

        Assert.InRange(result.Eigenvalue, 4 * (1 - 5e-3), 4);
    }

    [Fact]
    public void Trace_Quadratic_IsCloseToTheSumOfEigenvalues()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var estimate = Curvature.Trace(hessian, new torch.Generator(5), probes: 2000);

        Assert.InRange(QuadraticLoss.Eigenvalues.Sum(), estimate.Trace - 4 * estimate.StandardError, estimate.Trace + 4 * estimate.StandardError);
    }

    [Fact]
    public void Parameters_AreTheHessiansVariablesInOrder()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        Assert.Same(quadratic.Matrix, hessian.Parameters[0]);
        Assert.Equal([[2L, 2L], [2L]], hessian.Shapes);
    }
}
