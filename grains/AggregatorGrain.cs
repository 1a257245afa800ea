using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Microsoft.Extensions.Logging;

namespace Goldstone.Grains;

/// <summary>
/// Keeps a campaign's trial outcomes in memory and answers tables from them at any time, with running and pending
/// trials counted per row; it never reads the trials again to answer. The outcomes are persisted in batches (at most
/// once per <see cref="WriteInterval"/>, and on deactivation) so that a campaign of n trials does not rewrite its
/// state n times; on activation, terminal trials it has no outcome for (a crash inside a batch) are read back from
/// their trial grains, which hold the truth.
/// </summary>
public sealed class AggregatorGrain(
    [PersistentState("aggregator", GoldstoneNames.Storage)] IPersistentState<AggregatorState> state,
    ILogger<AggregatorGrain> logger)
    : Grain, IAggregatorGrain
{
    /// <summary>Longest time a recorded outcome waits before it is persisted.</summary>
    public static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, CampaignTable> _cache = new(StringComparer.Ordinal);
    private bool _dirty;
    private IGrainTimer? _writer;

    private string Campaign => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Definition is not null) await ReconcileAsync();
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await WriteAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task ConfigureAsync(TableDefinition definition)
    {
        if (state.State.Definition is { } current && Same(current, definition)) return;
        state.State.Definition = definition;
        _cache.Clear();
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task RecordAsync(TrialOutcome outcome)
    {
        if (!state.State.Outcomes.TryAdd(outcome.Index, outcome)) return Task.CompletedTask;
        _cache.Clear();
        _dirty = true;
        _writer ??= this.RegisterGrainTimer(WriteAsync, new GrainTimerCreationOptions { DueTime = WriteInterval, Period = WriteInterval });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<CampaignTable> GetTableAsync(TableQuery query)
    {
        var definition = state.State.Definition
            ?? throw new InvalidOperationException($"campaign '{Campaign}' has no table yet: its submission did not finish; submit it again");
        var running = await GrainFactory.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey).GetRunningAsync(Campaign);
        // Without running trials the table depends on the outcomes alone and can be served again until one arrives.
        var key = System.Text.Json.JsonSerializer.Serialize(query);
        if (running.Count == 0 && _cache.TryGetValue(key, out var cached)) return cached;
        var table = TableBuilder.Build(definition, state.State.Outcomes.Values, query, running.Select(r => r.Index).ToHashSet());
        if (running.Count == 0) _cache[key] = table;
        return table;
    }

    /// <inheritdoc />
    public Task<TableDefinition?> GetDefinitionAsync() => Task.FromResult(state.State.Definition);

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialOutcome>> GetOutcomesAsync() =>
        Task.FromResult<IReadOnlyList<TrialOutcome>>(state.State.Outcomes.Values.OrderBy(o => o.Index).ToList());

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (!_dirty) return;
        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }

    private async Task ReconcileAsync()
    {
        var definition = state.State.Definition!;
        var terminal = await GrainFactory.GetGrain<ICampaignGrain>(Campaign).GetTerminalTrialsAsync();
        var missing = terminal.Where(i => !state.State.Outcomes.ContainsKey(i)).ToList();
        if (missing.Count == 0) return;
        logger.LogWarning("Campaign {Campaign}: reading {Count} outcome(s) back from their trials", Campaign, missing.Count);
        foreach (var index in missing)
        {
            var outcome = await GrainFactory.GetGrain<ITrialGrain>(TrialKeys.Of(Campaign, index)).GetOutcomeAsync()
                ?? NeverStarted(definition, index);
            state.State.Outcomes[index] = outcome;
        }
        _dirty = true;
        await WriteAsync(CancellationToken.None);
    }

    /// <summary>A terminal trial whose grain never ran is one the campaign cancelled before it started.</summary>
    private TrialOutcome NeverStarted(TableDefinition definition, int index)
    {
        var point = definition.Points[index / definition.SeedsPerSetting];
        return new TrialOutcome(Campaign, index, Specs.ParamFormat.Setting(point), [.. definition.FixedParams, .. point],
            definition.Seeds[index % definition.SeedsPerSetting], TrialStatus.Cancelled, new Dictionary<string, double>(),
            "campaign cancelled", 0, 0, []);
    }

    private static bool Same(TableDefinition a, TableDefinition b) =>
        a.Campaign == b.Campaign && a.SeedsPerSetting == b.SeedsPerSetting && a.Metrics.SequenceEqual(b.Metrics)
        && a.SweptParams.SequenceEqual(b.SweptParams) && a.Points.Count == b.Points.Count && a.Seeds.SequenceEqual(b.Seeds)
        && (a.Baseline ?? []).SequenceEqual(b.Baseline ?? []) && a.FixedParams.SequenceEqual(b.FixedParams)
        && a.LogScaledParams.SequenceEqual(b.LogScaledParams)
        && a.Points.Zip(b.Points).All(p => p.First.SequenceEqual(p.Second));
}

/// <summary>State of <see cref="AggregatorGrain"/>.</summary>
[GenerateSerializer, Alias("goldstone.AggregatorState")]
public sealed class AggregatorState
{
    /// <summary>What the table is built from; null until the campaign configures it.</summary>
    [Id(0)] public TableDefinition? Definition { get; set; }

    /// <summary>Outcomes by trial index.</summary>
    [Id(1)] public Dictionary<int, TrialOutcome> Outcomes { get; set; } = new();
}
