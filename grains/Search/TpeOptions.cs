namespace Goldstone.Grains.Search;

/// <summary>
/// Settings of <see cref="TpeSearcher"/>. Every default is Optuna 3.1's <c>TPESampler</c> default, the anchor the
/// benchmark compares against (bench/RESULTS.md, "TPE beside Optuna").
/// </summary>
public sealed record TpeOptions
{
    /// <summary>Finished trials before the model is used; until then points are drawn from the priors. Default 10.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) per suggestion, of which the one maximising l(x)/g(x) is kept. Default 24.</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>Weight of the prior component (the whole range) in each mixture. Default 1.0.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Most trials in the "good" group l(x): γ(n) = min(⌈0.1·n⌉, 25). Default 25.</summary>
    public int MaxGood { get; init; } = 25;

    /// <summary>
    /// Score candidates with a continuous density that lacks the 1/σ factor of each Gaussian, as Optuna 3.1.0's
    /// <c>_truncnorm.logpdf</c> does (Debian's python3-optuna; bench/RESULTS.md). Default false: the true density.
    /// Only for the side-by-side benchmark.
    /// </summary>
    public bool DensityWithoutScale { get; init; }

    /// <summary>Fraction of finished trials in the good group, before the cap. Default 0.1.</summary>
    public double GoodFraction { get; init; } = 0.1;

    /// <summary>The number of trials in the good group out of <paramref name="finished"/>: Optuna's <c>default_gamma</c>.</summary>
    public int Good(int finished) => Math.Min((int)Math.Ceiling(GoodFraction * finished), MaxGood);

    /// <summary>
    /// The weights of <paramref name="count"/> observations in trial order: equal up to 25, then the newest 25 weigh 1
    /// and older ones ramp linearly from 1/n to 1 (Optuna's <c>default_weights</c>).
    /// </summary>
    public static double[] Weights(int count)
    {
        const int flat = 25;
        var weights = new double[count];
        if (count < flat)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }
        var ramp = count - flat;
        for (var i = 0; i < ramp; i++)
            weights[i] = ramp == 1 ? 1.0 / count : 1.0 / count + (1.0 - 1.0 / count) * i / (ramp - 1);
        for (var i = ramp; i < count; i++) weights[i] = 1.0;
        return weights;
    }
}
