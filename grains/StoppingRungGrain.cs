using Goldstone.Contracts;
using Goldstone.Grains.Stopping;

namespace Goldstone.Grains;

/// <summary>
/// One rung of a campaign's stopping rule. Decisions are persisted and replayed: each trial's entry and the decision
/// taken on it are written (to the rung's current page) before the answer leaves, in the order the rung decided them,
/// and a trial that reaches the rung again (a resumed attempt, a restarted cluster) gets the stored decision back. So a
/// decision, once given, never changes, and every later one is based on exactly the records stored before it. The
/// rung's own state is its page count; the records live in page grains of <see cref="StoppingRungs.PageSize"/>.
/// </summary>
[GrainType(PersistedGrains.RungType)]
public sealed class StoppingRungGrain(
    [PersistentState(PersistedGrains.RungState, GoldstoneNames.Storage)] IPersistentState<StoppingRungState> state)
    : Grain, IStoppingRungGrain
{
    private readonly List<RungEntry> _entries = [];
    private readonly Dictionary<int, StopVerdict> _decided = [];

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, state.State.Pages).Select(p => Page(p).GetAsync()));
        foreach (var record in pages.SelectMany(p => p)) Add(record);
    }

    /// <inheritdoc />
    public async Task<StopVerdict> DecideAsync(StoppingConfig rule, int epoch, RungEntry entry)
    {
        if (_decided.TryGetValue(entry.Trial, out var stored)) return stored;
        var verdict = StoppingRules.For(rule).Decide(Rung, epoch, entry, _entries);
        var record = new RungRecord(entry, verdict);
        var page = _entries.Count / StoppingRungs.PageSize;
        if (page >= state.State.Pages)
        {
            state.State.Pages = page + 1;
            await state.WriteStateAsync();
        }
        await Page(page).AppendAsync(record);
        Add(record);
        return verdict;
    }

    private void Add(RungRecord record)
    {
        if (!_decided.TryAdd(record.Entry.Trial, record.Verdict)) return;
        _entries.Add(record.Entry);
    }

    private int Rung => int.Parse(this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private IStoppingRungPageGrain Page(int page) =>
        GrainFactory.GetGrain<IStoppingRungPageGrain>(StoppingRungs.PageKey(this.GetPrimaryKeyString(), page));
}

/// <summary>State of <see cref="StoppingRungGrain"/>: how many pages its records fill.</summary>
[GenerateSerializer, Alias("goldstone.StoppingRungState")]
public sealed class StoppingRungState
{
    /// <summary>Pages written so far (the last may be partly full).</summary>
    [Id(0)] public int Pages { get; set; }
}
