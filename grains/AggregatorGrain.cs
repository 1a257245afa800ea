using Goldstone.Contracts;
using Goldstone.Grains.Analysis;

namespace Goldstone.Grains;

/// <summary>Keeps a campaign's trial outcomes and answers with its comparative table.</summary>
public sealed class AggregatorGrain(
    [PersistentState("aggregator", GoldstoneNames.Storage)] IPersistentState<AggregatorState> state)
    : Grain, IAggregatorGrain
{
    /// <inheritdoc />
    public async Task ConfigureAsync(TableDefinition definition)
    {
        if (state.State.Definition == definition || (state.State.Definition is { } current && SameDefinition(current, definition))) return;
        state.State.Definition = definition;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task RecordAsync(TrialOutcome outcome)
    {
        if (state.State.Outcomes.ContainsKey(outcome.Index)) return;
        state.State.Outcomes[outcome.Index] = outcome;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<CampaignTable> GetTableAsync()
    {
        var definition = state.State.Definition
            ?? throw new InvalidOperationException($"campaign '{this.GetPrimaryKeyString()}' has no table: it was never submitted");
        return Task.FromResult(TableBuilder.Build(definition, state.State.Outcomes.Values));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialOutcome>> GetOutcomesAsync() =>
        Task.FromResult<IReadOnlyList<TrialOutcome>>(state.State.Outcomes.Values.OrderBy(o => o.Index).ToList());

    private static bool SameDefinition(TableDefinition a, TableDefinition b) =>
        a.Campaign == b.Campaign && a.BaselineSetting == b.BaselineSetting && a.SeedsPerSetting == b.SeedsPerSetting
        && a.Metrics.SequenceEqual(b.Metrics) && a.SettingOrder.SequenceEqual(b.SettingOrder) && a.SweptParams.SequenceEqual(b.SweptParams);
}

/// <summary>State of <see cref="AggregatorGrain"/>.</summary>
[GenerateSerializer, Alias("goldstone.AggregatorState")]
public sealed class AggregatorState
{
    /// <summary>What the table shows; null until the campaign configures it.</summary>
    [Id(0)] public TableDefinition? Definition { get; set; }

    /// <summary>Outcomes by trial index.</summary>
    [Id(1)] public Dictionary<int, TrialOutcome> Outcomes { get; set; } = new();
}
