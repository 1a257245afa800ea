using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis;

/// <summary>
/// Corrections for testing many settings against one baseline, with statsmodels' conventions
/// (<c>multipletests</c>, methods "holm" and "fdr_bh"). NaN entries stay NaN and do not count as tests.
/// </summary>
public static class MultipleTesting
{
    /// <summary>The adjusted p-values of one family, in the input order.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues, MultipleTestCorrection correction) => correction switch
    {
        MultipleTestCorrection.Holm => Holm(pValues),
        MultipleTestCorrection.BenjaminiHochberg => BenjaminiHochberg(pValues),
        MultipleTestCorrection.None => pValues.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(correction), correction, "unknown correction"),
    };

    /// <summary>Holm's step-down adjusted p-values: the k-th smallest times (m − k + 1), kept monotone, at most 1.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var order = Ascending(pValues);
        var running = 0.0;
        for (var k = 0; k < order.Length; k++)
        {
            running = Math.Max(running, Math.Min(1, (order.Length - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// Benjamini–Hochberg step-up adjusted p-values: for the k-th smallest, the least m/j · p₍ⱼ₎ over j ≥ k, at most 1.
    /// </summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var order = Ascending(pValues);
        var running = 1.0;
        for (var k = order.Length - 1; k >= 0; k--)
        {
            running = Math.Min(running, (double)order.Length / (k + 1) * pValues[order[k]]);
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /// <summary>Indices of the non-NaN p-values, smallest first; equal values keep their input order.</summary>
    private static int[] Ascending(IReadOnlyList<double> pValues) =>
        Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
}
