namespace Goldstone.Grains.Analysis;

/// <summary>
/// Tests for a monotone trend over an ordered parameter, with SciPy's conventions: <c>scipy.stats.spearmanr</c>
/// (mid-ranks, t approximation with n − 2 degrees of freedom, two-sided) and <c>scipy.stats.page_trend_test</c>
/// (ranks within each block, L = Σⱼ j·Rⱼ, method "auto": exact for small tables, else the normal approximation).
/// </summary>
public static class TrendTests
{
    /// <summary>Spearman's ρ and its two-sided p-value; NaN below three pairs or when either side is constant.</summary>
    public static (double Rho, double P) Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"samples differ in length: {x.Count} and {y.Count}");
        var n = x.Count;
        if (n < 3) return (double.NaN, double.NaN);
        var rx = PairedTests.Ranks(x);
        var ry = PairedTests.Ranks(y);
        var rho = Pearson(rx, ry);
        if (double.IsNaN(rho)) return (double.NaN, double.NaN);
        var dof = n - 2;
        if (Math.Abs(rho) >= 1) return (rho, 0);
        var t = rho * Math.Sqrt(dof / ((rho + 1) * (1 - rho)));
        return (rho, Math.Min(1, 2 * StudentT.Cdf(-Math.Abs(t), dof)));
    }

    /// <summary>The result of <see cref="Page"/>: L for the increasing order, and the one-sided p-values of an
    /// increasing and of a decreasing trend.</summary>
    public sealed record PageResult(double L, double PIncreasing, double PDecreasing, bool Exact)
    {
        /// <summary>Two-sided: twice the smaller one-sided p-value, at most 1.</summary>
        public double PTwoSided => Math.Min(1, 2 * Math.Min(PIncreasing, PDecreasing));
    }

    /// <summary>
    /// Page's L test on <paramref name="blocks"/> (rows: blocks, columns: the levels in their predicted order).
    /// Null below two blocks or three levels, where SciPy refuses the test.
    /// </summary>
    public static PageResult? Page(IReadOnlyList<IReadOnlyList<double>> blocks)
    {
        var m = blocks.Count;
        if (m < 2) return null;
        var n = blocks[0].Count;
        if (n < 3) return null;
        if (blocks.Any(b => b.Count != n)) throw new ArgumentException("every block needs one value per level");
        var columnSums = new double[n];
        foreach (var block in blocks)
        {
            var ranks = PairedTests.Ranks(block);
            for (var j = 0; j < n; j++) columnSums[j] += ranks[j];
        }
        double increasing = 0, decreasing = 0;
        for (var j = 0; j < n; j++)
        {
            increasing += (j + 1) * columnSums[j];
            decreasing += (n - j) * columnSums[j];
        }
        var exact = !(n > 8 || (m > 12 && n > 3) || m > 20);
        return exact
            ? new PageResult(increasing, ExactSf(increasing, m, n), ExactSf(decreasing, m, n), true)
            : new PageResult(increasing, AsymptoticSf(increasing, m, n), AsymptoticSf(decreasing, m, n), false);
    }

    private static double AsymptoticSf(double l, int m, int n)
    {
        var mean = m * n * (n + 1.0) * (n + 1.0) / 4;
        var variance = m * (double)n * n * (n + 1.0) * (n * (double)n - 1) / 144;
        return Normal.Sf((l - mean) / Math.Sqrt(variance));
    }

    /// <summary>
    /// P(L ≥ ⌊l⌋) under the null: L is the sum of m independent single-block statistics Σⱼ j·πⱼ over uniformly
    /// random permutations π of 1..n. Truncating a tied (half-integer) L as SciPy does keeps the two comparable.
    /// </summary>
    private static double ExactSf(double l, int m, int n)
    {
        var single = SingleBlockDistribution(n, out var low);
        var distribution = new[] { 1.0 };
        var offset = 0;
        for (var block = 0; block < m; block++)
        {
            var next = new double[distribution.Length + single.Length - 1];
            for (var i = 0; i < distribution.Length; i++)
                for (var k = 0; k < single.Length; k++) next[i + k] += distribution[i] * single[k];
            distribution = next;
            offset += low;
        }
        var from = (int)Math.Truncate(l) - offset;
        var sf = 0.0;
        for (var i = Math.Max(0, from); i < distribution.Length; i++) sf += distribution[i];
        return from >= distribution.Length ? 0 : sf;
    }

    /// <summary>Probabilities of Σⱼ j·πⱼ over the n! permutations, indexed from its least value <paramref name="low"/>.</summary>
    private static double[] SingleBlockDistribution(int n, out int low)
    {
        low = n * (n + 1) * (n + 2) / 6;
        var high = n * (n + 1) * (2 * n + 1) / 6;
        var counts = new long[high - low + 1];
        var permutation = Enumerable.Range(1, n).ToArray();
        long total = 0;
        do
        {
            var l = 0;
            for (var j = 0; j < n; j++) l += (j + 1) * permutation[j];
            counts[l - low]++;
            total++;
        } while (NextPermutation(permutation));
        return counts.Select(c => (double)c / total).ToArray();
    }

    private static bool NextPermutation(int[] a)
    {
        var i = a.Length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        var j = a.Length - 1;
        while (a[j] <= a[i]) j--;
        (a[i], a[j]) = (a[j], a[i]);
        Array.Reverse(a, i + 1, a.Length - i - 1);
        return true;
    }

    private static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
