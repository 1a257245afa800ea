using Goldstone.Contracts;

namespace Goldstone.Grains;

/// <summary>A page of a rung's records.</summary>
[GrainType(PersistedGrains.RungPageType)]
public sealed class StoppingRungPageGrain(
    [PersistentState(PersistedGrains.RungPageState, GoldstoneNames.Storage)] IPersistentState<StoppingRungPageState> state)
    : Grain, IStoppingRungPageGrain
{
    /// <inheritdoc />
    public async Task AppendAsync(RungRecord record)
    {
        if (state.State.Records.Any(r => r.Entry.Trial == record.Entry.Trial)) return;
        state.State.Records.Add(record);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RungRecord>> GetAsync() => Task.FromResult<IReadOnlyList<RungRecord>>([.. state.State.Records]);
}

/// <summary>State of <see cref="StoppingRungPageGrain"/>.</summary>
[GenerateSerializer, Alias("goldstone.StoppingRungPageState")]
public sealed class StoppingRungPageState
{
    /// <summary>At most <see cref="StoppingRungs.PageSize"/> records, in the order the rung decided them.</summary>
    [Id(0)] public List<RungRecord> Records { get; set; } = [];
}
