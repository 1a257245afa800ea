using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Analysis;

/// <summary>
/// Each metric's trend over one ordered numeric parameter, over the trials the table shows (those that match the
/// query's fixed values): Spearman's ρ between the parameter and the metric over every succeeded trial, and Page's
/// L test over blocks of trials equal in seed and in every other parameter, one trial per level, kept only when
/// the metric is finite at every level. One test per metric, so nothing is adjusted: each metric is its own family.
/// </summary>
internal static class TableTrend
{
    /// <summary>
    /// The trend table, or null when no trend parameter is named, or when the spec's (<c>table.trend</c>) does not
    /// vary in this table (held fixed, or fewer than three values left).
    /// </summary>
    /// <exception cref="TableQueryException">The query's <c>--trend</c> names a parameter that cannot be ordered here.</exception>
    public static TrendTable? Build(TableDefinition definition, IReadOnlyDictionary<int, TrialOutcome> outcomes, TableQuery query,
        IReadOnlyList<string> metrics, IReadOnlyList<ParamValue> fixedValues)
    {
        var asked = query.Trend is not null;
        var parameter = query.Trend ?? definition.Trend;
        if (string.IsNullOrEmpty(parameter)) return null;
        var ordered = definition.SweptParams
            .Where(name => definition.Points.All(point => point.FirstOrDefault(v => v.Name == name) is { Type: ParamType.Number })).ToList();
        if (!ordered.Contains(parameter))
            throw new TableQueryException($"--trend: '{parameter}' is not a swept numeric parameter of campaign {definition.Campaign} (allowed: {TableBuilder.Describe(ordered)}, or none)");

        var points = Enumerable.Range(0, definition.Points.Count)
            .Where(p => fixedValues.All(f => definition.FixedParams.Contains(f) || definition.Points[p].Contains(f))).ToList();
        var levels = points.Select(p => LevelOf(definition, p, parameter)).Distinct().Order().ToList();
        if (levels.Count < 3)
        {
            if (!asked) return null;
            var why = fixedValues.Any(f => f.Name == parameter) ? "is held fixed by --fix" : $"takes {levels.Count} value(s) in this table";
            throw new TableQueryException($"--trend: '{parameter}' {why} (allowed: a parameter with three or more values in the table)");
        }

        var trials = new List<(double Level, string Block, TrialOutcome Outcome)>();
        foreach (var p in points)
        {
            var others = ParamFormat.Setting([.. definition.Points[p].Where(v => v.Name != parameter)]);
            for (var s = 0; s < definition.SeedsPerSetting; s++)
                if (outcomes.TryGetValue(definition.TrialIndex(p, s), out var outcome) && outcome.Status == TrialStatus.Succeeded)
                    trials.Add((LevelOf(definition, p, parameter), $"{outcome.Seed}|{others}", outcome));
        }
        var trends = metrics.Select(metric => Trend(metric, levels, trials)).ToList();
        return new TrendTable(parameter, levels.Count, trends);
    }

    private static MetricTrend Trend(string metric, List<double> levels, List<(double Level, string Block, TrialOutcome Outcome)> trials)
    {
        var values = trials.Select(t => (t.Level, t.Block, Value: t.Outcome.Metrics.GetValueOrDefault(metric, double.NaN)))
            .Where(t => !double.IsNaN(t.Value)).ToList();
        var (rho, p) = TrendTests.Spearman(values.Select(v => v.Level).ToList(), values.Select(v => v.Value).ToList());
        // Blocks in a fixed order (by key), so equal outcomes give equal bits whatever order they arrived in.
        var blocks = values.GroupBy(v => v.Block, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(block => block.ToDictionary(v => v.Level, v => v.Value))
            .Where(block => levels.All(block.ContainsKey))
            .Select(block => (IReadOnlyList<double>)levels.Select(level => block[level]).ToList()).ToList();
        var page = TrendTests.Page(blocks);
        return new MetricTrend(metric, rho, p, values.Count, page?.L ?? double.NaN, page?.PTwoSided ?? double.NaN, blocks.Count,
            page is null ? "n/a" : page.Exact ? "exact" : "normal");
    }

    private static double LevelOf(TableDefinition definition, int point, string parameter) =>
        definition.Points[point].First(v => v.Name == parameter).Number;
}
