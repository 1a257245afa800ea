using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis;

/// <summary>Builds the comparative table: one row per setting, each metric as mean ± 95% CI over seeds.</summary>
public static class TableBuilder
{
    /// <summary>The table over <paramref name="outcomes"/>; settings without outcomes appear with n = 0.</summary>
    public static CampaignTable Build(TableDefinition definition, IEnumerable<TrialOutcome> outcomes)
    {
        var bySetting = outcomes.GroupBy(o => o.Setting).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Index).ToList());
        var summaries = definition.SettingOrder.ToDictionary(s => s, s => Summaries(definition, bySetting.GetValueOrDefault(s) ?? []));
        var baseline = definition.BaselineSetting is { } b && summaries.TryGetValue(b, out var found) ? found : null;

        var rows = new List<TableRow>();
        foreach (var setting in definition.SettingOrder)
        {
            var settingOutcomes = bySetting.GetValueOrDefault(setting) ?? [];
            var succeeded = settingOutcomes.Count(o => o.Status == TrialStatus.Succeeded);
            var terminal = settingOutcomes.Count(o => o.Status.IsTerminal());
            var isBaseline = setting == definition.BaselineSetting;
            var cells = summaries[setting].Select((summary, column) =>
            {
                double? diff = baseline is null || isBaseline || double.IsNaN(summary.Mean) || double.IsNaN(baseline[column].Mean)
                    ? null
                    : summary.Mean - baseline[column].Mean;
                return new TableCell(summary.N, summary.Mean, summary.HalfWidth, diff, summary.NaNCount);
            }).ToList();
            rows.Add(new TableRow(setting, isBaseline, definition.SeedsPerSetting, succeeded, terminal - succeeded,
                Math.Max(0, definition.SeedsPerSetting - terminal), cells));
        }
        return new CampaignTable(definition.Campaign, definition.Metrics, rows, baseline is not null);
    }

    private static List<Summary> Summaries(TableDefinition definition, List<TrialOutcome> outcomes)
    {
        var succeeded = outcomes.Where(o => o.Status == TrialStatus.Succeeded).ToList();
        return definition.Metrics
            .Select(metric => Summary.Of(succeeded.Select(o => o.Metrics.TryGetValue(metric, out var v) ? v : double.NaN)))
            .ToList();
    }
}
