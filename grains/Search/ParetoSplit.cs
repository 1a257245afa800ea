namespace Goldstone.Grains.Search;

/// <summary>
/// MOTPE's split of the finished trials into the good group l(x) and the rest g(x) for several objectives, with Optuna
/// 3.1's choices (Ozaki et al. 2020): whole non-domination fronts fill the γ(n) places in order; when the next front
/// does not fit, its members are chosen greedily by hypervolume contribution (the hypervolume subset selection
/// problem, greedy: each pick adds the most hypervolume to the ones chosen, reference point 1.1 × the front's worst,
/// 0.9 × where that is negative). Each good trial weighs by its own contribution to the good group's hypervolume
/// (leave one out), over the largest, plus 10⁻¹²; the rest keep the one-objective weights' ramp.
/// </summary>
public static class ParetoSplit
{
    private const double Eps = 1e-12;

    /// <summary>
    /// The indices of the <paramref name="goodCount"/> good trials and of the rest, each in trial order, with the good
    /// ones' weights (aligned with their indices).
    /// </summary>
    public static (int[] Good, double[] GoodWeights, int[] Bad) Split(IReadOnlyList<IReadOnlyList<double>> losses, int goodCount)
    {
        var chosen = new List<int>(goodCount);
        var remaining = Enumerable.Range(0, losses.Count).ToList();
        while (chosen.Count < goodCount && remaining.Count > 0)
        {
            var front = Front(losses, remaining);
            if (chosen.Count + front.Count <= goodCount) chosen.AddRange(front);
            else chosen.AddRange(GreedySubset(losses, front, goodCount - chosen.Count));
            var inFront = front.ToHashSet();
            remaining.RemoveAll(inFront.Contains);
        }
        var good = chosen.Order().ToArray();
        var goodSet = good.ToHashSet();
        var bad = Enumerable.Range(0, losses.Count).Where(i => !goodSet.Contains(i)).ToArray();
        return (good, ContributionWeights(good.Select(i => losses[i]).ToList()), bad);
    }

