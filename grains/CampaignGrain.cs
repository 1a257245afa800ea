using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains;

/// <summary>
/// A campaign: stores the validated spec, expands it into trials (deterministically, so the expansion is never
/// stored), queues them, and counts terminal outcomes until every trial has one.
/// </summary>
public sealed class CampaignGrain(
    [PersistentState("campaign", GoldstoneNames.Storage)] IPersistentState<CampaignState> state,
    TimeProvider time)
    : Grain, ICampaignGrain
{
    private CampaignSpec? _spec;
    private IReadOnlyList<TrialConfig> _trials = [];

    private CampaignState State => state.State;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SpecText is { } text) Load(SpecParser.Parse(text).Spec
            ?? throw new InvalidOperationException($"the stored spec of campaign '{this.GetPrimaryKeyString()}' no longer validates"));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<SubmitResult> SubmitAsync(string specText, string source)
    {
        var parsed = SpecParser.Parse(specText);
        if (!parsed.IsValid)
            return new SubmitResult(SubmitOutcome.Invalid, parsed.Errors.Select(e => e.Format(source)).ToList(), 0, State.Status);
        var spec = parsed.Spec!;
        var name = this.GetPrimaryKeyString();
        if (spec.Name != name)
            return new SubmitResult(SubmitOutcome.Invalid, [$"error: {source}:1: name: '{spec.Name}' does not match the campaign '{name}'"], 0, State.Status);

        if (_spec is not null)
        {
            if (Canonical(_spec) != Canonical(spec))
                return new SubmitResult(SubmitOutcome.Conflict,
                    [$"error: {source}: campaign '{name}' already exists with a different spec (allowed: the same spec to resume it, or another name)"],
                    _trials.Count, State.Status);
            await ResumeAsync();
            return new SubmitResult(SubmitOutcome.Resumed, [], _trials.Count, State.Status);
        }

        Load(spec);
        var now = time.GetUtcNow();
        // Registry first: a campaign the registry lists but never stored is a harmless no-op at resume.
        await Registry.UpsertAsync(new CampaignListing(name, spec.Kind, CampaignStatus.Running, _trials.Count, now));
        State.SpecText = specText;
        State.Source = source;
        State.Status = CampaignStatus.Running;
        State.CreatedAt = now;
        await state.WriteStateAsync();
        await Aggregator.ConfigureAsync(TrialExpansion.Table(spec));
        await Scheduler.EnqueueAsync(_trials);
        return new SubmitResult(SubmitOutcome.Created, [], _trials.Count, State.Status);
    }

    /// <inheritdoc />
    public async Task ResumeAsync()
    {
        if (_spec is null || State.Status != CampaignStatus.Running) return;
        await Aggregator.ConfigureAsync(TrialExpansion.Table(_spec));
        if (State.Terminal.Count >= _trials.Count)
        {
            await CompleteAsync();
            return;
        }
        await Scheduler.EnqueueAsync(_trials.Where(t => !State.Terminal.ContainsKey(t.Index)).ToList());
    }

    /// <inheritdoc />
    public async Task<CampaignProgress> GetProgressAsync()
    {
        var name = this.GetPrimaryKeyString();
        if (_spec is null)
            return new CampaignProgress(name, CampaignStatus.Unknown, 0, new Dictionary<TrialStatus, int>(), [], null, null);
        var running = State.Status == CampaignStatus.Running ? await Scheduler.GetRunningAsync(name) : [];
        var counts = State.Terminal.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        counts[TrialStatus.Running] = running.Count;
        counts[TrialStatus.Pending] = Math.Max(0, _trials.Count - State.Terminal.Count - running.Count);
        return new CampaignProgress(name, State.Status, _trials.Count, counts, running, State.CreatedAt, State.CompletedAt);
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync()
    {
        if (_spec is null || State.Status != CampaignStatus.Running) return false;
        State.Status = CampaignStatus.Cancelled;
        State.CompletedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        await Scheduler.CancelCampaignAsync(_spec.Name);

        var unfinished = _trials.Where(t => !State.Terminal.ContainsKey(t.Index)).ToList();
        foreach (var chunk in unfinished.Chunk(64))
        {
            var statuses = await Task.WhenAll(chunk.Select(t => GrainFactory.GetGrain<ITrialGrain>(t.TrialKey).CancelAsync()));
            foreach (var (trial, status) in chunk.Zip(statuses))
            {
                // A trial that finished just before the cancel keeps its result; the worker forwards it.
                if (status != TrialStatus.Cancelled) continue;
                await Aggregator.RecordAsync(new TrialOutcome(trial.Campaign, trial.Index, trial.Setting, trial.Params, trial.Seed,
                    TrialStatus.Cancelled, new Dictionary<string, double>(), "campaign cancelled", 0, 0, []));
                State.Terminal[trial.Index] = TrialStatus.Cancelled;
            }
        }
        await state.WriteStateAsync();
        await Registry.UpsertAsync(Listing());
        return true;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<int>> GetTerminalTrialsAsync() =>
        Task.FromResult<IReadOnlyList<int>>(State.Terminal.Keys.Order().ToList());

    /// <inheritdoc />
    public async Task TrialFinishedAsync(TrialOutcome outcome)
    {
        if (_spec is null || outcome.Index < 0 || outcome.Index >= _trials.Count || !outcome.Status.IsTerminal()) return;
        if (State.Terminal.ContainsKey(outcome.Index)) return;
        // The aggregator first: it ignores duplicates, so a crash between the two writes loses nothing.
        await Aggregator.RecordAsync(outcome);
        State.Terminal[outcome.Index] = outcome.Status;
        if (State.Status == CampaignStatus.Running && State.Terminal.Count >= _trials.Count)
        {
            await CompleteAsync();
            return;
        }
        await state.WriteStateAsync();
    }

    private async Task CompleteAsync()
    {
        State.Status = CampaignStatus.Completed;
        State.CompletedAt ??= time.GetUtcNow();
        await state.WriteStateAsync();
        await Registry.UpsertAsync(Listing());
    }

    private void Load(CampaignSpec spec)
    {
        _spec = spec;
        _trials = TrialExpansion.Expand(spec);
    }

    private CampaignListing Listing() =>
        new(_spec!.Name, _spec.Kind, State.Status, _trials.Count, State.CreatedAt ?? time.GetUtcNow());

    private static string Canonical(CampaignSpec spec) => JsonSerializer.Serialize(spec);

    private ICampaignRegistryGrain Registry => GrainFactory.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey);

    private IAggregatorGrain Aggregator => GrainFactory.GetGrain<IAggregatorGrain>(this.GetPrimaryKeyString());

    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GoldstoneNames.SingletonKey);
}

/// <summary>State of <see cref="CampaignGrain"/>.</summary>
[GenerateSerializer, Alias("goldstone.CampaignState")]
public sealed class CampaignState
{
    /// <summary>The spec as submitted; re-parsed on activation (expansion is deterministic).</summary>
    [Id(0)] public string? SpecText { get; set; }

    /// <summary>Where the spec came from (a file name), for messages.</summary>
    [Id(1)] public string? Source { get; set; }

    /// <summary>Where the campaign is in its life.</summary>
    [Id(2)] public CampaignStatus Status { get; set; }

    /// <summary>Terminal status of every finished trial, by index.</summary>
    [Id(3)] public Dictionary<int, TrialStatus> Terminal { get; set; } = new();

    /// <summary>When the campaign was created.</summary>
    [Id(4)] public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>When the last trial finished or the campaign was cancelled.</summary>
    [Id(5)] public DateTimeOffset? CompletedAt { get; set; }
}
