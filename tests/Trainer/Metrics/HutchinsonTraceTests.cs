using Goldstone.Trainer.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class HutchinsonTraceTests
{
    public HutchinsonTraceTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Average_AllSignVectorsOfAQuadratic_IsExactlyTheTrace()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);
        var probes = new List<IReadOnlyList<Tensor>>();
        for (var bits = 0; bits < 64; bits++)
        {
            var signs = Enumerable.Range(0, 6).Select(i => (bits >> i & 1) == 1 ? 1.0 : -1.0).ToArray();
            probes.Add([torch.tensor(signs[..4]).reshape(2, 2), torch.tensor(signs[4..])]);
        }

        var estimate = HutchinsonTrace.Average(hessian.Apply, probes);

        Assert.Equal(64, estimate.Probes);
        Assert.Equal(QuadraticLoss.Eigenvalues.Sum(), estimate.Trace, 1e-12);
    }

    [Fact]
    public void Estimate_ManyRademacherProbes_ConvergesToTheTrace()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);
        var trace = QuadraticLoss.Eigenvalues.Sum();

        var few = HutchinsonTrace.Estimate(hessian.Apply, quadratic.Parameters, 20, new Generator(1));
        var many = HutchinsonTrace.Estimate(hessian.Apply, quadratic.Parameters, 5000, new Generator(1));

        Assert.InRange(many.Trace, trace - 4 * many.StandardError, trace + 4 * many.StandardError);
        Assert.True(many.StandardError < few.StandardError / 10, $"standard errors {few.StandardError} → {many.StandardError}");
        Assert.True(Math.Abs(many.Trace - trace) < 0.03 * trace, $"estimate {many.Trace}, trace {trace}");
    }

    [Fact]
    public void Rademacher_AnyTemplate_HasOnlyPlusAndMinusOneOfItsShapeAndType()
    {
        using var scope = torch.NewDisposeScope();
        var templates = new[] { torch.zeros([3, 4], dtype: ScalarType.Float32), torch.zeros([5], dtype: ScalarType.Float64) };

        var probe = HutchinsonTrace.Rademacher(templates, new Generator(2));

        Assert.Equal([3L, 4L], probe[0].shape);
        Assert.Equal(ScalarType.Float64, probe[1].dtype);
        Assert.All(probe, p => Assert.True(p.abs().eq(1).all().item<bool>()));
    }

    [Fact]
    public void Estimate_SameSeed_GivesTheSameEstimate()
    {
        using var quadratic = new QuadraticLoss();
        using var hessian = new HessianVectorProduct(quadratic.Loss, quadratic.Parameters);

        var first = HutchinsonTrace.Estimate(hessian.Apply, quadratic.Parameters, 30, new Generator(9));
        var second = HutchinsonTrace.Estimate(hessian.Apply, quadratic.Parameters, 30, new Generator(9));

        Assert.Equal(first, second);
    }
}
