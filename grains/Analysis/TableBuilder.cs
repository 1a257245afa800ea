using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Analysis;

/// <summary>
/// Builds the comparative table. Rows group trials by the query's parameters (default: the swept ones, one row per
/// setting); other parameters are pooled, or held fixed by the query. Each cell is the mean and 95% interval over the
/// row's succeeded trials (and, by option, the stopped trials' last reported metrics); against the baseline row, a paired test over trials matched by seed and pooled
/// parameters (on log values for log-scale metrics), adjusted within the metric's family: that metric's comparisons
/// against the baseline, as a referee reads each metric on its own. The best value per column is marked, rows are
/// ranked by the first metric, a Pareto front over two metrics is marked on request, and each metric's trend over an
/// ordered parameter is tested when one is named (<see cref="TableTrend"/>).
/// </summary>
public static class TableBuilder
{
    /// <summary>The table over <paramref name="outcomes"/>; trials without an outcome count as running or pending.</summary>
    /// <exception cref="TableQueryException">The query names an unknown parameter, value or metric.</exception>
    public static CampaignTable Build(TableDefinition definition, IEnumerable<TrialOutcome> outcomes, TableQuery query,
        IReadOnlyCollection<int>? runningTrials = null)
    {
        var byIndex = outcomes.ToDictionary(o => o.Index);
        var running = runningTrials ?? [];
        var allParams = definition.FixedParams.Select(p => p.Name).Concat(definition.SweptParams).ToList();
        var by = query.By ?? definition.SweptParams;
        foreach (var name in by.Where(n => !allParams.Contains(n)))
            throw new TableQueryException($"--by: '{name}' is not a parameter of campaign {definition.Campaign} (allowed: {Describe(allParams)})");
        var metrics = query.Metrics ?? definition.Metrics;
        var known = definition.Metrics.Concat(byIndex.Values.SelectMany(o => o.Metrics.Keys)).Distinct().ToList();
        foreach (var name in metrics.Where(m => !known.Contains(m)))
            throw new TableQueryException($"--metrics: '{name}' is not a metric of campaign {definition.Campaign} (allowed: {Describe(known)})");
        // A search objective's column is better the way its mode says; other metrics the way the schema says.
        var columns = metrics.Select(m => definition.Objectives.FirstOrDefault(o => o.Name == m) ?? new MetricColumn(m, MetricDirections.Of(m))).ToList();
        var fixedValues = query.Fixed ?? [];
        foreach (var value in fixedValues.Where(v => !allParams.Contains(v.Name)))
            throw new TableQueryException($"--fix: '{value.Name}' is not a parameter of campaign {definition.Campaign} (allowed: {Describe(allParams)})");

        var correction = query.Correction ?? definition.Correction;
        var logScale = LogScale(definition, query, metrics);
        var groups = GroupTrials(definition, by, fixedValues);
        var baselineKey = BaselineKey(definition, by);
        var stopped = query.Stopped ?? definition.Stopped;
        var rowsData = groups.Select(g => RowData.Collect(g, byIndex, running, metrics, stopped)).ToList();
        var baseline = rowsData.FirstOrDefault(r => r.Key == baselineKey);

        var baselineMeans = columns.Select((_, c) => baseline is null ? double.NaN : Summary.Of(baseline.Values(c)).Mean).ToList();
        var cells = rowsData.Select(row => columns.Select((column, c) => Cell(row, baseline, baselineMeans[c], c, query, logScale.Contains(column.Name))).ToList()).ToList();
        AdjustPValues(cells, correction);
        MarkBest(cells, columns);
        var ranks = Rank(cells, columns);
        var paretoMetrics = ParetoMetrics(definition, columns, query);
        var pareto = ParetoFront(cells, columns, paretoMetrics);

        var rows = rowsData.Select((row, r) => new TableRow(row.Key, row.Params, ReferenceEquals(row, baseline), row.Trials,
            row.Succeeded, row.Failed, row.Running, row.Pending, row.Cancelled, cells[r], ranks[r], pareto.Contains(r))
        {
            Stopped = row.Stopped,
        }).ToList();
        return new CampaignTable(definition.Campaign, columns, by.ToList(), rows, baseline?.Key, query.Interval, query.Test, query.ParetoX, query.ParetoY)
        {
            Correction = correction,
            LogScale = logScale,
            Trend = TableTrend.Build(definition, byIndex, query, metrics, fixedValues),
            Pareto = paretoMetrics,
        };
    }

