using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class HessianTests
{
    public HessianTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Apply_SmallMlp_EqualsFiniteDifferenceOfTheGradient()
    {
        torch.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        var generator = new Generator(4);
        var x = torch.randn([32, 5], dtype: ScalarType.Float64, generator: generator);
        var y = torch.rand([32], dtype: ScalarType.Float64, generator: generator).gt(0.5).to(ScalarType.Float64);
        using var model = new Mlp(torch.zeros(5), torch.ones(5), 6, 2, Activation.Tanh, ScalarType.Float64);
        var parameters = model.parameters().ToArray();
        Tensor Loss() => nn.functional.binary_cross_entropy_with_logits(model.call(x), y);
        var v = parameters.Select(p => torch.randn(p.shape, dtype: ScalarType.Float64, generator: generator)).ToArray();

        using var hvp = new HessianVectorProduct(Loss, parameters);
        var product = hvp.Apply(v);

        const double epsilon = 1e-5;
        var plus = GradientAt(parameters, v, epsilon, Loss);
        var minus = GradientAt(parameters, v, -epsilon, Loss);
        for (var i = 0; i < parameters.Length; i++)
        {
            var finiteDifference = (plus[i] - minus[i]) / (2 * epsilon);
            var error = (product[i] - finiteDifference).abs().max().item<double>();
            var scale = finiteDifference.abs().max().item<double>();
            Assert.True(error <= 1e-6 * Math.Max(scale, 1), $"parameter {i}: error {error}, scale {scale}");
        }
    }

    [Fact]
    public void TopEigenvalue_QuadraticLoss_FindsTheLargestEigenvalueOfA()
    {
        using var scope = torch.NewDisposeScope();
        // A = Q diag(7, 3, −2, 1) Qᵀ with Q a Householder reflection, so that A is dense with known spectrum.
        var u = torch.tensor(new double[] { 1, 2, -1, 0.5 });
        var q = torch.eye(4, dtype: ScalarType.Float64) - 2 * torch.outer(u, u) / u.dot(u);
        var a = q.matmul(torch.diag(torch.tensor(new double[] { 7, 3, -2, 1 }))).matmul(q.t());
        var theta = new Parameter(torch.tensor(new double[] { 0.3, -0.1, 0.2, 0.5 }));
        using var hvp = new HessianVectorProduct(() => 0.5 * theta.dot(a.matmul(theta)), [theta]);

        var result = PowerIteration.TopEigenvalue(hvp.Apply, [torch.ones(4, dtype: ScalarType.Float64)], 200, 1e-3);

        Assert.True(result.Converged);
        Assert.Equal(7, result.Eigenvalue, 7e-3);
    }

    [Fact]
    public void TopEigenvalue_NegativeDominantEigenvalue_ReturnsItWithItsSign()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.diag(torch.tensor(new double[] { -5, 1, 0.5 }));

        var result = PowerIteration.TopEigenvalue(v => [a.matmul(v[0])], [torch.tensor(new double[] { 1, 1, 1 })], 100, 1e-9);

        Assert.Equal(-5, result.Eigenvalue, 1e-6);
    }

    [Fact]
    public void TopEigenvalue_IterationLimit_StopsUnconverged()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.diag(torch.tensor(new double[] { 1, 0.999 }));

        var result = PowerIteration.TopEigenvalue(v => [a.matmul(v[0])], [torch.tensor(new double[] { 1, 1 })], 3, 1e-12);

        Assert.False(result.Converged);
        Assert.Equal(3, result.Iterations);
    }

    [Fact]
    public void Apply_LossLinearInAParameter_GivesZeroForIt()
    {
        using var scope = torch.NewDisposeScope();
        var w = new Parameter(torch.tensor(new double[] { 1, 2 }));
        var b = new Parameter(torch.tensor(new double[] { 3 }));
        using var hvp = new HessianVectorProduct(() => w.square().sum() + 4 * b.sum(), [w, b]);

        var product = hvp.Apply([torch.tensor(new double[] { 1, -1 }), torch.tensor(new double[] { 5 })]);

        Assert.Equal([2.0, -2.0], product[0].data<double>().ToArray());
        Assert.Equal([0.0], product[1].data<double>().ToArray());
    }

    [Fact]
    public void Apply_WrongShape_ThrowsBeforeReachingLibtorch()
    {
        using var scope = torch.NewDisposeScope();
        var w = new Parameter(torch.ones(3));
        using var hvp = new HessianVectorProduct(() => w.square().sum(), [w]);

        var error = Assert.Throws<ArgumentException>(() => hvp.Apply([torch.ones(4)]));

        Assert.StartsWith("tensor 0 has shape [4], expected [3]", error.Message);
    }

    [Fact]
    public void Apply_ManyProducts_ReuseTheGraphWithoutFreeingIt()
    {
        using var scope = torch.NewDisposeScope();
        var w = new Parameter(torch.tensor(new double[] { 1, 2 }));
        using var hvp = new HessianVectorProduct(() => w.pow(3).sum(), [w]);

        for (var i = 0; i < 5; i++)
            Assert.Equal([6.0, 12.0], hvp.Apply([torch.ones(2, dtype: ScalarType.Float64)])[0].data<double>().ToArray());
    }

    private static Tensor[] GradientAt(Parameter[] parameters, Tensor[] direction, double step, Func<Tensor> loss)
    {
        using (torch.no_grad())
            for (var i = 0; i < parameters.Length; i++) parameters[i].add_(direction[i] * step);
        var gradient = torch.autograd.grad([loss()], parameters).Select(g => g.detach().clone()).ToArray();
        using (torch.no_grad())
            for (var i = 0; i < parameters.Length; i++) parameters[i].sub_(direction[i] * step);
        return gradient;
    }
}
