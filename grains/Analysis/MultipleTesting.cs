namespace Goldstone.Grains.Analysis;

/// <summary>Corrections for testing many settings against one baseline.</summary>
public static class MultipleTesting
{
    /// <summary>
    /// Holm's step-down adjusted p-values, in the input order. NaN entries stay NaN and do not count as tests.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        var running = 0.0;
        for (var k = 0; k < order.Length; k++)
        {
            running = Math.Max(running, Math.Min(1, (order.Length - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }
}
