using Goldstone.Contracts;

namespace Goldstone.Grains.Stopping;

/// <summary>Builds a trial's entry for a rung from its learning curve.</summary>
public static class RungEntries
{
    /// <summary>
    /// The entry of <paramref name="trial"/> at <paramref name="epoch"/>, from <paramref name="curve"/> (per epoch, the
    /// latest attempt's report): the metric at that epoch, its mean and best over epochs 1..epoch. Null when an epoch
    /// up to it is missing or lacks the metric (the rule then decides nothing).
    /// </summary>
    public static RungEntry? Of(int trial, int epoch, IReadOnlyList<EpochReport> curve, string metric, bool maximize)
    {
        var values = new List<double>(epoch);
        for (var e = 1; e <= epoch; e++)
        {
            var report = curve.FirstOrDefault(r => r.Epoch == e);
            if (report is null || !report.Metrics.TryGetValue(metric, out var value) || double.IsNaN(value)) return null;
            values.Add(value);
        }
        if (values.Count == 0) return null;
        return new RungEntry(trial, values[^1], values.Average(), maximize ? values.Max() : values.Min());
    }
}
