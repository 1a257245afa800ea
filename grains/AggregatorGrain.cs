using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Grains.Analysis.Report;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains;

/// <summary>
/// Answers a campaign's tables, report and export from memory. It has no state of its own: the specs come from the
/// campaign (expanded here, deterministically, and again when the campaign grew), the outcomes from the campaign's shards, which it asks only for the
/// records added since it last asked. Nothing it sends grows with the campaign beyond a page: outcomes go in pages
/// of one shard, the report in pages of text, and learning curves are fetched for a few settings and downsampled.
/// </summary>
public sealed class AggregatorGrain : Grain, IAggregatorGrain
{
    /// <summary>Characters per report page (about 1 MB on the wire).</summary>
    public const int ReportPageChars = 1 << 20;

    private readonly Dictionary<int, TrialOutcome> _outcomes = new();
    private readonly Dictionary<string, CampaignTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Version, string Html)> _reports = new(StringComparer.Ordinal);
    private ShardCursor?[] _cursors = [];
    private TableDefinition? _definition;
    private IReadOnlyList<TrialConfig> _trials = [];
    private IReadOnlyList<string> _settings = [];
    private int _specCount;
    private long _changes;
    // tpe only: every record, also of trials not suggested yet when it was read, to replay the suggestions from.
    private readonly Dictionary<int, TrialRecord> _records = new();
    private IReadOnlyList<CampaignSpec> _generations = [];

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
        return OutcomePages.Page(Campaign, _trials.Count, _outcomes, page);
    }

    /// <inheritdoc />
    public async Task<TextPage> GetReportPageAsync(TableQuery query, int page)
    {
        var key = JsonSerializer.Serialize(query);
        // The first page renders the report as it is now; the others come from that rendering, so the pages fit.
        if (page == 0 || !_reports.ContainsKey(key))
        {
            var table = await GetTableAsync(query);
            var html = HtmlReport.Render(table, _definition!, await WithCurvesAsync(table, query.Fixed ?? []), query.Fixed, ReportCurves.Note(_trials.Count, _settings.Count));
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
        var campaign = GrainFactory.GetGrain<ICampaignGrain>(Campaign);
        // A campaign that grew has another spec and more trials; the outcomes known stay (a trial keeps its index).
        if (_definition is null || await campaign.GetSpecCountAsync() != _specCount)
        {
            var texts = await campaign.GetSpecsAsync();
            if (texts.Count == 0)
                throw new InvalidOperationException($"campaign '{Campaign}' has no table yet: its submission did not finish; submit it again");
            var generations = SpecGrowth.ParseStored(texts, Campaign);
            _generations = generations;
            _trials = TrialExpansion.Expand(generations);
            _settings = _trials.Select(t => t.Setting).Distinct(StringComparer.Ordinal).ToList();
            _definition = TrialExpansion.Table(generations, _trials);
            _specCount = texts.Count;
            Array.Resize(ref _cursors, TrialShards.Count(_trials.Count));
            _tables.Clear();
            _reports.Clear();
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
            {
                _records[record.Index] = record;
                if (record.Index < _trials.Count) _outcomes[record.Index] = record.ToOutcome(_trials[record.Index]);
            }
            _changes += change.Records.Count;
            _tables.Clear();
        }
        if (_generations[^1] is { Search.Algorithm: SearchAlgorithm.Tpe } tpe) ReplaySuggestions(tpe);
        return _definition;
    }

    /// <summary>tpe: the trials suggested since the last call (the campaign replays them the same way), with their outcomes.</summary>
    private void ReplaySuggestions(CampaignSpec spec)
    {
        var grown = TpeExpansion.Trials(spec, i => _records.GetValueOrDefault(i), _trials);
        if (grown.Count == _trials.Count) return;
        var first = _trials.Count;
        _trials = grown;
        _settings = _trials.Select(t => t.Setting).Distinct(StringComparer.Ordinal).ToList();
        _definition = TrialExpansion.Table(_generations, _trials);
        Array.Resize(ref _cursors, TrialShards.Count(_trials.Count));
        for (var index = first; index < _trials.Count; index++)
            if (_records.TryGetValue(index, out var record)) _outcomes[index] = record.ToOutcome(_trials[index]);
        _tables.Clear();
        _reports.Clear();
    }

    private async Task<HashSet<int>> RunningAsync()
    {
        var running = await GrainFactory.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey).GetRunningAsync(Campaign);
        return running.Select(r => r.Index).ToHashSet();
    }

    /// <summary>The outcomes, with the learning curves (thinned) and profiles of the settings the report draws, fetched from their trials.</summary>
    private Task<IReadOnlyList<TrialOutcome>> WithCurvesAsync(CampaignTable table, IReadOnlyList<ParamValue> fixedValues) =>
        ReportCurves.WithCurvesAsync(_outcomes.Values, _settings, table, fixedValues, async chunk =>
        {
            var trials = chunk.Select(o => GrainFactory.GetGrain<ITrialGrain>(TrialKeys.Of(Campaign, o.Index))).ToList();
            var curves = await Task.WhenAll(trials.Select(t => t.GetLearningCurveAsync()));
            var profiles = await Task.WhenAll(trials.Select(t => t.GetProfilesAsync()));
            return curves.Zip(profiles, (curve, profile) => new TrialCurves(curve, profile)).ToList();
        }, _definition!.Stopping);
}