    /// <summary>True when <paramref name="a"/> is no worse than <paramref name="b"/> in every objective and better in one.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var strictly = false;
        for (var k = 0; k < a.Count; k++)
        {
            if (a[k] > b[k]) return false;
            strictly |= a[k] < b[k];
        }
        return strictly;
    }

    /// <summary>
    /// The members of <paramref name="candidates"/> that none of the others dominates, in index order. In
    /// lexicographic order a point can be dominated only by one before it, and then by a front member before it; with
    /// two objectives the front members before it are summed up by the least second objective so far (n log n).
    /// </summary>
    public static List<int> Front(IReadOnlyList<IReadOnlyList<double>> losses, IReadOnlyList<int> candidates)
    {
        var lexicographic = candidates.ToList();
        lexicographic.Sort((a, b) =>
        {
            var order = LexicographicComparer.Instance.Compare(losses[a], losses[b]);
            return order != 0 ? order : a.CompareTo(b);
        });
        var front = new List<int>();
        if (lexicographic.Count > 0 && losses[lexicographic[0]].Count == 2)
        {
            // The earlier point with the least second objective (the first such: the least first objective among them).
            var least = -1;
            foreach (var i in lexicographic)
            {
                var (x, y) = (losses[i][0], losses[i][1]);
                var dominated = least >= 0 && (losses[least][1] < y || (losses[least][1] == y && losses[least][0] < x));
                if (!dominated) front.Add(i);
                if (least < 0 || y < losses[least][1]) least = i;
            }
        }
        else
            foreach (var i in lexicographic)
                if (!front.Any(f => Dominates(losses[f], losses[i]))) front.Add(i);
        front.Sort();
        return front;
    }

    /// <summary>
    /// <paramref name="size"/> members of <paramref name="front"/> picked one at a time, each adding the most
    /// hypervolume to those already picked (the first in index order on a tie). Lazily: a candidate's gain only
    /// shrinks as picks are added (hypervolume is submodular), so a gain computed earlier bounds it, and only a
    /// candidate whose bound leads is recomputed; a recomputed one that still leads is the greedy pick.
    /// </summary>
    public static List<int> GreedySubset(IReadOnlyList<IReadOnlyList<double>> losses, IReadOnlyList<int> front, int size)
    {
        var reference = Reference(front.Select(i => losses[i]).ToList());
        var open = front.Order().ToList();
        if (reference.Length == 2) return GreedySubsetOfTwo(losses, open, size, reference);
        var bound = new double[open.Count];
        var computedAt = new int[open.Count];
        var picked = new List<int>(size);
        var pickedPoints = new List<IReadOnlyList<double>>(size);
        for (var c = 0; c < open.Count; c++)
        {
            pickedPoints.Add(losses[open[c]]);
            bound[c] = Hypervolume.Of(pickedPoints, reference);
            pickedPoints.Clear();
        }
        var taken = new bool[open.Count];
        var pickedVolume = 0.0;
        while (picked.Count < size)
        {
            var top = -1;
            for (var c = 0; c < open.Count; c++)
                if (!taken[c] && (top < 0 || bound[c] > bound[top])) top = c;
            if (computedAt[top] == picked.Count)
            {
                taken[top] = true;
                picked.Add(open[top]);
                pickedPoints.Add(losses[open[top]]);
                pickedVolume = Hypervolume.Of(pickedPoints, reference);
                continue;
            }
            pickedPoints.Add(losses[open[top]]);
            bound[top] = Hypervolume.Of(pickedPoints, reference) - pickedVolume;
            pickedPoints.RemoveAt(pickedPoints.Count - 1);
            computedAt[top] = picked.Count;
        }
        return picked;
    }

    /// <summary>
    /// The greedy subset with two objectives, where a candidate's gain has a closed form: on a front, the picks left of
    /// it (first objective no larger) lie no lower, those right of it lie lower, so the part of its box no pick covers
    /// is (least first objective to its right − its own) × (least second objective to its left − its own), the
    /// reference standing in for a missing side; an equal pick leaves it nothing. O(n·size) per pick, no allocation.
    /// </summary>
    private static List<int> GreedySubsetOfTwo(IReadOnlyList<IReadOnlyList<double>> losses, List<int> open, int size, double[] reference)
    {
        var picked = new List<int>(size);
        var taken = new bool[open.Count];
        while (picked.Count < size)
        {
            var best = -1;
            var bestGain = double.NegativeInfinity;
            for (var c = 0; c < open.Count; c++)
            {
                if (taken[c]) continue;
                var (x, y) = (losses[open[c]][0], losses[open[c]][1]);
                var (right, above) = (reference[0], reference[1]);
                foreach (var p in picked)
                {
                    var (px, py) = (losses[p][0], losses[p][1]);
                    if (px <= x) above = Math.Min(above, py);
                    else right = Math.Min(right, px);
                }
                var gain = Math.Max(0, right - x) * Math.Max(0, above - y);
                if (gain > bestGain) (best, bestGain) = (c, gain);
            }
            taken[best] = true;
            picked.Add(open[best]);
        }
        return picked;
    }

    /// <summary>
    /// Each point's share of the set's hypervolume that only it covers, over the largest share, plus 10⁻¹² (so
    /// duplicates and points inside others' boxes keep a tiny weight); 1 for a single point.
    /// </summary>
    public static double[] ContributionWeights(IReadOnlyList<IReadOnlyList<double>> points)
    {
        if (points.Count == 0) return [];
        if (points.Count == 1) return [1.0];
        var reference = Reference(points);
        var total = Hypervolume.Of(points, reference);
        var contributions = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var others = points.Where((_, j) => j != i).ToList();
            contributions[i] = total - Hypervolume.Of(others, reference) + Eps;
        }
        var largest = contributions.Max();
        return contributions.Select(c => Math.Clamp(c / largest, 0, 1)).ToArray();
    }

    /// <summary>The reference point: per objective 1.1 × the worst value (0.9 × when it is negative), 10⁻¹² where that is 0.</summary>
    public static double[] Reference(IReadOnlyList<IReadOnlyList<double>> points)
    {
        var reference = new double[points[0].Count];
        for (var k = 0; k < reference.Length; k++)
        {
            var worst = points.Max(p => p[k]);
            reference[k] = Math.Max(1.1 * worst, 0.9 * worst);
            if (reference[k] == 0) reference[k] = Eps;
        }
        return reference;
    }

    private sealed class LexicographicComparer : IComparer<IReadOnlyList<double>>
    {
        public static readonly LexicographicComparer Instance = new();

        public int Compare(IReadOnlyList<double>? x, IReadOnlyList<double>? y)
        {
            for (var k = 0; k < x!.Count; k++)
            {
                var order = x[k].CompareTo(y![k]);
                if (order != 0) return order;
            }
            return 0;
        }
    }
}
