using Goldstone.Contracts;

namespace Goldstone.Tests.Grains;

/// <summary>
/// A spec under an existing name that only adds trials grows the campaign: the finished trials keep their index,
/// attempts and results, only the new trials start a trainer, and the table covers all of them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CampaignGrowthTests(ClusterFixture fixture)
{
    private const string Allowed = "a grown spec may only add seeds, values to a values list, widen an int range or raise samples";

    private static string Grid(string name, string space, int seeds, double duration = 0) =>
        Specs.Synthetic(name, $"{{duration: {duration.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}", space, seeds, maxAttempts: 1, epochs: 1);

    private static string RandomSpec(string name, int samples) => $"""
        name: {name}
        kind: synthetic
        params: {"{"}duration: 0{"}"}
        search:
          algorithm: random
          samples: {samples}
          seed: 5
          space:
            x: {"{"}uniform: [0, 1]{"}"}
        seeds: 1
        epochs: 1
        retries: {"{"}max_attempts: 1{"}"}
        """;

    /// <summary>What a trial did: its setting and seed, each attempt's start and end, its metrics.</summary>
    private sealed record Ran(string Setting, long Seed, TrialStatus Status, IReadOnlyList<(DateTimeOffset Started, DateTimeOffset? Ended)> Attempts,
        IReadOnlyDictionary<string, double> Metrics);

    private async Task<List<Ran>> TrialsAsync(string campaign, int count)
    {
        var snapshots = await Task.WhenAll(Enumerable.Range(0, count).Select(i => fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of(campaign, i)).GetAsync()));
        return snapshots.Select(s => new Ran(s.Config!.Setting, s.Config.Seed, s.Status, s.Attempts.Select(a => (a.StartedAt, a.EndedAt)).ToList(), s.Metrics)).ToList();
    }

    private static void AssertKept(List<Ran> before, List<Ran> after)
    {
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal((before[i].Setting, before[i].Seed, before[i].Status), (after[i].Setting, after[i].Seed, after[i].Status));
            Assert.Equal(before[i].Attempts, after[i].Attempts);
            Assert.Equal(before[i].Metrics, after[i].Metrics);
        }
    }

    private async Task<(ICampaignGrain Campaign, List<Ran> Before)> FinishedAsync(string name, string spec, int trials)
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>(name);
        Assert.Equal(SubmitOutcome.Created, (await campaign.SubmitAsync(spec, "a.yaml")).Outcome);
        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var before = await TrialsAsync(name, trials);
        Assert.All(before, t => Assert.Single(t.Attempts));
        return (campaign, before);
    }

    [Fact]
    public async Task SubmitAsync_MoreSeedsOnAFinishedCampaign_StartsOnlyTheNewTrialsAndKeepsTheFinished()
    {
        var (campaign, before) = await FinishedAsync("grow-seeds", Grid("grow-seeds", "{x: {values: [0, 1]}}", seeds: 2), trials: 4);

        var grown = await campaign.SubmitAsync(Grid("grow-seeds", "{x: {values: [0, 1]}}", seeds: 3), "b.yaml");
        var progress = await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var after = await TrialsAsync("grow-seeds", 6);

        Assert.Equal((SubmitOutcome.Grown, 6, 2, CampaignStatus.Running), (grown.Outcome, grown.Trials, grown.Added, grown.Status));
        Assert.Equal((6, 6), (progress.Total, progress.Counts[TrialStatus.Succeeded]));
        AssertKept(before, after);
        // One trainer start per trial in all: the four finished ones never ran again, each new one ran once.
        Assert.Equal(6, after.Sum(t => t.Attempts.Count));
        Assert.Equal([("x=0", 2L), ("x=1", 2L)], after.Skip(4).Select(t => (t.Setting, t.Seed)));
        var table = await fixture.Client.GetGrain<IAggregatorGrain>("grow-seeds").GetTableAsync(TableQuery.Default);
        Assert.Equal([("x=0", 3), ("x=1", 3)], table.Rows.Select(r => (r.Setting, r.Succeeded)));
    }

    [Fact]
    public async Task SubmitAsync_MoreValues_RunsTheNewPointsAndTheTableListsThemInSpecOrder()
    {
        var (campaign, before) = await FinishedAsync("grow-values", Grid("grow-values", "{x: {values: [0, 1]}}", seeds: 2), trials: 4);
        // The table is read once before growing: the aggregator must notice the new spec.
        var tableBefore = await fixture.Client.GetGrain<IAggregatorGrain>("grow-values").GetTableAsync(TableQuery.Default);

        var grown = await campaign.SubmitAsync(Grid("grow-values", "{x: {values: [0, 0.5, 1]}}", seeds: 2), "b.yaml");
        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var after = await TrialsAsync("grow-values", 6);

        Assert.Equal((SubmitOutcome.Grown, 6, 2), (grown.Outcome, grown.Trials, grown.Added));
        Assert.Equal(["x=0", "x=1"], tableBefore.Rows.Select(r => r.Setting));
        AssertKept(before, after);
        Assert.Equal(6, after.Sum(t => t.Attempts.Count));
        Assert.Equal([("x=0.5", 0L), ("x=0.5", 1L)], after.Skip(4).Select(t => (t.Setting, t.Seed)));
        var table = await fixture.Client.GetGrain<IAggregatorGrain>("grow-values").GetTableAsync(TableQuery.Default);
        Assert.Equal([("x=0", 2), ("x=0.5", 2), ("x=1", 2)], table.Rows.Select(r => (r.Setting, r.Succeeded)));
        var outcomes = (await fixture.Client.GetGrain<IAggregatorGrain>("grow-values").GetOutcomesPageAsync(0)).Outcomes;
        Assert.Equal(after.Where(t => t.Setting == "x=0.5").Average(t => t.Metrics["score"]), table.Rows[1].Cells[0].Mean, 12);
        Assert.Equal(6, outcomes.Count);
    }

    [Fact]
    public async Task SubmitAsync_WiderIntRange_RunsOnlyTheNewIntegers()
    {
        var (campaign, before) = await FinishedAsync("grow-int", Grid("grow-int", "{x: {int: [1, 2]}}", seeds: 1), trials: 2);

        var grown = await campaign.SubmitAsync(Grid("grow-int", "{x: {int: [0, 3]}}", seeds: 1), "b.yaml");
        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var after = await TrialsAsync("grow-int", 4);

        Assert.Equal((SubmitOutcome.Grown, 4, 2), (grown.Outcome, grown.Trials, grown.Added));
        AssertKept(before, after);
        Assert.Equal(4, after.Sum(t => t.Attempts.Count));
        Assert.Equal(["x=0", "x=3"], after.Skip(2).Select(t => t.Setting));
        var table = await fixture.Client.GetGrain<IAggregatorGrain>("grow-int").GetTableAsync(TableQuery.Default);
        Assert.Equal(["x=0", "x=1", "x=2", "x=3"], table.Rows.Select(r => r.Setting));
    }

    [Fact]
    public async Task SubmitAsync_MoreSamples_KeepsTheFirstSamplesAndTheirResults()
    {
        var (campaign, before) = await FinishedAsync("grow-samples", RandomSpec("grow-samples", 3), trials: 3);

        var grown = await campaign.SubmitAsync(RandomSpec("grow-samples", 5), "b.yaml");
        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var after = await TrialsAsync("grow-samples", 5);

        Assert.Equal((SubmitOutcome.Grown, 5, 2), (grown.Outcome, grown.Trials, grown.Added));
        AssertKept(before, after);
        Assert.Equal(5, after.Sum(t => t.Attempts.Count));
        Assert.Equal(5, after.Select(t => t.Setting).Distinct().Count());
    }

    [Fact]
    public async Task SubmitAsync_OtherChange_IsRefusedNamingTheKeyAndChangesNothing()
    {
        var spec = Grid("grow-refused", "{x: {values: [0, 1]}}", seeds: 1);
        var (campaign, _) = await FinishedAsync("grow-refused", spec, trials: 2);

        var epochs = await campaign.SubmitAsync(spec.Replace("epochs: 1", "epochs: 2"), "b.yaml");
        var removed = await campaign.SubmitAsync(Grid("grow-refused", "{x: {values: [0, 2]}}", seeds: 3), "c.yaml");
        var progress = await campaign.GetProgressAsync();

        Assert.Equal((SubmitOutcome.Conflict, 2), (epochs.Outcome, epochs.Trials));
        Assert.Equal([$"error: b.yaml: campaign 'grow-refused' already exists; 'epochs' changed (1 to 2): {Allowed}"], epochs.Errors);
        Assert.Equal([$"error: c.yaml: campaign 'grow-refused' already exists; 'search.space.x.values' changed (a value was removed): {Allowed}"], removed.Errors);
        Assert.Equal((CampaignStatus.Completed, 2), (progress.Status, progress.Total));
        Assert.Equal(spec, await campaign.GetSpecAsync());
        Assert.Equal([spec], await campaign.GetSpecsAsync());
    }

    [Fact]
    public async Task SubmitAsync_GrowingACancelledCampaign_IsRefused()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("grow-cancelled");
        await campaign.SubmitAsync(Grid("grow-cancelled", "{x: {values: [0, 1]}}", seeds: 1, duration: 30), "a.yaml");
        Assert.True(await campaign.CancelAsync());

        var grown = await campaign.SubmitAsync(Grid("grow-cancelled", "{x: {values: [0, 1]}}", seeds: 2, duration: 30), "b.yaml");

        Assert.Equal((SubmitOutcome.Conflict, 2, CampaignStatus.Cancelled), (grown.Outcome, grown.Trials, grown.Status));
        Assert.Equal(["error: b.yaml: campaign 'grow-cancelled' was cancelled, so it cannot grow (allowed: another name)"], grown.Errors);
    }

    [Fact]
    public async Task SubmitAsync_GrowingARunningCampaign_QueuesTheNewTrialsWithoutDisturbingTheRunning()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("grow-running");
        await campaign.SubmitAsync(Grid("grow-running", "{x: {values: [0, 1, 2]}}", seeds: 1, duration: 1), "a.yaml");
        await Waiting.UntilAsync(async () => (await campaign.GetProgressAsync()).Running.Count > 0, "a trial to run");

        var grown = await campaign.SubmitAsync(Grid("grow-running", "{x: {values: [0, 1, 2]}}", seeds: 2, duration: 1), "b.yaml");
        var progress = await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var after = await TrialsAsync("grow-running", 6);

        Assert.Equal((SubmitOutcome.Grown, 6, 3, CampaignStatus.Running), (grown.Outcome, grown.Trials, grown.Added, grown.Status));
        Assert.Equal((6, 6), (progress.Total, progress.Counts[TrialStatus.Succeeded]));
        // Nothing that ran was started again: one attempt per trial.
        Assert.All(after, t => Assert.Single(t.Attempts));
        Assert.Equal([("x=0", 0L), ("x=1", 0L), ("x=2", 0L), ("x=0", 1L), ("x=1", 1L), ("x=2", 1L)], after.Select(t => (t.Setting, t.Seed)));
        var table = await fixture.Client.GetGrain<IAggregatorGrain>("grow-running").GetTableAsync(TableQuery.Default);
        Assert.Equal([("x=0", 2), ("x=1", 2), ("x=2", 2)], table.Rows.Select(r => (r.Setting, r.Succeeded)));
    }
}
