namespace Goldstone.Grains.Analysis;

/// <summary>A percentile bootstrap interval of the mean, seeded so that a table is reproducible.</summary>
public static class Bootstrap
{
    /// <summary>Resamples unless a caller chooses otherwise.</summary>
    public const int DefaultResamples = 10_000;

    /// <summary>The central <paramref name="confidence"/> interval of the resampled means; NaNs when fewer than two values.</summary>
    public static (double Low, double High) MeanInterval(IReadOnlyList<double> values, double confidence = Summary.Confidence,
        int resamples = DefaultResamples, int seed = 0)
    {
        if (values.Count < 2) return (double.NaN, double.NaN);
        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < values.Count; i++) sum += values[random.Next(values.Count)];
            means[r] = sum / values.Count;
        }
        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return (Quantile(means, tail), Quantile(means, 1 - tail));
    }

    /// <summary>Linear interpolation between order statistics (NumPy's default).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
