using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Search;

/// <summary>
/// The trials of a <c>tpe</c> campaign, replayed from its spec and the terminal records of its trials, so that nothing
/// but those records (which the shards persist anyway) is needed to resume it. Trial k (k ≥ parallel) is suggested
/// once trial k − parallel is terminal, from the succeeded trials among 0 … k − parallel that report the objective
/// (with one objective, the stopped ones too, ranked after them): at most <c>parallel</c> trials are unfinished at
/// once, and the sequence depends on the outcomes only, never on the order they arrived in, at any parallelism (with
/// parallel 1 it is the sequential search). The price: a slow trial holds back the suggestions after it, as a
/// synchronous rung would.
/// </summary>
public static class TpeExpansion
{
    /// <summary>The trials suggested so far, in index order: every one whose turn has come given <paramref name="record"/>.</summary>
    /// <remarks>The trials of <paramref name="known"/> (an earlier answer for the same spec) are kept, not suggested again.</remarks>
    public static IReadOnlyList<TrialConfig> Trials(CampaignSpec spec, Func<int, TrialRecord?> record, IReadOnlyList<TrialConfig>? known = null)
    {
        var search = spec.Search;
        var objectives = search.Objectives.Count > 0 ? search.Objectives : throw new ArgumentException("a tpe search needs an objective", nameof(spec));
        var searcher = new TpeSearcher(search.Space, search.Seed);
        var history = new List<Observation>();
        var trials = new List<TrialConfig>();
        for (var k = 0; k < search.Trials; k++)
        {
            if (k >= search.Parallel)
            {
                var basis = k - search.Parallel;
                // Only a cancelled campaign cancels trials, and it suggests nothing after that.
                if (record(basis) is not { } finished || !finished.Status.IsTerminal() || finished.Status == TrialStatus.Cancelled) break;
                // Failed trials, and a success without a finite value of every objective, tell the searcher nothing;
                // a stopped one counts with one objective, ranked after the finished (Observation.StoppedEpoch).
                if (finished.Status == TrialStatus.Succeeded && Losses(finished, objectives) is { } losses)
                    history.Add(new Observation(Swept(trials[basis], search.Space.Count), losses));
                else if (finished.Status == TrialStatus.Stopped && objectives.Count == 1)
                    history.Add(new Observation(Swept(trials[basis], search.Space.Count), StoppedLoss(finished, objectives[0]))
                    {
                        StoppedEpoch = finished.StoppedEpoch ?? 0,
                    });
            }
            if (known is not null && k < known.Count)
            {
                trials.Add(known[k]);
                continue;
            }
            var point = searcher.Suggest(history, k);
            trials.Add(new TrialConfig(spec.Name, k, spec.Kind, [.. spec.Params, .. point], spec.Seeds[0], spec.Epochs,
                spec.Resources.Threads, spec.Resources.Slots, spec.Resources.TimeoutSeconds, spec.Retry, spec.Table.Metrics,
                ParamFormat.Setting(point), spec.Checkpoints.Every, spec.Checkpoints.Keep, spec.Resources.Gpus, spec.Stopping));
        }
        return trials;
    }

    /// <summary>The objectives of a succeeded trial as losses, or null when one is missing or not finite.</summary>
    private static double[]? Losses(TrialRecord record, IReadOnlyList<ObjectiveSpec> objectives)
    {
        var losses = new double[objectives.Count];
        for (var o = 0; o < objectives.Count; o++)
        {
            if (!record.Metrics.TryGetValue(objectives[o].Metric, out var value) || !double.IsFinite(value)) return null;
            losses[o] = objectives[o].Loss(value);
        }
        return losses;
    }

    /// <summary>A stopped trial's objective as reported at the epoch it stopped after, +∞ when it reported none or NaN.</summary>
    private static double StoppedLoss(TrialRecord record, ObjectiveSpec objective) =>
        record.Metrics.TryGetValue(objective.Metric, out var value) && !double.IsNaN(value) ? objective.Loss(value) : double.PositiveInfinity;

    /// <summary>True when every trial the spec asks for has been suggested.</summary>
    public static bool AllSuggested(CampaignSpec spec, int trials) => trials >= spec.Search.Trials;

    /// <summary>The swept values of a trial: the last <paramref name="count"/> parameters (after the fixed ones).</summary>
    public static IReadOnlyList<ParamValue> Swept(TrialConfig trial, int count) => trial.Params.Skip(trial.Params.Count - count).ToList();
}
