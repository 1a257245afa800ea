using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class ReducedHessianTests
{
    public ReducedHessianTests() => TorchTestSetup.Ensure();

    [Fact]
    public void WeightMatrix_TinyMlp_EqualsTheClosedFormLastLayerHessian()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = TinyProblem();
        using var _ = model;

        var matrix = ReducedHessian.WeightMatrix(ClassifierLoss.Mean(model, x, y), model.OutputLayer.weight!);

        // z = w·h + b with h the last hidden activations, so ∂²BCE/∂w² = mean σ(z)(1 − σ(z)) h hᵀ.
        var expected = ClosedFormLastLayerHessian(model, x);
        Assert.Equal([5L, 5L], matrix.shape);
        Assert.True((matrix - expected).abs().max().item<double>() < 1e-12, $"max difference {(matrix - expected).abs().max().item<double>()}");
    }

    [Fact]
    public void WeightTop_TinyMlp_IsTheLargestEigenvalueOfTheExplicitMatrix()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = TinyProblem();
        using var _ = model;

        var top = ReducedHessian.WeightTop(ClassifierLoss.Mean(model, x, y), model.OutputLayer.weight!);

        var expected = torch.linalg.eigvalsh(ClosedFormLastLayerHessian(model, x)).max().item<double>();
        Assert.Equal(expected, top, 1e-12);
        Assert.True(top > 0);
    }

    [Fact]
    public void InputTop_SameQuadraticForEverySample_IsItsTopEigenvalue()
    {
        using var quadratic = new QuadraticLoss();
        var x = torch.randn([7, 6], dtype: ScalarType.Float64, generator: new Generator(2));

        var top = ReducedHessian.InputTop(inputs => 0.5 * (inputs.matmul(quadratic.A) * inputs).sum(1), x, 6);

        Assert.Equal(4, top, 1e-10);
    }

    [Fact]
    public void InputTop_FirstFeaturesOnly_IsTheTopEigenvalueOfTheLeadingBlock()
    {
        using var quadratic = new QuadraticLoss();
        var x = torch.randn([3, 6], dtype: ScalarType.Float64, generator: new Generator(2));

        var top = ReducedHessian.InputTop(inputs => 0.5 * (inputs.matmul(quadratic.A) * inputs).sum(1), x, 3);

        var block = quadratic.A.narrow(0, 0, 3).narrow(1, 0, 3);
        Assert.Equal(torch.linalg.eigvalsh(block).max().item<double>(), top, 1e-10);
    }

    [Fact]
    public void InputTop_SampleDependentCurvature_AveragesThePerSampleEigenvalues()
    {
        using var scope = torch.NewDisposeScope();
        // ℓᵢ = ½·cᵢ·‖xᵢ‖² has Hessian cᵢ·I: per-sample λ_max = cᵢ, batch mean 2.5.
        var curvature = torch.tensor(new double[] { 1, 2, 3, 4 });
        var x = torch.randn([4, 5], dtype: ScalarType.Float64, generator: new Generator(4));

        var top = ReducedHessian.InputTop(inputs => 0.5 * curvature * inputs.square().sum(1), x, 5);

        Assert.Equal(2.5, top, 1e-12);
    }

    [Fact]
    public void InputTop_TooManyFeatures_ThrowsBeforeReachingLibtorch()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2, 3], dtype: ScalarType.Float64);

        Assert.Throws<ArgumentOutOfRangeException>(() => ReducedHessian.InputTop(inputs => inputs.sum(1), x, 4));
    }

    private static (Mlp Model, Tensor X, Tensor Y) TinyProblem()
    {
        torch.manual_seed(7);
        var generator = new Generator(8);
        var x = torch.randn([40, 3], dtype: ScalarType.Float64, generator: generator);
        var y = torch.rand([40], dtype: ScalarType.Float64, generator: generator).gt(0.5).to(ScalarType.Float64);
        var model = new Mlp(torch.zeros(3), torch.ones(3), 5, 1, Activation.Tanh, ScalarType.Float64);
        return (model, x, y);
    }

    private static Tensor ClosedFormLastLayerHessian(Mlp model, Tensor x)
    {
        using var noGrad = torch.no_grad();
        var hidden = torch.tanh(model.HiddenLayers[0].call(x));
        var logits = model.OutputLayer.call(hidden).squeeze(-1);
        var curvature = torch.sigmoid(logits) * (1 - torch.sigmoid(logits));
        return (hidden.t() * curvature).matmul(hidden) / x.shape[0];
    }
}
