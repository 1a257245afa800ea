using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Search;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio and Kégl 2011) with Optuna 3.1's defaults, one
/// parameter at a time (Optuna's independent sampler). Until <see cref="TpeOptions.StartupTrials"/> trials have
/// finished, points are drawn from the priors; then the finished trials are split by loss into the γ(n) best and the
/// rest, a Parzen estimator l(x) is fitted to the best and g(x) to the rest (log scale for log_uniform), and of
/// <see cref="TpeOptions.Candidates"/> draws from l(x) the one maximising l(x)/g(x) is suggested. Suggestion k draws
/// from its own stream of (seed, k), so the campaign persists only how many it made. With several objectives it is
/// MOTPE (Ozaki et al. 2020, Optuna 3.1's version): only the split into good and rest and the good trials' weights
/// differ (<see cref="ParetoSplit"/>).
/// </summary>
public sealed class TpeSearcher(IReadOnlyList<SpaceParam> space, long seed, TpeOptions? options = null) : ISearcher
{
    private readonly TpeOptions _options = options ?? new TpeOptions();

    /// <inheritdoc />
    public IReadOnlyList<ParamValue> Suggest(IReadOnlyList<Observation> history, int suggestion)
    {
        var random = SplitMixRandom.For(seed, suggestion);
        if (history.Count < _options.StartupTrials)
            return space.Select(parameter => Prior(parameter, random)).ToList();

        var (good, goodWeights, bad) = Split(history, _options.Good(history.Count));
        var badWeights = TpeOptions.Weights(bad.Length);

        var point = new List<ParamValue>(space.Count);
        for (var p = 0; p < space.Count; p++)
        {
            var parameter = space[p];
            if (parameter.Distribution == Distribution.Values)
            {
                int Choice(int trial) => ChoiceIndex(parameter, history[trial].Point[p]);
                var l = new CategoricalEstimator(good.Select(Choice).ToList(), goodWeights, parameter.Values.Count, _options.PriorWeight);
                var g = new CategoricalEstimator(bad.Select(Choice).ToList(), badWeights, parameter.Values.Count, _options.PriorWeight);
                var best = Best(() => l.Sample(random), c => l.LogProbability(c) - g.LogProbability(c));
                point.Add(parameter.Values[best]);
            }
            else
            {
                var (low, high, step) = Bounds(parameter);
                double Internal(int trial) => ToInternal(parameter, history[trial].Point[p].Number);
                var l = new ParzenEstimator(good.Select(Internal).ToList(), goodWeights, low, high, step, _options.PriorWeight, _options.DensityWithoutScale);
                var g = new ParzenEstimator(bad.Select(Internal).ToList(), badWeights, low, high, step, _options.PriorWeight, _options.DensityWithoutScale);
                var best = Best(() => l.Sample(random), x => l.LogDensity(x) - g.LogDensity(x));
                point.Add(Number(parameter, FromInternal(parameter, best)));
            }
        }
        return point;
    }

    /// <summary>
    /// The good trials with their weights and the rest, each in trial order (so the weights' ramp discounts the oldest
    /// trials). One objective: the first <paramref name="goodCount"/> (stable) by finished before stopped, later
    /// stopping epoch before earlier, then loss, weighted by the ramp; several: <see cref="ParetoSplit"/>.
    /// </summary>
    internal static (int[] Good, double[] GoodWeights, int[] Bad) Split(IReadOnlyList<Observation> history, int goodCount)
    {
        if (history[0].Losses.Count > 1) return ParetoSplit.Split(history.Select(o => o.Losses).ToList(), goodCount);
        var byLoss = Enumerable.Range(0, history.Count)
            .OrderBy(i => history[i].StoppedEpoch is null ? 0 : 1)
            .ThenByDescending(i => history[i].StoppedEpoch ?? 0)
            .ThenBy(i => history[i].Loss)
            .ToArray();
        var good = byLoss.Take(goodCount).Order().ToArray();
        return (good, TpeOptions.Weights(good.Length), byLoss.Skip(goodCount).Order().ToArray());
    }

    private T Best<T>(Func<T> draw, Func<T, double> score)
    {
        var best = draw();
        var bestScore = score(best);
        for (var c = 1; c < _options.Candidates; c++)
        {
            var candidate = draw();
            var candidateScore = score(candidate);
            if (candidateScore > bestScore) (best, bestScore) = (candidate, candidateScore);
        }
        return best;
    }

    /// <summary>A draw from the parameter's prior: uniform over the range (log range), the integers or the choices.</summary>
    private static ParamValue Prior(SpaceParam parameter, SplitMixRandom random)
    {
        if (parameter.Distribution == Distribution.Values) return parameter.Values[random.NextInt(parameter.Values.Count)];
        if (parameter.Distribution == Distribution.Int)
            return Number(parameter, parameter.Low + random.NextInt((int)(parameter.High - parameter.Low) + 1));
        var (low, high, _) = Bounds(parameter);
        return Number(parameter, FromInternal(parameter, low + (high - low) * random.NextDouble()));
    }

    private static (double Low, double High, double? Step) Bounds(SpaceParam parameter) => parameter.Distribution switch
    {
        Distribution.LogUniform => (Math.Log(parameter.Low), Math.Log(parameter.High), null),
        Distribution.Int => (parameter.Low, parameter.High, 1.0),
        _ => (parameter.Low, parameter.High, null),
    };

    private static double ToInternal(SpaceParam parameter, double value) =>
        parameter.Distribution == Distribution.LogUniform ? Math.Log(value) : value;

    private static double FromInternal(SpaceParam parameter, double value) => parameter.Distribution switch
    {
        // exp(log(high)) can land an ulp outside the range.
        Distribution.LogUniform => Math.Clamp(Math.Exp(value), parameter.Low, parameter.High),
        Distribution.Int => Math.Clamp(Math.Round(value), parameter.Low, parameter.High),
        _ => Math.Clamp(value, parameter.Low, parameter.High),
    };

    private static int ChoiceIndex(SpaceParam parameter, ParamValue value)
    {
        var setting = ParamFormat.Value(value);
        for (var c = 0; c < parameter.Values.Count; c++)
            if (parameter.Values[c].Type == value.Type && ParamFormat.Value(parameter.Values[c]) == setting) return c;
        throw new ArgumentException($"{parameter.Name}: {setting} is not one of its values", nameof(value));
    }

    private static ParamValue Number(SpaceParam parameter, double value) => new(parameter.Name, ParamType.Number, value, null, false);
}
