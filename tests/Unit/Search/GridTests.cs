using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Search;

public sealed class GridTests
{
    private static ParamValue Number(string name, double value) => new(name, ParamType.Number, value, null, false);

    private static ParamValue Text(string name, string value) => new(name, ParamType.Text, 0, value, false);

    private static SpaceParam Values(string name, params ParamValue[] values) => new(name, Distribution.Values, values, 0, 0);

    private static SpaceParam Int(string name, double low, double high) => new(name, Distribution.Int, [], low, high);

    [Fact]
    public void Points_NoSpace_IsOneEmptyPoint()
    {
        var points = Grid.Points([]);

        var point = Assert.Single(points);
        Assert.Empty(point);
    }

    [Fact]
    public void Points_TwoParameters_VaryTheFirstSlowest()
    {
        var space = new[]
        {
            Values("activation", Text("activation", "relu"), Text("activation", "tanh")),
            Int("depth", 1, 3),
        };

        var points = Grid.Points(space);

        Assert.Equal(
        [
            "activation=relu, depth=1", "activation=relu, depth=2", "activation=relu, depth=3",
            "activation=tanh, depth=1", "activation=tanh, depth=2", "activation=tanh, depth=3",
        ], points.Select(ParamFormat.Setting));
        Assert.Equal([Text("activation", "tanh"), Number("depth", 2)], points[4]);
    }

    [Fact]
    public void Points_ThreeParameters_AreTheFullProductInOrder()
    {
        var space = new[] { Int("x", 0, 1), Int("y", 0, 1), Int("z", 0, 1) };

        var points = Grid.Points(space);

        Assert.Equal(
            ["000", "001", "010", "011", "100", "101", "110", "111"],
            points.Select(p => string.Concat(p.Select(v => ParamFormat.Value(v)))));
    }

    [Fact]
    public void ValuesOf_IntRange_IsInclusiveAtBothEnds()
    {
        Assert.Equal([Number("w", -2), Number("w", -1), Number("w", 0), Number("w", 1)], Grid.ValuesOf(Int("w", -2, 1)));
    }

    [Fact]
    public void ValuesOf_SingleValueIntRange_IsThatValue()
    {
        Assert.Equal([Number("w", 4)], Grid.ValuesOf(Int("w", 4, 4)));
    }

    [Fact]
    public void ValuesOf_ListedValues_AreTheListInOrder()
    {
        var values = new[] { Number("p", 1), Number("p", 0.1), Number("p", 0) };

        Assert.Equal(values, Grid.ValuesOf(Values("p", values)));
    }

    [Theory]
    [InlineData(Distribution.Uniform)]
    [InlineData(Distribution.LogUniform)]
    public void ValuesOf_ContinuousRange_Throws(Distribution distribution)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Grid.ValuesOf(new SpaceParam("lr", distribution, [], 0.1, 1)));

        Assert.Equal($"lr: a {distribution} range cannot be enumerated", error.Message);
    }
}
