using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>examples/rolling-ball.yaml (study D) as the parser reads it: the rows and baseline the results doc describes.</summary>
public sealed class RollingBallExampleTests
{
    [Fact]
    public void Parse_Example_Has30StartsOfSgdAndTwoProjectionsOverSixRadiiWithAnSgdBaseline()
    {
        var result = SpecParser.Parse(Repository.Read("examples/rolling-ball.yaml"));

        Assert.Empty(result.Errors);
        var spec = result.Spec!;
        var points = Grid.Points(spec.Search.Space);
        Assert.Equal(30, spec.Seeds.Count);
        Assert.Equal(2 * 2 * 6, points.Count);
        Assert.Equal([20.0, 200.0], Grid.ValuesOf(spec.Search.Space.Single(p => p.Name == "inner_steps")).Select(v => v.Number));
        Assert.Contains(new ParamValue("inner_horizon", ParamType.Number, 1, null, false), spec.Params);
        Assert.Equal(
            [new ParamValue("optimizer", ParamType.Text, 0, "sgd", false), new ParamValue("inner_steps", ParamType.Number, 20, null, false),
                new ParamValue("radius", ParamType.Number, 0, null, false)],
            spec.Table.Baseline!);
        Assert.Contains("flatness_rise@0.1", spec.Table.Metrics);
        Assert.Contains("curvature_tail", spec.Table.Metrics);
    }
}
