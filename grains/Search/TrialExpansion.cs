using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Search;

/// <summary>Turns a spec into its trials: points of the space × seeds, numbered point-major.</summary>
public static class TrialExpansion
{
    /// <summary>The points the spec's searcher produces, in order; a random draw that repeats an earlier point is dropped.</summary>
    public static IReadOnlyList<IReadOnlyList<ParamValue>> Points(CampaignSpec spec) => spec.Search.Algorithm switch
    {
        // Every point runs the same seeds, so a repeated point would be the same trials again and would double its table row.
        SearchAlgorithm.Random => RandomSearch.Points(spec.Search.Space, spec.Search.Samples, spec.Search.Seed).DistinctBy(ParamFormat.Setting).ToList(),
        _ => Grid.Points(spec.Search.Space),
    };

    /// <summary>Every trial of the campaign; trial <c>p × seeds + s</c> is point p with seed s.</summary>
    public static IReadOnlyList<TrialConfig> Expand(CampaignSpec spec)
    {
        var retry = spec.Retry;
        var trials = new List<TrialConfig>();
        foreach (var point in Points(spec))
        {
            var setting = ParamFormat.Setting(point);
            IReadOnlyList<ParamValue> parameters = [.. spec.Params, .. point];
            foreach (var seed in spec.Seeds)
            {
                trials.Add(new TrialConfig(spec.Name, trials.Count, spec.Kind, parameters, seed, spec.Epochs,
                    spec.Resources.Threads, spec.Resources.Slots, spec.Resources.TimeoutSeconds, retry, spec.Table.Metrics, setting,
                    spec.Checkpoints.Every, spec.Checkpoints.Keep, spec.Resources.Gpus));
            }
        }
        return trials;
    }

    /// <summary>The table definition: points in order, fixed parameters, the baseline point and the metric columns.</summary>
    public static TableDefinition Table(CampaignSpec spec) =>
        new(spec.Name, spec.Table.Metrics, spec.Table.Baseline, Points(spec), spec.Seeds.Count,
            spec.Search.Space.Select(p => p.Name).ToList(), spec.Params,
            spec.Search.Space.Where(IsLogScaled).Select(p => p.Name).ToList(), spec.Seeds)
        {
            Correction = spec.Table.Correction,
            Trend = spec.Table.Trend,
            LogScaleMetrics = spec.Table.LogScale,
        };

    /// <summary>Plotted on a log axis: a log-uniform range, or positive values spanning at least two decades.</summary>
    private static bool IsLogScaled(SpaceParam parameter)
    {
        if (parameter.Distribution == Distribution.LogUniform) return true;
        var numbers = parameter.Values.Where(v => v.Type == ParamType.Number).Select(v => v.Number).ToList();
        var positive = numbers.Where(v => v > 0).ToList();
        return positive.Count >= 3 && positive.Max() / positive.Min() >= 100;
    }
}
