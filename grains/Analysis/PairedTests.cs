namespace Goldstone.Grains.Analysis;

/// <summary>
/// Two-sided paired tests over values matched by seed, with SciPy's conventions (scipy.stats.ttest_rel and
/// scipy.stats.wilcoxon with zero_method "wilcox", no continuity correction, method "auto").
/// </summary>
public static class PairedTests
{
    /// <summary>Largest sample for which the Wilcoxon p-value is exact, as in SciPy.</summary>
    public const int WilcoxonExactLimit = 50;

    /// <summary>The paired t-test's two-sided p-value; NaN below two pairs or when every difference is zero.</summary>
    public static double PairedT(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var d = Differences(a, b);
        if (d.Length < 2) return double.NaN;
        var mean = d.Average();
        var variance = d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1);
        if (variance == 0) return mean == 0 ? double.NaN : 0;
        var t = mean / Math.Sqrt(variance / d.Length);
        return Math.Min(1, 2 * StudentT.Cdf(-Math.Abs(t), d.Length - 1));
    }

    /// <summary>
    /// The Wilcoxon signed-rank test's two-sided p-value. Zero differences are dropped. Exact (the null distribution
    /// of the positive rank sum) for up to 50 pairs without zeros or tied magnitudes; otherwise the normal
    /// approximation with the tie correction of the variance. NaN when no non-zero difference is left.
    /// </summary>
    public static double Wilcoxon(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var all = Differences(a, b);
        var hasZeros = all.Any(x => x == 0);
        var d = all.Where(x => x != 0).ToArray();
        if (d.Length == 0) return double.NaN;
        var ranks = Ranks(d.Select(Math.Abs).ToArray());
        var rankPlus = d.Select((x, i) => x > 0 ? ranks[i] : 0).Sum();
        var rankMinus = d.Select((x, i) => x < 0 ? ranks[i] : 0).Sum();
        var hasTies = ranks.Distinct().Count() < ranks.Length;
        var n = d.Length;
        if (all.Length <= WilcoxonExactLimit && !hasZeros && !hasTies) return ExactWilcoxon(n, (int)Math.Round(rankPlus));

        var mean = n * (n + 1) / 4.0;
        var variance = n * (n + 1) * (2.0 * n + 1);
        foreach (var group in ranks.GroupBy(r => r).Where(g => g.Count() > 1))
        {
            var t = (double)group.Count();
            variance -= 0.5 * t * (t * t - 1);
        }
        var z = (Math.Min(rankPlus, rankMinus) - mean) / Math.Sqrt(variance / 24);
        return Math.Min(1, 2 * Normal.Sf(Math.Abs(z)));
    }

    /// <summary>Mid-ranks (1-based) of <paramref name="values"/>.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    private static double ExactWilcoxon(int n, int rankPlus)
    {
        // Counts of subsets of {1..n} by their sum: the null distribution of the positive rank sum.
        var maxSum = n * (n + 1) / 2;
        var counts = new double[maxSum + 1];
        counts[0] = 1;
        for (var rank = 1; rank <= n; rank++)
            for (var sum = maxSum; sum >= rank; sum--)
                counts[sum] += counts[sum - rank];
        var total = Math.Pow(2, n);
        // SciPy calls the floor of the midpoint the centre, odd totals included, and gives it p = 1.
        if (rankPlus == maxSum / 2) return 1;
        double less = 0, greater = 0;
        for (var sum = 0; sum <= rankPlus; sum++) less += counts[sum];
        for (var sum = rankPlus; sum <= maxSum; sum++) greater += counts[sum];
        return Math.Min(1, 2 * Math.Min(less, greater) / total);
    }

    private static double[] Differences(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired samples differ in length: {a.Count} and {b.Count}");
        return a.Select((x, i) => x - b[i]).ToArray();
    }
}
