using Goldstone.Contracts;
using Goldstone.Grains;
using Goldstone.Grains.Analysis;
using Goldstone.Grains.Analysis.Report;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;
using Goldstone.Silo.Storage;

namespace Goldstone.Cli.Commands;

/// <summary>
/// Reads an embedded store without a silo: the campaign's state, its shards' records (and, for a shard a killed
/// silo left behind its trials, the trials' own records, as the shard grain reconciles on activation), and from them
/// the same table, report and export a silo's aggregator serves. Nothing runs, so every unfinished trial is pending.
/// </summary>
internal sealed class OfflineReads(EmbeddedStoreReader store) : ICampaignReads
{
    private readonly Dictionary<string, Loaded> _campaigns = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool Offline => true;

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignListing>> ListAsync() => store.ListAsync();

    /// <inheritdoc />
    public async Task<CampaignProgress> GetProgressAsync(string campaign)
    {
        var loaded = await LoadAsync(campaign);
        var counts = new Dictionary<TrialStatus, int>();
        foreach (var status in (TrialStatus[])[TrialStatus.Succeeded, TrialStatus.Failed, TrialStatus.Stopped, TrialStatus.Cancelled])
        {
            var count = loaded.Outcomes.Values.Count(o => o.Status == status);
            if (count > 0) counts[status] = count;
        }
        counts[TrialStatus.Running] = 0;
        counts[TrialStatus.Pending] = loaded.Trials.Count - loaded.Outcomes.Count;
        return new CampaignProgress(campaign, loaded.State.Status, loaded.Trials.Count, counts, [], loaded.State.CreatedAt, loaded.State.CompletedAt);
    }

    /// <inheritdoc />
    public async Task<CampaignTable> GetTableAsync(string campaign, TableQuery query)
    {
        var loaded = await LoadAsync(campaign);
        return TableBuilder.Build(loaded.Definition, loaded.Outcomes.Values, query);
    }

    /// <inheritdoc />
    public async Task<string> GetReportAsync(string campaign, TableQuery query)
    {
        var loaded = await LoadAsync(campaign);
        var table = TableBuilder.Build(loaded.Definition, loaded.Outcomes.Values, query);
        var outcomes = await ReportCurves.WithCurvesAsync(loaded.Outcomes.Values, loaded.Settings, table, query.Fixed ?? [], async chunk =>
        {
            var curves = new List<TrialCurves>(chunk.Count);
            foreach (var outcome in chunk)
            {
                var trial = await store.TrialAsync(campaign, outcome.Index);
                curves.Add(new TrialCurves(trial?.LearningCurve() ?? [], trial?.SucceededProfiles() ?? []));
            }
            return curves;
        }, loaded.Definition.Stopping);
        return HtmlReport.Render(table, loaded.Definition, outcomes, query.Fixed, ReportCurves.Note(loaded.Trials.Count, loaded.Settings.Count));
    }

    /// <inheritdoc />
    public async Task<OutcomePage> GetOutcomesPageAsync(string campaign, int page)
    {
        var loaded = await LoadAsync(campaign);
        return OutcomePages.Page(campaign, loaded.Trials.Count, loaded.Outcomes, page);
    }

    private async Task<Loaded> LoadAsync(string campaign)
    {
        if (_campaigns.TryGetValue(campaign, out var known)) return known;
        var state = await store.CampaignAsync(campaign);
        if (state?.SpecText is null)
            throw new InvalidOperationException($"campaign '{campaign}' has no table yet: its submission did not finish; submit it again");
        var generations = SpecGrowth.ParseStored([.. state.EarlierSpecTexts, state.SpecText], campaign);
        var trials = TrialExpansion.Expand(generations);
        var all = new Dictionary<int, TrialRecord>();
        var spec = generations[^1];
        var tpe = spec.Search.Algorithm == SearchAlgorithm.Tpe;
        for (var read = 0; ;)
        {
            // A tpe campaign's trials are replayed from its records (TpeExpansion), which may reach shards not read yet.
            for (var shard = read; shard < TrialShards.Count(trials.Count); shard++, read++)
                foreach (var record in (await RecordsAsync(campaign, shard, tpe ? spec.Search.Trials : trials.Count)).Values) all[record.Index] = record;
            if (!tpe) break;
            var grown = TpeExpansion.Trials(spec, i => all.GetValueOrDefault(i), trials);
            if (grown.Count == trials.Count) break;
            trials = grown;
        }
        var outcomes = new Dictionary<int, TrialOutcome>();
        foreach (var record in all.Values)
            if (record.Index < trials.Count) outcomes[record.Index] = record.ToOutcome(trials[record.Index]);
        var loaded = new Loaded(state, trials, trials.Select(t => t.Setting).Distinct(StringComparer.Ordinal).ToList(), TrialExpansion.Table(generations, trials), outcomes);
        _campaigns[campaign] = loaded;
        return loaded;
    }

    /// <summary>
    /// A shard's records. A shard written clean has them all; one that may be behind (its silo died between a trial's
    /// end and the shard's next write) is completed from the trials' own states, as the shard grain does on activation.
    /// </summary>
    private async Task<Dictionary<int, TrialRecord>> RecordsAsync(string campaign, int shard, int trialCount)
    {
        var state = await store.ShardAsync(campaign, shard);
        var records = state?.Records is { } stored ? new Dictionary<int, TrialRecord>(stored) : [];
        if (state is { MayBeBehind: false }) return records;
        var first = shard * TrialShards.Size;
        for (var index = first; index < Math.Min(trialCount, first + TrialShards.Size); index++)
        {
            if (records.TryGetValue(index, out var record) && record.Status != TrialStatus.Cancelled) continue;
            var outcome = (await store.TrialAsync(campaign, index))?.Outcome();
            if (outcome is not null) records[index] = TrialRecord.Of(outcome);
        }
        return records;
    }

    private sealed record Loaded(CampaignState State, IReadOnlyList<TrialConfig> Trials, IReadOnlyList<string> Settings,
        TableDefinition Definition, Dictionary<int, TrialOutcome> Outcomes);
}
