using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Search;

public sealed class RandomSearchTests
{
    private const int ManySamples = 2000;

    private static readonly SpaceParam[] MixedSpace =
    [
        new("lr", Distribution.LogUniform, [], 1e-4, 1e-1),
        new("penalty", Distribution.Uniform, [], -2, 3),
        new("depth", Distribution.Int, [], 1, 3),
        new("activation", Distribution.Values, [Text("relu"), Text("tanh"), Text("silu")], 0, 0),
    ];

    private static ParamValue Text(string value) => new("activation", ParamType.Text, 0, value, false);

    private static List<IReadOnlyList<ParamValue>> Draw(int samples = ManySamples, long seed = 7) => RandomSearch.Points(MixedSpace, samples, seed).ToList();

    private static IEnumerable<double> Column(IEnumerable<IReadOnlyList<ParamValue>> points, int index) => points.Select(p => p[index].Number);

    [Fact]
    public void Points_SameSeed_GivesTheSamePoints()
    {
        Assert.Equal(Draw(50).Select(ParamFormat.Setting), Draw(50).Select(ParamFormat.Setting));
    }

    [Fact]
    public void Points_OtherSeed_GivesOtherPoints()
    {
        Assert.NotEqual(Draw(50, seed: 7).Select(ParamFormat.Setting), Draw(50, seed: 8).Select(ParamFormat.Setting));
    }

    [Fact]
    public void Points_SeedsDifferingOnlyInHighBits_GiveOtherPoints()
    {
        Assert.NotEqual(Draw(50, seed: 1).Select(ParamFormat.Setting), Draw(50, seed: 1 + (1L << 40)).Select(ParamFormat.Setting));
    }

    [Fact]
    public void Points_FewerSamples_AreAPrefixOfMoreSamples()
    {
        Assert.Equal(Draw(10).Select(ParamFormat.Setting), Draw(50).Take(10).Select(ParamFormat.Setting));
    }

    [Fact]
    public void Points_Samples_GivesThatManyPointsWithEveryParameterInSpaceOrder()
    {
        var points = Draw(25);

        Assert.Equal(25, points.Count);
        Assert.All(points, p => Assert.Equal(["lr", "penalty", "depth", "activation"], p.Select(v => v.Name)));
        Assert.All(points, p => Assert.Equal([ParamType.Number, ParamType.Number, ParamType.Number, ParamType.Text], p.Select(v => v.Type)));
    }

    [Fact]
    public void Points_ZeroSamples_AreNone()
    {
        Assert.Empty(RandomSearch.Points(MixedSpace, 0, 1));
    }

    [Fact]
    public void Points_Uniform_StaysWithinItsBoundsAndSpreadsOverThem()
    {
        var penalty = Column(Draw(), 1).ToList();

        Assert.All(penalty, v => Assert.InRange(v, -2, 3));
        Assert.True(penalty.Min() < -1.9, $"lowest draw {penalty.Min()}");
        Assert.True(penalty.Max() > 2.9, $"highest draw {penalty.Max()}");
    }

    [Fact]
    public void Points_LogUniform_StaysWithinItsBoundsAndIsUniformInTheLog()
    {
        var lr = Column(Draw(), 0).ToList();

        Assert.All(lr, v => Assert.InRange(v, 1e-4, 1e-1));
        // Uniform in the log: each of the three decades holds about a third of the draws (a linear draw would put
        // 90% in the top decade).
        var perDecade = lr.GroupBy(v => (int)Math.Floor(Math.Log10(v))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([-4, -3, -2], perDecade.Keys.Order());
        Assert.All(perDecade.Values, count => Assert.InRange(count, ManySamples / 4, ManySamples / 2));
    }

    [Fact]
    public void Points_Int_DrawsIntegersIncludingBothEnds()
    {
        var depth = Column(Draw(), 2).ToList();

        Assert.All(depth, v => Assert.Equal(Math.Floor(v), v));
        Assert.Equal([1.0, 2.0, 3.0], depth.Distinct().Order());
    }

    [Fact]
    public void Points_SingleValueIntRange_AlwaysDrawsIt()
    {
        var points = RandomSearch.Points([new SpaceParam("depth", Distribution.Int, [], 5, 5)], 20, 3);

        Assert.All(points, p => Assert.Equal(5, p[0].Number));
    }

    [Fact]
    public void Points_Values_PicksEveryMemberAndNothingElse()
    {
        var activations = Draw().Select(p => p[3]).ToList();

        Assert.Equal(["relu", "silu", "tanh"], activations.Select(v => v.Text!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(activations, v => Assert.Contains(v, MixedSpace[3].Values));
    }
}