    /// <summary>Trial indices per row, rows in order of first appearance among the points.</summary>
    private static List<Group> GroupTrials(TableDefinition definition, IReadOnlyList<string> by, IReadOnlyList<ParamValue> fixedValues)
    {
        var groups = new List<Group>();
        var lookup = new Dictionary<string, Group>(StringComparer.Ordinal);
        for (var p = 0; p < definition.Points.Count; p++)
        {
            IReadOnlyList<ParamValue> parameters = [.. definition.FixedParams, .. definition.Points[p]];
            if (fixedValues.Any(f => !parameters.Contains(f))) continue;
            var rowParams = by.Select(name => parameters.First(v => v.Name == name)).ToList();
            var key = ParamFormat.Setting(rowParams);
            if (!lookup.TryGetValue(key, out var group))
            {
                group = new Group(key, rowParams, []);
                lookup[key] = group;
                groups.Add(group);
            }
            var pooled = parameters.Where(v => !by.Contains(v.Name)).ToList();
            for (var s = 0; s < definition.SeedsPerSetting; s++) group.Trials.Add((definition.TrialIndex(p, s), ParamFormat.Setting(pooled)));
        }
        if (groups.Count == 0 && fixedValues.Count > 0)
            throw new TableQueryException($"--fix: no trial has {ParamFormat.Setting(fixedValues)}");
        return groups;
    }

    private static string? BaselineKey(TableDefinition definition, IReadOnlyList<string> by)
    {
        if (definition.Baseline is not { } baseline) return null;
        var values = new List<ParamValue>();
        foreach (var name in by)
        {
            var value = baseline.FirstOrDefault(v => v.Name == name) ?? definition.FixedParams.FirstOrDefault(v => v.Name == name);
            if (value is null) return null;
            values.Add(value);
        }
        return ParamFormat.Setting(values);
    }

    /// <summary>The log-scale metrics among the table's columns: the query's, or the spec's where it names none.</summary>
    private static List<string> LogScale(TableDefinition definition, TableQuery query, IReadOnlyList<string> metrics)
    {
        if (query.LogScale is { } asked)
        {
            foreach (var name in asked.Where(n => !metrics.Contains(n)))
                throw new TableQueryException($"--log-scale: '{name}' is not a column of this table (allowed: {Describe(metrics)})");
            return asked.Distinct().ToList();
        }
        return definition.LogScaleMetrics.Where(metrics.Contains).ToList();
    }

    private static TableCell Cell(RowData row, RowData? baseline, double baselineMean, int column, TableQuery query, bool logScale)
    {
        var values = row.Values(column);
        var summary = Summary.Of(values);
        var (low, high) = query.Interval == IntervalMethod.Bootstrap
            ? Bootstrap.MeanInterval(values.Where(v => !double.IsNaN(v)).ToList())
            : (summary.Mean - summary.HalfWidth, summary.Mean + summary.HalfWidth);
        if (baseline is null || ReferenceEquals(row, baseline))
            return new TableCell(summary.N, summary.Mean, low, high, summary.NaNCount, null, 0, double.NaN, double.NaN, false);

        double? diff = double.IsNaN(summary.Mean) || double.IsNaN(baselineMean) ? null : summary.Mean - baselineMean;
        var (mine, theirs) = row.PairedWith(baseline, column);
        double? ratio = null;
        if (logScale)
        {
            (mine, theirs) = (Logarithms(mine, row, column), Logarithms(theirs, baseline, column));
            ratio = mine.Count == 0 ? null : Math.Exp(mine.Zip(theirs, (a, b) => a - b).Average());
        }
        var p = mine.Count == 0 ? double.NaN
            : query.Test == PairedTestMethod.Wilcoxon ? PairedTests.Wilcoxon(mine, theirs) : PairedTests.PairedT(mine, theirs);
        return new TableCell(summary.N, summary.Mean, low, high, summary.NaNCount, diff, mine.Count, p, double.NaN, false) { RatioToBaseline = ratio };
    }

