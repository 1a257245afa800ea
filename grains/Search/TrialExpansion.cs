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
        // Only the points suggested before any result: the rest depend on the outcomes (TpeExpansion).
        SearchAlgorithm.Tpe => Expand(spec).Select(t => TpeExpansion.Swept(t, spec.Search.Space.Count)).ToList(),
        _ => Grid.Points(spec.Search.Space),
    };

    /// <summary>Every trial of the campaign; trial <c>p × seeds + s</c> is point p with seed s.</summary>
    public static IReadOnlyList<TrialConfig> Expand(CampaignSpec spec)
    {
        // Before any outcome a tpe campaign has its first `parallel` suggestions; TpeExpansion replays the rest.
        if (spec.Search.Algorithm == SearchAlgorithm.Tpe) return TpeExpansion.Trials(spec, _ => null);
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
                    spec.Checkpoints.Every, spec.Checkpoints.Keep, spec.Resources.Gpus, spec.Stopping));
            }
        }
        return trials;
    }

    /// <summary>
    /// Every trial of a campaign grown through <paramref name="generations"/> (its specs, oldest first, each one a growth
    /// of the one before): the first spec's trials in its order, then each later spec's new trials, in that spec's
    /// order. A trial's index never changes as the campaign grows; the set is the last spec's whatever the steps taken.
    /// </summary>
    public static IReadOnlyList<TrialConfig> Expand(IReadOnlyList<CampaignSpec> generations)
    {
        if (generations.Count == 1) return Expand(generations[0]);
        var trials = new List<TrialConfig>();
        // Only the space and the seeds may grow, so (setting, seed) names a trial across generations.
        var known = new HashSet<(string Setting, long Seed)>();
        foreach (var spec in generations)
            foreach (var trial in Expand(spec))
                if (known.Add((trial.Setting, trial.Seed))) trials.Add(trial with { Index = trials.Count });
        return trials;
    }

    /// <summary>The table of the last generation, with where each of its (point, seed) trials sits among <paramref name="trials"/>.</summary>
    public static TableDefinition Table(IReadOnlyList<CampaignSpec> generations, IReadOnlyList<TrialConfig> trials)
    {
        // A tpe campaign cannot grow; its points are the trials suggested so far, one trial each, in index order.
        if (generations[^1].Search.Algorithm == SearchAlgorithm.Tpe)
            return Table(generations[^1]) with { Points = trials.Select(t => TpeExpansion.Swept(t, generations[^1].Search.Space.Count)).DistinctBy(ParamFormat.Setting).ToList() };
        var table = Table(generations[^1]);
        if (generations.Count == 1) return table;
        var byKey = trials.ToDictionary(t => (t.Setting, t.Seed), t => t.Index);
        var indices = new List<int>(trials.Count);
        foreach (var point in table.Points)
        {
            var setting = ParamFormat.Setting(point);
            foreach (var seed in table.Seeds) indices.Add(byKey[(setting, seed)]);
        }
        return indices.Select((index, position) => index == position).All(same => same) ? table : table with { TrialIndices = indices };
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
            Stopped = spec.Table.Stopped,
            Stopping = spec.Stopping,
            Objectives = spec.Search.Objectives
                .Select(o => new MetricColumn(o.Metric, o.Mode == ObjectiveMode.Max ? MetricDirection.Higher : MetricDirection.Lower)).ToList(),
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
