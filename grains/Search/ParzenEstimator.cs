namespace Goldstone.Grains.Search;

/// <summary>
/// A one-dimensional Parzen estimator over a numeric range (Bergstra et al. 2011, with Optuna 3.1's choices): one
/// truncated Gaussian per observation plus a prior one centred on the range with the range's width. A component's σ is
/// the larger gap to its sorted neighbours (the range's ends stand in for the outermost neighbours' missing side, but
/// the outermost components take their one inner gap: consider_endpoints false), clipped to [width / min(100, n + 1),
/// width] (the "magic clip"). An integer range is widened by half a step on each side and its density is the mass of
/// the step around a value. Works on whatever scale it is given (log for log_uniform).
/// </summary>
public sealed class ParzenEstimator
{
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _weights;
    private readonly double _low;
    private readonly double _high;
    private readonly double? _step;
    private readonly bool _withoutScale;

    /// <summary>The mixture of <paramref name="observations"/> (trial order) weighted by <paramref name="weights"/>, on [low, high].</summary>
    /// <remarks><paramref name="withoutScale"/>: see <see cref="TpeOptions.DensityWithoutScale"/>.</remarks>
    public ParzenEstimator(IReadOnlyList<double> observations, IReadOnlyList<double> weights, double low, double high, double? step, double priorWeight, bool withoutScale = false)
    {
        _step = step;
        _withoutScale = withoutScale;
        if (step is { } q)
        {
            low -= 0.5 * q;
            high += 0.5 * q;
        }
        _low = low;
        _high = high;
        var n = observations.Count;
        var width = high - low;
        _mus = new double[n + 1];
        _weights = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            _mus[i] = observations[i];
            _weights[i] = weights[i];
        }
        // The prior last, as Optuna appends it.
        _mus[n] = 0.5 * (low + high);
        _weights[n] = priorWeight;
        var total = _weights.Sum();
        for (var i = 0; i <= n; i++) _weights[i] /= total;

        _sigmas = new double[n + 1];
        var order = Enumerable.Range(0, n + 1).OrderBy(i => _mus[i]).ToArray();
        for (var rank = 0; rank < order.Length; rank++)
        {
            var left = rank == 0 ? low : _mus[order[rank - 1]];
            var right = rank == order.Length - 1 ? high : _mus[order[rank + 1]];
            _sigmas[order[rank]] = Math.Max(_mus[order[rank]] - left, right - _mus[order[rank]]);
        }
        if (order.Length >= 2)
        {
            _sigmas[order[0]] = _mus[order[1]] - _mus[order[0]];
            _sigmas[order[^1]] = _mus[order[^1]] - _mus[order[^2]];
        }
        var minSigma = width / Math.Min(100.0, n + 2);
        for (var i = 0; i <= n; i++) _sigmas[i] = Math.Clamp(_sigmas[i], minSigma, width);
        _sigmas[n] = width;
    }

    /// <summary>One draw: a component chosen by weight, then its truncated Gaussian; rounded to the step for an integer range.</summary>
    public double Sample(SplitMixRandom random)
    {
        var k = random.NextIndex(_weights);
        var x = NormalDistribution.SampleTruncated(_mus[k], _sigmas[k], _low, _high, random.NextDouble());
        if (_step is not { } q) return x;
        var first = _low + 0.5 * q;
        var last = _high - 0.5 * q;
        return Math.Clamp(first + Math.Round((x - first) / q) * q, first, last);
    }

    /// <summary>log of the mixture's density at <paramref name="x"/> (for an integer range, of the mass of its step).</summary>
    public double LogDensity(double x)
    {
        var terms = new double[_mus.Length];
        for (var k = 0; k < _mus.Length; k++)
        {
            var (mu, sigma) = (_mus[k], _sigmas[k]);
            var accepted = NormalDistribution.Mass((_low - mu) / sigma, (_high - mu) / sigma);
            double log;
            if (_step is { } q)
            {
                var upper = Math.Min(x + 0.5 * q, _high);
                var lower = Math.Max(x - 0.5 * q, _low);
                log = Math.Log(Math.Max(NormalDistribution.Mass((lower - mu) / sigma, (upper - mu) / sigma), 1e-300));
            }
            else log = NormalDistribution.LogPdf((x - mu) / sigma) - (_withoutScale ? 0 : Math.Log(sigma));
            terms[k] = Math.Log(_weights[k]) + log - Math.Log(Math.Max(accepted, 1e-300));
        }
        return LogSumExp(terms);
    }

    internal static double LogSumExp(double[] terms)
    {
        var max = terms.Max();
        if (double.IsNegativeInfinity(max)) return max;
        var sum = 0.0;
        foreach (var t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum);
    }
}
