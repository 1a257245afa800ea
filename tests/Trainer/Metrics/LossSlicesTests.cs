using Goldstone.Trainer.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class LossSlicesTests
{
    public LossSlicesTests() => TorchTestSetup.Ensure();

    [Fact]
    public void FilterNormalisedDirection_EachFilterHasItsWeightsNorm_BiasesGetZero()
    {
        using var quadratic = new QuadraticLoss();

        var direction = LossSlices.FilterNormalisedDirection(quadratic.Parameters, new Generator(5));

        // The [2, 2] matrix has filters (0.3, −0.1) and (0.2, 0.5).
        var rowNorms = direction[0].norm(1).data<double>().ToArray();
        Assert.Equal(Math.Sqrt(0.3 * 0.3 + 0.1 * 0.1), rowNorms[0], 1e-12);
        Assert.Equal(Math.Sqrt(0.2 * 0.2 + 0.5 * 0.5), rowNorms[1], 1e-12);
        Assert.Equal([0.0, 0.0], direction[1].data<double>().ToArray());
    }

    [Fact]
    public void FilterNormalisedDirection_SameGenerator_SameBits_OtherSeed_Differs()
    {
        using var quadratic = new QuadraticLoss();

        var first = LossSlices.FilterNormalisedDirection(quadratic.Parameters, new Generator(5))[0].data<double>().ToArray();
        var again = LossSlices.FilterNormalisedDirection(quadratic.Parameters, new Generator(5))[0].data<double>().ToArray();
        var other = LossSlices.FilterNormalisedDirection(quadratic.Parameters, new Generator(6))[0].data<double>().ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void FilterNormalisedDirection_ZeroFilter_GetsZeroDirection()
    {
        using var scope = torch.NewDisposeScope();
        var weight = new Parameter(torch.tensor(new float[] { 0, 0, 0, 1, 2, 2 }).reshape(2, 3));

        var direction = LossSlices.FilterNormalisedDirection([weight], new Generator(1))[0];

        Assert.Equal([0f, 0f, 0f], direction[0].data<float>().ToArray());
        Assert.Equal(3.0, direction[1].norm().item<float>(), 1e-5);
        Assert.Equal(ScalarType.Float32, direction.dtype);
    }

    [Fact]
    public void Grid_OddCount_IsSymmetricWithZeroInTheMiddle()
    {
        Assert.Equal([-1.0, -0.5, 0.0, 0.5, 1.0], LossSlices.Grid(1, 5));
        var grid = LossSlices.Grid(0.7, 21);
        Assert.Equal(0.0, grid[10]);
        Assert.Equal(-0.7, grid[0]);
        Assert.Equal(0.7, grid[20]);
        Assert.Throws<ArgumentOutOfRangeException>(() => LossSlices.Grid(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LossSlices.Grid(1, 1));
    }

    [Fact]
    public void Line_QuadraticLoss_MatchesTheClosedForm_AndRestoresTheParameters()
    {
        using var quadratic = new QuadraticLoss();
        var before = quadratic.Parameters.Select(p => p.data<double>().ToArray()).ToList();
        var direction = LossSlices.FilterNormalisedDirection(quadratic.Parameters, new Generator(5));
        var steps = LossSlices.Grid(1, 5);

        var values = LossSlices.Line(quadratic.Loss, quadratic.Parameters, direction, steps);

        // L(θ + a·d) = L(θ) + a·θᵀAd + ½a²·dᵀAd.
        var theta = Flat(quadratic.Parameters);
        var d = Flat(direction);
        var loss = 0.5 * theta.dot(quadratic.A.matmul(theta)).item<double>();
        var linear = theta.dot(quadratic.A.matmul(d)).item<double>();
        var curvature = d.dot(quadratic.A.matmul(d)).item<double>();
        for (var i = 0; i < steps.Length; i++)
            Assert.Equal(loss + steps[i] * linear + 0.5 * steps[i] * steps[i] * curvature, values[i], 1e-12);
        Assert.Equal(loss, values[2], 1e-15);
        for (var i = 0; i < before.Count; i++) Assert.Equal(before[i], quadratic.Parameters[i].data<double>().ToArray());
    }

    [Fact]
    public void Plane_QuadraticLoss_MatchesTheClosedForm_RowByRow()
    {
        using var quadratic = new QuadraticLoss();
        var first = LossSlices.FilterNormalisedDirection(quadratic.Parameters, new Generator(5));
        var second = LossSlices.FilterNormalisedDirection(quadratic.Parameters, new Generator(6));
        double[] xs = [-1, 0, 1], ys = [-0.5, 0.5];

        var values = LossSlices.Plane(quadratic.Loss, quadratic.Parameters, first, second, xs, ys);

        var theta = Flat(quadratic.Parameters);
        var (d1, d2) = (Flat(first), Flat(second));
        Assert.Equal(6, values.Length);
        for (var row = 0; row < ys.Length; row++)
        for (var column = 0; column < xs.Length; column++)
        {
            var point = theta + xs[column] * d1 + ys[row] * d2;
            Assert.Equal(0.5 * point.dot(quadratic.A.matmul(point)).item<double>(), values[row * xs.Length + column], 1e-12);
        }
    }

    [Fact]
    public void Line_DirectionOfTheWrongShape_Throws()
    {
        using var quadratic = new QuadraticLoss();
        Tensor[] wrong = [torch.zeros(4, dtype: ScalarType.Float64), torch.zeros(2, dtype: ScalarType.Float64)];

        var error = Assert.Throws<ArgumentException>(() => LossSlices.Line(quadratic.Loss, quadratic.Parameters, wrong, [0.0]));

        Assert.Contains("direction tensor 0 has shape [4], its parameter [2, 2]", error.Message);
    }

    [Fact]
    public void MeanRise_IsTheMeanOverTheGridMinusTheCentre()
    {
        Assert.Equal(1.5, LossSlices.MeanRise([2.0, 1.0, 3.0], 0.5), 1e-15);
    }

    private static Tensor Flat(IEnumerable<Tensor> tensors) => torch.cat(tensors.Select(t => t.detach().reshape(-1)).ToArray());
}