    /// <summary>Natural logarithms of a log-scale metric's values; a value ≤ 0 has none and is an error naming it.</summary>
    private static List<double> Logarithms(List<double> values, RowData row, int column)
    {
        var bad = values.FirstOrDefault(v => v <= 0, double.NaN);
        if (!double.IsNaN(bad))
            throw new TableQueryException($"log scale: metric '{row.Metric(column)}' has the value {bad:R} in row '{row.Key}' (allowed on a log scale: values > 0)");
        return values.Select(v => Math.Log(v)).ToList();
    }

    /// <summary>Adjusts each column on its own: one family per metric, its rows' comparisons against the baseline.</summary>
    private static void AdjustPValues(List<List<TableCell>> cells, MultipleTestCorrection correction)
    {
        if (cells.Count == 0) return;
        for (var c = 0; c < cells[0].Count; c++)
        {
            var adjusted = MultipleTesting.Adjust(cells.Select(r => r[c].PValue).ToList(), correction);
            for (var r = 0; r < cells.Count; r++) cells[r][c] = cells[r][c] with { PAdjusted = adjusted[r] };
        }
    }

    private static void MarkBest(List<List<TableCell>> cells, List<MetricColumn> columns)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Direction == MetricDirection.None) continue;
            var candidates = cells.Select(r => r[c].Mean).Where(m => !double.IsNaN(m)).ToList();
            if (candidates.Count == 0) continue;
            var best = columns[c].Direction == MetricDirection.Higher ? candidates.Max() : candidates.Min();
            foreach (var row in cells)
                if (row[c].Mean == best) row[c] = row[c] with { IsBest = true };
        }
    }

    /// <summary>Competition ranking by the first metric with a direction (1 = best; ties share a rank); 0 when unranked.</summary>
    private static int[] Rank(List<List<TableCell>> cells, List<MetricColumn> columns)
    {
        var ranks = new int[cells.Count];
        var column = columns.FindIndex(c => c.Direction != MetricDirection.None);
        if (column < 0) return ranks;
        for (var r = 0; r < cells.Count; r++)
        {
            var mean = cells[r][column].Mean;
            if (double.IsNaN(mean)) continue;
            ranks[r] = 1 + cells.Count(other => !double.IsNaN(other[column].Mean) && MetricDirections.Better(columns[column].Direction, other[column].Mean, mean));
        }
        return ranks;
    }

    /// <summary>The columns the front is over: the query's two (their schema directions), else the search's objectives when several.</summary>
    private static List<MetricColumn> ParetoMetrics(TableDefinition definition, List<MetricColumn> columns, TableQuery query)
    {
        if (query.ParetoX is null || query.ParetoY is null)
            return definition.Objectives.Count >= 2 ? columns.Where(c => definition.Objectives.Any(o => o.Name == c.Name)).ToList() : [];
        var chosen = new List<MetricColumn>();
        foreach (var name in new[] { query.ParetoX, query.ParetoY })
        {
            var column = columns.FirstOrDefault(c => c.Name == name)
                ?? throw new TableQueryException($"--pareto: '{name}' is not a column of this table (allowed: {Describe(columns.Select(c => c.Name))})");
            if (column.Direction == MetricDirection.None)
                throw new TableQueryException($"--pareto: '{name}' has no better direction (allowed: metrics where higher or lower is better)");
            chosen.Add(column);
        }
        return chosen;
    }

    /// <summary>The rows that no other row dominates in the means of <paramref name="pareto"/>; rows without every mean are off it.</summary>
    private static HashSet<int> ParetoFront(List<List<TableCell>> cells, List<MetricColumn> columns, List<MetricColumn> pareto)
    {
        var front = new HashSet<int>();
        if (pareto.Count == 0) return front;
        var indices = pareto.Select(p => columns.FindIndex(c => c.Name == p.Name)).ToList();
        bool Complete(List<TableCell> row) => indices.All(i => !double.IsNaN(row[i].Mean));
        bool Dominates(List<TableCell> a, List<TableCell> b)
        {
            var strictly = false;
            for (var k = 0; k < indices.Count; k++)
            {
                var (va, vb) = (a[indices[k]].Mean, b[indices[k]].Mean);
                if (MetricDirections.Better(pareto[k].Direction, vb, va)) return false;
                strictly |= MetricDirections.Better(pareto[k].Direction, va, vb);
            }
            return strictly;
        }
        for (var r = 0; r < cells.Count; r++)
            if (Complete(cells[r]) && !cells.Where((other, o) => o != r && Complete(other)).Any(other => Dominates(other, cells[r]))) front.Add(r);
        return front;
    }

    internal static string Describe(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private sealed record Group(string Key, IReadOnlyList<ParamValue> Params, List<(int Index, string PairKey)> Trials);

    /// <summary>The trials of one row, by state, and their metric values.</summary>
    private sealed class RowData
    {
        private readonly IReadOnlyList<string> _metrics;

        private RowData(Group group, IReadOnlyList<string> metrics)
        {
            Key = group.Key;
            Params = group.Params;
            Trials = group.Trials.Count;
            _metrics = metrics;
        }

        public string Key { get; }
        public IReadOnlyList<ParamValue> Params { get; }
        public int Trials { get; }
        /// <summary>The trials whose metrics enter the cells: the succeeded, and the stopped ones when the table takes their last metrics.</summary>
        public List<(TrialOutcome Outcome, string PairKey)> Measured { get; } = [];
        public int Succeeded { get; private set; }
        public int Stopped { get; private set; }
        public int Failed { get; private set; }
        public int Cancelled { get; private set; }
        public int Running { get; private set; }
        public int Pending { get; private set; }

        public static RowData Collect(Group group, IReadOnlyDictionary<int, TrialOutcome> outcomes, IReadOnlyCollection<int> running, IReadOnlyList<string> metrics,
            StoppedTrials stopped)
        {
            var row = new RowData(group, metrics);
            foreach (var (index, pairKey) in group.Trials)
            {
                if (outcomes.TryGetValue(index, out var outcome))
                {
                    switch (outcome.Status)
                    {
                        case TrialStatus.Succeeded:
                            row.Succeeded++;
                            row.Measured.Add((outcome, $"{outcome.Seed}|{pairKey}"));
                            break;
                        case TrialStatus.Failed: row.Failed++; break;
                        case TrialStatus.Stopped:
                            row.Stopped++;
                            if (stopped == StoppedTrials.Last) row.Measured.Add((outcome, $"{outcome.Seed}|{pairKey}"));
                            break;
                        default: row.Cancelled++; break;
                    }
                }
                else if (running.Contains(index)) row.Running++;
                else row.Pending++;
            }
            return row;
        }

        public string Metric(int column) => _metrics[column];

        // A stopped trial reported only its per-epoch metrics: a final-only metric is absent, not NaN.
        public List<double> Values(int column) =>
            Measured.Where(s => s.Outcome.Status != TrialStatus.Stopped || s.Outcome.Metrics.ContainsKey(_metrics[column]))
                .Select(s => s.Outcome.Metrics.TryGetValue(_metrics[column], out var v) ? v : double.NaN).ToList();

        /// <summary>Values of this row and the baseline for trials that match (same seed, same pooled parameters), both non-NaN.</summary>
        public (List<double> Mine, List<double> Theirs) PairedWith(RowData baseline, int column)
        {
            var theirs = baseline.Measured.ToDictionary(s => s.PairKey, s => s.Outcome.Metrics.GetValueOrDefault(_metrics[column], double.NaN));
            var mine = new List<double>();
            var matched = new List<double>();
            foreach (var (outcome, pairKey) in Measured.OrderBy(s => s.PairKey, StringComparer.Ordinal))
            {
                var value = outcome.Metrics.GetValueOrDefault(_metrics[column], double.NaN);
                if (double.IsNaN(value) || !theirs.TryGetValue(pairKey, out var other) || double.IsNaN(other)) continue;
                mine.Add(value);
                matched.Add(other);
            }
            return (mine, matched);
        }
    }
}
