using Goldstone.Contracts;

namespace Goldstone.Grains.Stopping;

/// <summary>
/// The median stopping rule (Golovin et al. 2017, "Google Vizier"): at every epoch e ≥ <c>min_epochs</c> a trial
/// stops when its best value over epochs 1..e is strictly worse than the median of the running averages (the mean
/// over epochs 1..e) that the other trials recorded at e. With no other trial at e it goes on. The median of an even
/// count is the mean of the two middle values.
/// </summary>
public sealed class MedianRule(int minEpochs, bool maximize) : IStoppingRule
{
    /// <summary>The spec's name of the algorithm.</summary>
    public const string Name = "median";

    /// <inheritdoc />
    public int? RungAt(int epoch) => epoch >= minEpochs ? epoch : null;

    /// <inheritdoc />
    public StopVerdict Decide(int rung, int epoch, RungEntry candidate, IReadOnlyList<RungEntry> earlier)
    {
        if (earlier.Count == 0) return new StopVerdict(false, null);
        var median = Median(earlier.Select(e => e.RunningAverage).ToList());
        if (!StoppingRules.Worse(candidate.Best, median, maximize)) return new StopVerdict(false, null);
        return new StopVerdict(true,
            $"median at epoch {epoch}: best {StoppingRules.Format(candidate.Best)} is worse than the median {StoppingRules.Format(median)} of {earlier.Count} other trials' running averages");
    }

    /// <summary>The median of <paramref name="values"/> (not empty).</summary>
    public static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
