namespace Goldstone.Trainer.Data.RgClt;

/// <summary>
/// Fisher's k-statistics: the unbiased estimators of the cumulants κ₂, κ₃ and κ₄ from a sample of n values,
/// k₂ = n·m₂/(n − 1), k₃ = n²·m₃/((n − 1)(n − 2)), k₄ = n²·((n + 1)·m₄ − 3(n − 1)·m₂²)/((n − 1)(n − 2)(n − 3)),
/// with mᵣ the central sample moments. Sums run in a fixed order in double precision, so equal inputs give
/// bit-identical results.
/// </summary>
/// <param name="Count">Sample size n.</param>
/// <param name="K2">Unbiased estimate of the variance κ₂.</param>
/// <param name="K3">Unbiased estimate of κ₃.</param>
/// <param name="K4">Unbiased estimate of κ₄.</param>
public readonly record struct KStatistics(long Count, double K2, double K3, double K4)
{
    /// <summary>Smallest sample for which k₄ is defined.</summary>
    public const int MinCount = 4;

    /// <summary>The k-statistics of <paramref name="values"/>; NaN when a value is not finite.</summary>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinCount"/> values.</exception>
    public static KStatistics Of(ReadOnlySpan<double> values)
    {
        if (values.Length < MinCount) throw new ArgumentException($"need at least {MinCount} values, got {values.Length}", nameof(values));
        double n = values.Length;
        var sum = 0.0;
        foreach (var value in values) sum += value;
        var mean = sum / n;
        double s2 = 0, s3 = 0, s4 = 0;
        foreach (var value in values)
        {
            var d = value - mean;
            var d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
        }
        double m2 = s2 / n, m3 = s3 / n, m4 = s4 / n;
        var k2 = n * m2 / (n - 1);
        var k3 = n * n * m3 / ((n - 1) * (n - 2));
        var k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3));
        return new KStatistics(values.Length, k2, k3, k4);
    }

    /// <summary>The estimate of κₙ for n = 2, 3 or 4.</summary>
    public double Cumulant(int order) => order switch
    {
        2 => K2,
        3 => K3,
        4 => K4,
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "k-statistics are kept for orders 2 to 4"),
    };
}
