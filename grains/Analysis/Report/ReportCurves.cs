using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>One trial's learning curve and profiles, as the report draws them.</summary>
public sealed record TrialCurves(IReadOnlyList<EpochReport> Curve, IReadOnlyList<TrialProfile> Profiles);

/// <summary>
/// Which trials' learning curves and profiles a report draws, and how they are thinned: a few settings × a few seeds,
/// whatever the campaign's size, so a report never asks for every trial's curve. Used by the aggregator grain and
/// by the offline reader of an embedded store, so both draw the same report.
/// </summary>
public static class ReportCurves
{
    /// <summary>Most settings drawn in the report's learning-curve plots.</summary>
    public const int MaxSettings = 12;

    /// <summary>Most trials per setting whose curves make that setting's mean learning curve.</summary>
    public const int MaxTrials = 32;

    /// <summary>Most epochs drawn per learning curve; longer curves are thinned evenly, the last epoch kept.</summary>
    public const int MaxPoints = 200;

    /// <summary>Trials whose curves are fetched per round.</summary>
    private const int FetchChunk = 100;

    /// <summary>
    /// The outcomes ordered by index, those of the drawn settings with their (thinned) curves and profiles from
    /// <paramref name="fetch"/>, which is asked for at most <see cref="FetchChunk"/> trials at a time.
    /// </summary>
    /// <remarks>
    /// With <paramref name="stopping"/>, the curves of at most <see cref="StoppingPlot.MaxTrials"/> stopped trials
    /// (every k-th in index order) too, for the plot of which rungs stopped which trials.
    /// </remarks>
    public static async Task<IReadOnlyList<TrialOutcome>> WithCurvesAsync(IReadOnlyCollection<TrialOutcome> outcomes,
        IReadOnlyList<string> settings, CampaignTable table, IReadOnlyList<ParamValue> fixedValues,
        Func<IReadOnlyList<TrialOutcome>, Task<IReadOnlyList<TrialCurves>>> fetch, StoppingConfig? stopping = null)
    {
        var drawnSettings = Settings(settings, table).ToHashSet(StringComparer.Ordinal);
        // The mean curve of a setting over its first MaxTrials succeeded trials: a few settings × many seeds
        // must not mean a call per trial of the campaign.
        var drawn = outcomes
            .Where(o => o.Status == TrialStatus.Succeeded && drawnSettings.Contains(o.Setting) && fixedValues.All(o.Params.Contains))
            .OrderBy(o => o.Index)
            .GroupBy(o => o.Setting, StringComparer.Ordinal)
            .SelectMany(g => g.Take(MaxTrials))
            .ToList();
        if (stopping is not null)
        {
            var stopped = outcomes.Where(o => o.Status == TrialStatus.Stopped && fixedValues.All(o.Params.Contains)).OrderBy(o => o.Index).ToList();
            var stride = Math.Max(1, (stopped.Count + StoppingPlot.MaxTrials - 1) / StoppingPlot.MaxTrials);
            drawn.AddRange(stopped.Where((_, i) => i % stride == 0));
        }
        var withCurves = new Dictionary<int, TrialOutcome>();
        foreach (var chunk in drawn.Chunk(FetchChunk))
        {
            var curves = await fetch(chunk);
            for (var i = 0; i < chunk.Length; i++)
                withCurves[chunk[i].Index] = chunk[i] with { Epochs = Thin(curves[i].Curve), Profiles = curves[i].Profiles };
        }
        return outcomes.OrderBy(o => o.Index).Select(o => withCurves.GetValueOrDefault(o.Index, o)).ToList();
    }

    /// <summary>The note under the curves when not every trial or setting is drawn; null when all are.</summary>
    public static string? Note(int trials, int settings)
    {
        var perSetting = trials / Math.Max(1, settings);
        if (settings <= MaxSettings)
            return perSetting > MaxTrials ? $"Each curve is the mean of the first {MaxTrials} succeeded trials of its setting." : null;
        return $"{MaxSettings} of {settings} settings drawn: the baseline and the best-ranked ones; each curve the mean of at most {MaxTrials} trials and {MaxPoints} epochs.";
    }

    /// <summary>A curve of at most <see cref="MaxPoints"/> epochs: every k-th, and the last.</summary>
    public static IReadOnlyList<EpochReport> Thin(IReadOnlyList<EpochReport> curve)
    {
        if (curve.Count <= MaxPoints) return curve;
        var stride = (curve.Count + MaxPoints - 1) / MaxPoints;
        return curve.Where((_, i) => i % stride == 0 || i == curve.Count - 1).ToList();
    }

    /// <summary>Every setting when there are few; otherwise the baseline and the best-ranked rows (default grouping) or the first settings.</summary>
    private static IEnumerable<string> Settings(IReadOnlyList<string> settings, CampaignTable table)
    {
        if (settings.Count <= MaxSettings) return settings;
        var known = settings.ToHashSet(StringComparer.Ordinal);
        if (table.Rows.All(r => known.Contains(r.Setting)))
            return table.Rows.OrderBy(r => r.IsBaseline ? 0 : 1).ThenBy(r => r.Rank <= 0 ? int.MaxValue : r.Rank)
                .Take(MaxSettings).Select(r => r.Setting);
        return settings.Take(MaxSettings);
    }
}
