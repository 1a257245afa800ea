using Goldstone.Trainer.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class ModeConnectivityTests
{
    public ModeConnectivityTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Path_QuadraticLoss_MatchesTheClosedForm_AndTheBarrierIsTheLargestExcess()
    {
        using var quadratic = new QuadraticLoss();
        var before = quadratic.Parameters.Select(p => p.data<double>().ToArray()).ToList();
        Tensor[] other = [torch.tensor(new double[] { -0.2, 0.4, 0.1, -0.3 }).reshape(2, 2), torch.tensor(new double[] { 0.6, 0.2 })];

        var path = ModeConnectivity.Path(quadratic.Loss, quadratic.Parameters, other, points: 5);

        var a = Flat(quadratic.Parameters);
        var b = Flat(other);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], path.Steps);
        double Loss(Tensor theta) => 0.5 * theta.dot(quadratic.A.matmul(theta)).item<double>();
        for (var i = 0; i < 5; i++) Assert.Equal(Loss((1 - path.Steps[i]) * a + path.Steps[i] * b), path.Losses[i], 1e-12);
        // On a quadratic the excess over the chord is −½t(1−t)·(b−a)ᵀA(b−a): a barrier only where that curvature is negative.
        var curvature = (b - a).dot(quadratic.A.matmul(b - a)).item<double>();
        var expected = new[] { 0, 0.25, 0.5, 0.75, 1 }.Max(t => -0.5 * t * (1 - t) * curvature);
        Assert.Equal(expected, path.Barrier, 1e-12);
        for (var i = 0; i < before.Count; i++) Assert.Equal(before[i], quadratic.Parameters[i].data<double>().ToArray());
    }

    [Fact]
    public void Path_SameNetworkTwice_HasNoBarrier()
    {
        using var quadratic = new QuadraticLoss();
        var copy = quadratic.Parameters.Select(p => p.detach().clone()).ToArray();

        var path = ModeConnectivity.Path(quadratic.Loss, quadratic.Parameters, copy, points: 3);

        Assert.Equal(0, path.Barrier);
        Assert.Single(path.Losses.Distinct());
    }

    [Fact]
    public void Path_ShapesDiffer_Throws()
    {
        using var quadratic = new QuadraticLoss();
        Tensor[] other = [torch.zeros(4, dtype: ScalarType.Float64), torch.zeros(2, dtype: ScalarType.Float64)];

        var error = Assert.Throws<ArgumentException>(() => ModeConnectivity.Path(quadratic.Loss, quadratic.Parameters, other));

        Assert.Contains("parameter 0 has shape [2, 2] against [4]", error.Message);
    }

    private static Tensor Flat(IEnumerable<Tensor> tensors) => torch.cat(tensors.Select(t => t.detach().reshape(-1)).ToArray());
}
