using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Search;

/// <summary>
/// MOTPE's split and weights against Optuna 3.1.0's own functions on the same inputs (<c>_split_observation_pairs</c>,
/// <c>_calculate_weights_below_for_multi_objective</c>, <c>WFG().compute</c>; the expected values were printed by
/// Debian's python3-optuna 3.1.0), and the hypervolume against hand calculations.
/// </summary>
public sealed class ParetoSplitTests
{
    // Optuna: np.round(np.random.RandomState(3).rand(12, 2) * 10, 1).
    private static readonly double[][] Two =
    [
        [5.5, 7.1], [2.9, 5.1], [8.9, 9.0], [1.3, 2.1], [0.5, 4.4], [0.3, 4.6],
        [6.5, 2.8], [6.8, 5.9], [0.2, 5.6], [2.6, 4.2], [2.8, 6.9], [4.4, 1.6],
    ];

    // The next 30 draws of that generator, as 10 × 3.
    private static readonly double[][] Three =
    [
        [5.4, 7.8, 3.1], [2.2, 3.9, 9.4], [9.8, 6.7, 9.0], [8.5, 3.8, 0.9], [6.5, 5.6, 3.6],
        [2.3, 4.1, 4.7], [2.7, 2.9, 4.6], [8.6, 5.9, 2.8], [2.8, 4.5, 2.1], [2.0, 5.1, 0.9],
    ];

    private static IReadOnlyList<IReadOnlyList<double>> Losses(double[][] rows) => rows;

    [Fact]
    public void Hypervolume_TwoObjectives_IsTheAreaOfTheUnionOfBoxes()
    {
        // (2.5, 3) lies in (2, 2)'s box; the others add 4 × 1, 3 × 2 and 2 × 1.
        Assert.Equal(12.0, Hypervolume.Of(Losses([[1, 4], [2, 2], [3, 1], [2.5, 3]]), [5, 5]), 12);
    }

    [Fact]
    public void Hypervolume_ThreeObjectives_MatchesOptunasWfg()
    {
        Assert.Equal(75.0, Hypervolume.Of(Losses([[1, 5, 3], [2, 2, 4], [4, 1, 2], [3, 3, 1], [5, 4, 5]]), [6, 6, 6]), 12);
    }

    [Fact]
    public void Hypervolume_PointOutsideTheReference_AddsNothing()
    {
        // (4, 0) ties the reference in x and (2, 5) in y: only (1, 2)'s 3 × 3 box counts.
        Assert.Equal(9.0, Hypervolume.Of(Losses([[1, 2], [4, 0], [2, 5]]), [4, 5]), 12);
    }

    [Fact]
    public void Split_FrontsThatFit_AreTakenWhole()
    {
        // Optuna's ranks: [3, 2, 4, 0, 0, 0, 1, 3, 0, 1, 2, 0]: the first front is exactly five trials.
        var (good, weights, bad) = ParetoSplit.Split(Losses(Two), 5);
        Assert.Equal([3, 4, 5, 8, 11], good);
        Assert.Equal([0, 1, 2, 6, 7, 9, 10], bad);
        double[] optuna = [1.0, 0.022440392707009, 0.028050490883726686, 0.007854137447544115, 0.030855539972085278];
        Assert.Equal(optuna.Length, weights.Length);
        for (var i = 0; i < optuna.Length; i++) Assert.Equal(optuna[i], weights[i], 12);
    }

    [Fact]
    public void Split_FrontThatDoesNotFit_IsCutByGreedyHypervolume()
    {
        Assert.Equal([3, 5, 11], ParetoSplit.Split(Losses(Two), 3).Good);
        var (good, weights, _) = ParetoSplit.Split(Losses(Two), 7);
        Assert.Equal([3, 4, 5, 6, 8, 9, 11], good);
        double[] optuna = [1.0, 0.023633677991281077, 0.029542097489064417, 1.4771048744458669e-13, 0.008271787297044178, 1.4771048744458669e-13, 0.2031019202364544];
        for (var i = 0; i < optuna.Length; i++) Assert.Equal(optuna[i], weights[i], 12);
    }

    [Fact]
    public void Split_ThreeObjectives_MatchesOptuna()
    {
        Assert.Equal([6, 8], ParetoSplit.Split(Losses(Three), 2).Good);
        var (good, weights, _) = ParetoSplit.Split(Losses(Three), 4);
        Assert.Equal([3, 6, 8, 9], good);
        double[] optuna = [0.3290643274854593, 0.5436608187135046, 1.0, 0.6037684210526787];
        for (var i = 0; i < optuna.Length; i++) Assert.Equal(optuna[i], weights[i], 12);
    }

    [Fact]
    public void Front_EqualPoints_BothStayOnIt()
    {
        Assert.Equal([0, 1, 3], ParetoSplit.Front(Losses([[1, 1], [1, 1], [2, 2], [0, 3]]), [0, 1, 2, 3]));
    }

    [Fact]
    public void Suggest_TwoObjectives_SameSeedGivesTheSameSequence_AndMovesTowardsTheFront()
    {
        // Two objectives of one parameter, x² and (x − 2)²: the Pareto set is [0, 2].
        SpaceParam[] space = [new("x", Distribution.Uniform, [], -10, 10)];
        List<string> Run(long seed, out int inSet)
        {
            var searcher = new TpeSearcher(space, seed);
            var history = new List<Observation>();
            var settings = new List<string>();
            inSet = 0;
            for (var k = 0; k < 60; k++)
            {
                var point = searcher.Suggest(history, k);
                var x = point[0].Number;
                history.Add(new Observation(point, [x * x, (x - 2) * (x - 2)]));
                settings.Add(ParamFormat.Setting(point));
                if (k >= 30 && x is >= 0 and <= 2) inSet++;
            }
            return settings;
        }
        var first = Run(5, out _);
        Assert.Equal(first, Run(5, out _));
        Assert.NotEqual(first, Run(6, out _));
        // The prior puts 10% of its draws in [0, 2], 30 of the 300 last suggestions of 10 seeds; the model, fitted to
        // the front, 103 (Optuna 3.1's MOTPE: 126; with its density's missing 1/σ, ours: 121; bench/RESULTS.md).
        var inSet = Enumerable.Range(0, 10).Sum(seed => { Run(seed, out var n); return n; });
        Assert.True(inSet >= 75, $"{inSet} of the last 30 suggestions of 10 seeds lie in the Pareto set [0, 2]");
    }
}
