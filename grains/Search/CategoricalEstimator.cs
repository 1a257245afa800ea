namespace Goldstone.Grains.Search;

/// <summary>
/// A Parzen estimator over the choices of a <c>values</c> parameter: each observation's component puts its mass on the
/// observed choice, smoothed by the prior weight spread over every choice; the prior component is uniform. Mixture
/// weights are the observations' (Optuna 3.1's categorical estimator).
/// </summary>
public sealed class CategoricalEstimator
{
    private readonly double[] _probabilities;

    /// <summary>The mixture of the observed choice indices (trial order) with their weights, over <paramref name="choices"/>.</summary>
    public CategoricalEstimator(IReadOnlyList<int> observations, IReadOnlyList<double> weights, int choices, double priorWeight)
    {
        var n = observations.Count;
        var componentWeights = new double[n + 1];
        for (var i = 0; i < n; i++) componentWeights[i] = weights[i];
        componentWeights[n] = priorWeight;
        var total = componentWeights.Sum();
        var smoothing = priorWeight / (n + 1);
        // Every component's row is smoothing everywhere (+1 at its choice), normalised; the mixture of rows is one row.
        _probabilities = new double[choices];
        for (var k = 0; k <= n; k++)
        {
            var rowTotal = smoothing * choices + (k < n ? 1 : 0);
            for (var c = 0; c < choices; c++)
            {
                var mass = smoothing + (k < n && observations[k] == c ? 1 : 0);
                _probabilities[c] += componentWeights[k] / total * mass / rowTotal;
            }
        }
    }

    /// <summary>A choice index drawn from the mixture.</summary>
    public int Sample(SplitMixRandom random) => random.NextIndex(_probabilities);

    /// <summary>log of the mixture's probability of choice <paramref name="choice"/>.</summary>
    public double LogProbability(int choice) => Math.Log(_probabilities[choice]);
}
