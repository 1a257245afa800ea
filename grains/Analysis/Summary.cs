namespace Goldstone.Grains.Analysis;

/// <summary>Mean and the half-width of its 95% Student-t confidence interval; NaN values are excluded and counted.</summary>
public readonly record struct Summary(int N, double Mean, double HalfWidth, int NaNCount)
{
    /// <summary>Confidence level of every interval Goldstone prints.</summary>
    public const double Confidence = 0.95;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, double> Quantiles = new();

    /// <summary>t₀.₉₇₅ for <paramref name="degreesOfFreedom"/>, computed once per degree (a table has few distinct n).</summary>
    private static double TwoSidedQuantile(int degreesOfFreedom) =>
        Quantiles.GetOrAdd(degreesOfFreedom, df => StudentT.Quantile(1 - (1 - Confidence) / 2, df));

    /// <summary>Summarises <paramref name="values"/>; the half-width is NaN below two values.</summary>
    public static Summary Of(IEnumerable<double> values)
    {
        var all = values.ToList();
        var finite = all.Where(v => !double.IsNaN(v)).ToList();
        var nanCount = all.Count - finite.Count;
        if (finite.Count == 0) return new Summary(0, double.NaN, double.NaN, nanCount);
        var mean = finite.Average();
        if (finite.Count < 2) return new Summary(1, mean, double.NaN, nanCount);
        var variance = finite.Sum(v => (v - mean) * (v - mean)) / (finite.Count - 1);
        var t = TwoSidedQuantile(finite.Count - 1);
        return new Summary(finite.Count, mean, t * Math.Sqrt(variance / finite.Count), nanCount);
    }
}
