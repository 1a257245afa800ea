namespace Goldstone.Grains.Search;

/// <summary>
/// The hypervolume of a set of loss vectors (every objective minimised): the measure of the region that some point of
/// the set dominates and the reference point bounds. Exact, by slicing along the last objective and recursing into
/// the others; a point not strictly better than the reference in every objective adds nothing. The cost grows as
/// n^(d−1)·log n for n points in d objectives, which is why a search takes at most
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
        var last = dimensions - 1;
        if (dimensions == 1) return reference[0] - points.Min(p => p[0]);
        var sorted = points.OrderBy(p => p[last]).ToList();
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
}
