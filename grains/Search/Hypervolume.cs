namespace Goldstone.Grains.Search;

/// <summary>
/// The hypervolume of a set of loss vectors (every objective minimised): the measure of the region that some point of
/// the set dominates and the reference point bounds. Exact: two objectives by one sweep in order of the first
/// (n log n), more by slicing along the last objective and recursing into the others (n^(d−2)·n log n); a point not
/// strictly better than the reference in every objective adds nothing. Hence a search takes at most
/// <see cref="Specs.SpecDefaults.MaxObjectives"/> objectives and applies it to at most γ(n) ≤ 25 points at a time.
/// </summary>
public static class Hypervolume
{
    /// <summary>The hypervolume of <paramref name="points"/> (each of the reference's length) under <paramref name="reference"/>.</summary>
    public static double Of(IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<double> reference)
    {
        var inside = new List<IReadOnlyList<double>>(points.Count);
        foreach (var point in points)
        {
            if (point.Count != reference.Count)
                throw new ArgumentException($"a point has {point.Count} objectives, the reference {reference.Count}", nameof(points));
            var strictlyBetter = true;
            for (var k = 0; k < point.Count; k++) strictlyBetter &= point[k] < reference[k];
            if (strictlyBetter) inside.Add(point);
        }
        return Slice(inside, reference, reference.Count);
    }

    /// <summary>The hypervolume over the first <paramref name="dimensions"/> objectives of points all inside the reference.</summary>
    private static double Slice(List<IReadOnlyList<double>> points, IReadOnlyList<double> reference, int dimensions)
    {
        if (points.Count == 0) return 0;
        if (dimensions == 1)
        {
            var least = double.PositiveInfinity;
            foreach (var point in points) least = Math.Min(least, point[0]);
            return reference[0] - least;
        }
        var last = dimensions - 1;
        var sorted = new List<IReadOnlyList<double>>(points);
        sorted.Sort((a, b) => a[last].CompareTo(b[last]));
        if (dimensions == 2) return Sweep(sorted, reference);
        var volume = 0.0;
        var prefix = new List<IReadOnlyList<double>>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            prefix.Add(sorted[i]);
            var next = i + 1 < sorted.Count ? sorted[i + 1][last] : reference[last];
            var height = next - sorted[i][last];
            if (height > 0) volume += height * Slice(prefix, reference, last);
        }
        return volume;
    }

    /// <summary>Two objectives, points in increasing order of the second: each strip up to the next point's second
    /// objective is as wide as the best first objective so far leaves.</summary>
    private static double Sweep(List<IReadOnlyList<double>> sorted, IReadOnlyList<double> reference)
    {
        var area = 0.0;
        var best = double.PositiveInfinity;
        for (var i = 0; i < sorted.Count; i++)
        {
            best = Math.Min(best, sorted[i][0]);
            var next = i + 1 < sorted.Count ? sorted[i + 1][1] : reference[1];
            area += (next - sorted[i][1]) * (reference[0] - best);
        }
        return area;
    }
}
