using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Grains.Analysis.Report;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains;

/// <summary>
/// Answers a campaign's tables, report and export from memory. It has no state of its own: the spec comes from the
/// campaign (expanded here, deterministically), the outcomes from the campaign's shards, which it asks only for the
/// records added since it last asked. Nothing it sends grows with the campaign beyond a page: outcomes go in pages
/// of one shard, the report in pages of text, and learning curves are fetched for a few settings and downsampled.
/// </summary>
public sealed class AggregatorGrain : Grain, IAggregatorGrain
{
    /// <summary>Most settings drawn in the report's learning-curve plots.</summary>
    public const int MaxCurveSettings = 12;

    /// <summary>Most trials per setting whose curves make that setting's mean learning curve.</summary>
    public const int MaxCurveTrials = 32;

    /// <summary>Most epochs drawn per learning curve; longer curves are thinned evenly, the last epoch kept.</summary>
    public const int MaxCurvePoints = 200;

    /// <summary>Characters per report page (about 1 MB on the wire).</summary>
    public const int ReportPageChars = 1 << 20;

    private readonly Dictionary<int, TrialOutcome> _outcomes = new();
    private readonly Dictionary<string, CampaignTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Version, string Html)> _reports = new(StringComparer.Ordinal);
    private ShardCursor?[] _cursors = [];
    private TableDefinition? _definition;
    private IReadOnlyList<TrialConfig> _trials = [];
    private IReadOnlyList<string> _settings = [];
    private long _changes;

    private string Campaign => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<CampaignTable> GetTableAsync(TableQuery query)
    {
        var definition = await SyncAsync();
        var running = await RunningAsync();
        // Without running trials the table depends on the outcomes alone and can be served again until one arrives.
        var key = JsonSerializer.Serialize(query);
        if (running.Count == 0 && _tables.TryGetValue(key, out var cached)) return cached;
        var table = TableBuilder.Build(definition, _outcomes.Values, query, running);
        if (running.Count == 0) _tables[key] = table;
        return table;
    }

    /// <inheritdoc />
    public async Task<OutcomePage> GetOutcomesPageAsync(int page)
    {
        await SyncAsync();
        var pages = Math.Max(1, TrialShards.Count(_trials.Count));
        if (page < 0 || page >= pages) throw new ArgumentOutOfRangeException(nameof(page), page, $"campaign '{Campaign}' has pages 0 to {pages - 1}");
        var first = page * TrialShards.Size;
        var outcomes = new List<TrialOutcome>();
        for (var index = first; index < Math.Min(_trials.Count, first + TrialShards.Size); index++)
            if (_outcomes.TryGetValue(index, out var outcome)) outcomes.Add(outcome);
        return new OutcomePage(page, pages, outcomes);
    }

    /// <inheritdoc />
    public async Task<TextPage> GetReportPageAsync(TableQuery query, int page)
    {
        var key = JsonSerializer.Serialize(query);
        // The first page renders the report as it is now; the others come from that rendering, so the pages fit.
        if (page == 0 || !_reports.ContainsKey(key))
        {
            var table = await GetTableAsync(query);
            var html = HtmlReport.Render(table, _definition!, await WithCurvesAsync(table, query.Fixed ?? []), query.Fixed, CurvesNote(table));
            _reports[key] = ($"{_changes}:{Guid.NewGuid():N}", html);
        }
        var (version, text) = _reports[key];
        var pages = Math.Max(1, (text.Length + ReportPageChars - 1) / ReportPageChars);
        if (page < 0 || page >= pages) throw new ArgumentOutOfRangeException(nameof(page), page, $"the report has pages 0 to {pages - 1}");
        var start = page * ReportPageChars;
        return new TextPage(page, pages, text.Substring(start, Math.Min(ReportPageChars, text.Length - start)), version);
    }

    /// <summary>Loads the definition once, then applies what every shard recorded since the last call.</summary>
    private async Task<TableDefinition> SyncAsync()
    {
        if (_definition is null)
        {
            var text = await GrainFactory.GetGrain<ICampaignGrain>(Campaign).GetSpecAsync()
                ?? throw new InvalidOperationException($"campaign '{Campaign}' has no table yet: its submission did not finish; submit it again");
            var spec = SpecParser.Parse(text).Spec
                ?? throw new InvalidOperationException($"the stored spec of campaign '{Campaign}' no longer validates");
            _trials = TrialExpansion.Expand(spec);
            _settings = _trials.Select(t => t.Setting).Distinct(StringComparer.Ordinal).ToList();
            _definition = TrialExpansion.Table(spec);
            _cursors = new ShardCursor?[TrialShards.Count(_trials.Count)];
        }
        var changes = await Task.WhenAll(_cursors.Select((cursor, shard) =>
            GrainFactory.GetGrain<ITrialShardGrain>(TrialShards.Key(Campaign, shard)).GetChangesAsync(cursor)));
        for (var shard = 0; shard < changes.Length; shard++)
        {
            var change = changes[shard];
            _cursors[shard] = change.Cursor;
            if (change.Records.Count == 0) continue;
            // A reset lists every record of the shard again; applying them over the old ones gives the same map.
            foreach (var record in change.Records)
                if (record.Index < _trials.Count) _outcomes[record.Index] = record.ToOutcome(_trials[record.Index]);
            _changes += change.Records.Count;
            _tables.Clear();
        }
        return _definition;
    }

    private async Task<HashSet<int>> RunningAsync()
    {
        var running = await GrainFactory.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey).GetRunningAsync(Campaign);
        return running.Select(r => r.Index).ToHashSet();
    }

    /// <summary>The outcomes, with the learning curves (thinned) and profiles of the settings the report draws, fetched from their trials.</summary>
    private async Task<IReadOnlyList<TrialOutcome>> WithCurvesAsync(CampaignTable table, IReadOnlyList<ParamValue> fixedValues)
    {
        var settings = CurveSettings(table).ToHashSet(StringComparer.Ordinal);
        // The mean curve of a setting over its first MaxCurveTrials succeeded trials: a few settings × many seeds
        // must not mean a call per trial of the campaign.
        var drawn = _outcomes.Values
            .Where(o => o.Status == TrialStatus.Succeeded && settings.Contains(o.Setting) && fixedValues.All(o.Params.Contains))
            .OrderBy(o => o.Index)
            .GroupBy(o => o.Setting, StringComparer.Ordinal)
            .SelectMany(g => g.Take(MaxCurveTrials))
            .ToList();
        var withCurves = new Dictionary<int, TrialOutcome>();
        foreach (var chunk in drawn.Chunk(100))
        {
            var curves = await Task.WhenAll(chunk.Select(o => GrainFactory.GetGrain<ITrialGrain>(TrialKeys.Of(Campaign, o.Index)).GetLearningCurveAsync()));
            var profiles = await Task.WhenAll(chunk.Select(o => GrainFactory.GetGrain<ITrialGrain>(TrialKeys.Of(Campaign, o.Index)).GetProfilesAsync()));
            for (var i = 0; i < chunk.Length; i++)
                withCurves[chunk[i].Index] = chunk[i] with { Epochs = Thin(curves[i]), Profiles = profiles[i] };
        }
        return _outcomes.Values.OrderBy(o => o.Index).Select(o => withCurves.GetValueOrDefault(o.Index, o)).ToList();
    }

    /// <summary>Every setting when there are few; otherwise the baseline and the best-ranked rows (default grouping) or the first settings.</summary>
    private IEnumerable<string> CurveSettings(CampaignTable table)
    {
        if (_settings.Count <= MaxCurveSettings) return _settings;
        var known = _settings.ToHashSet(StringComparer.Ordinal);
        if (table.Rows.All(r => known.Contains(r.Setting)))
            return table.Rows.OrderBy(r => r.IsBaseline ? 0 : 1).ThenBy(r => r.Rank <= 0 ? int.MaxValue : r.Rank)
                .Take(MaxCurveSettings).Select(r => r.Setting);
        return _settings.Take(MaxCurveSettings);
    }

    private string? CurvesNote(CampaignTable table)
    {
        var settings = _settings.Count;
        var perSetting = _trials.Count / Math.Max(1, settings);
        if (settings <= MaxCurveSettings)
            return perSetting > MaxCurveTrials ? $"Each curve is the mean of the first {MaxCurveTrials} succeeded trials of its setting." : null;
        return $"{MaxCurveSettings} of {settings} settings drawn: the baseline and the best-ranked ones; each curve the mean of at most {MaxCurveTrials} trials and {MaxCurvePoints} epochs.";
    }

    private static IReadOnlyList<EpochReport> Thin(IReadOnlyList<EpochReport> curve)
    {
        if (curve.Count <= MaxCurvePoints) return curve;
        var stride = (curve.Count + MaxCurvePoints - 1) / MaxCurvePoints;
        return curve.Where((_, i) => i % stride == 0 || i == curve.Count - 1).ToList();
    }
}
