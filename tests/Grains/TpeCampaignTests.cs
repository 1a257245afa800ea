using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Grains;

/// <summary><c>search.algorithm: tpe</c> in a campaign: suggestions appended one by one, the same sequence for the same spec and seed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TpeCampaignTests(ClusterFixture fixture)
{
    private const int Trials = 14;

    private const string OneObjective = "objective: {metric: score, mode: max}";

    private static string Spec(string name, int parallel, long seed, double duration = 0, string objectives = OneObjective, int epochs = 1, string extra = "") => $$"""
        name: {{name}}
        kind: synthetic
        params: {duration: {{duration.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
        search:
          algorithm: tpe
          trials: {{Trials}}
          parallel: {{parallel}}
          seed: {{seed}}
          {{objectives}}
          space:
            x: {uniform: [0, 1]}
            y: {uniform: [-1, 0.5]}
        epochs: {{epochs}}
        retries: {max_attempts: 1}
        resources: {timeout_seconds: 60}
        {{extra}}
        """;

    private async Task<IReadOnlyList<TrialOutcome>> RunAsync(string name, int parallel, long seed, double duration = 0, Func<ICampaignGrain, Task>? meanwhile = null,
        string objectives = OneObjective, int epochs = 1, string extra = "", TrialStatus[]? ended = null)
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>(name);
        var submitted = await campaign.SubmitAsync(Spec(name, parallel, seed, duration, objectives, epochs, extra), $"{name}.yaml");
        Assert.Equal(SubmitOutcome.Created, submitted.Outcome);
        Assert.Equal(parallel, submitted.Trials);
        if (meanwhile is not null) await meanwhile(campaign);
        var progress = await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        Assert.Equal(Trials, progress.Total);
        var outcomes = (await fixture.Client.GetGrain<IAggregatorGrain>(name).GetOutcomesPageAsync(0)).Outcomes.OrderBy(o => o.Index).ToList();
        Assert.Equal(Enumerable.Range(0, Trials), outcomes.Select(o => o.Index));
        Assert.All(outcomes, o => Assert.Contains(o.Status, ended ?? [TrialStatus.Succeeded]));
        return outcomes;
    }

    [Fact]
    public async Task SubmitAsync_TpeParallelOne_SameSeedGivesTheSameSequence()
    {
        var first = await RunAsync("tpe-a", parallel: 1, seed: 3);
        var second = await RunAsync("tpe-b", parallel: 1, seed: 3);

        Assert.Equal(first.Select(o => o.Setting), second.Select(o => o.Setting));
        Assert.Equal(first.Select(o => o.Metrics["score"]), second.Select(o => o.Metrics["score"]));
        AssertSequential(first, seed: 3);
        var table = await fixture.Client.GetGrain<IAggregatorGrain>("tpe-a").GetTableAsync(TableQuery.Default);
        Assert.Equal(first.Select(o => o.Setting).Distinct(), table.Rows.Select(r => r.Setting));
    }

    [Fact]
    public async Task SubmitAsync_TpeCampaignDeactivatedMidway_ContinuesTheSameSequence()
    {
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var outcomes = await RunAsync("tpe-resume", parallel: 1, seed: 3, duration: 0.1, meanwhile: async campaign =>
        {
            await Waiting.UntilAsync(async () => (await campaign.GetProgressAsync()).Finished >= 4, "four tpe trials to finish");
            // Every idle activation goes, the campaign's included: it comes back on the next shard push and replays.
            await management.ForceActivationCollection(TimeSpan.Zero);
        });

        AssertSequential(outcomes, seed: 3);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var again = await fixture.Client.GetGrain<ICampaignGrain>("tpe-resume").GetProgressAsync();
        Assert.Equal((CampaignStatus.Completed, Trials), (again.Status, again.Total));
    }

    /// <summary>The campaign's trials are the sequential search: each suggestion from every earlier trial's score.</summary>
    private static void AssertSequential(IReadOnlyList<TrialOutcome> outcomes, long seed)
    {
        var spec = SpecParser.Parse(Spec("any", 1, seed)).Spec!;
        var searcher = new TpeSearcher(spec.Search.Space, seed);
        var history = new List<Observation>();
        for (var k = 0; k < Trials; k++)
        {
            Assert.Equal(ParamFormat.Setting(searcher.Suggest(history, k)), outcomes[k].Setting);
            // The swept values follow the fixed duration.
            history.Add(new Observation(outcomes[k].Params.Skip(1).ToList(), -outcomes[k].Metrics["score"]));
        }
    }

    [Fact]
    public async Task SubmitAsync_TwoObjectivesParallelOne_IsTheSequentialMotpe_AndTheTableMarksTheirFront()
    {
        // The synthetic kind's loss is 1 − score: maximising score and minimising loss agree, so the front is the best trial.
        const string objectives = "objectives: [{metric: score, mode: max}, {metric: loss, mode: min}]";
        var outcomes = await RunAsync("motpe-a", parallel: 1, seed: 2, objectives: objectives);

        var spec = SpecParser.Parse(Spec("any", 1, 2, objectives: objectives)).Spec!;
        var searcher = new TpeSearcher(spec.Search.Space, 2);
        var history = new List<Observation>();
        for (var k = 0; k < Trials; k++)
        {
            Assert.Equal(ParamFormat.Setting(searcher.Suggest(history, k)), outcomes[k].Setting);
            history.Add(new Observation(outcomes[k].Params.Skip(1).ToList(), [-outcomes[k].Metrics["score"], outcomes[k].Metrics["loss"]]));
        }
        var table = await fixture.Client.GetGrain<IAggregatorGrain>("motpe-a").GetTableAsync(TableQuery.Default);
        var best = outcomes.MaxBy(o => o.Metrics["score"])!.Setting;
        Assert.Equal([best], table.Rows.Where(r => r.OnParetoFront).Select(r => r.Setting));
        Assert.Equal(["score", "loss"], table.Pareto.Select(m => m.Name));
    }

    [Fact]
    public async Task SubmitAsync_TpeWithAsha_StoppedTrialsInformTheSearch_AndTheTrialsReplayFromTheOutcomes()
    {
        // The objective loss is the metric the synthetic kind reports per epoch, so a stopped trial brings its value at the rung.
        const string objective = "objective: {metric: loss, mode: min}";
        const string stopping = "stopping: {algorithm: asha, metric: loss, mode: min, min_epochs: 1, reduction_factor: 3}";
        var outcomes = await RunAsync("tpe-asha", parallel: 1, seed: 4, objectives: objective, epochs: 3, extra: stopping,
            ended: [TrialStatus.Succeeded, TrialStatus.Stopped]);

        Assert.Contains(outcomes, o => o.Status == TrialStatus.Stopped);
        Assert.All(outcomes.Where(o => o.Status == TrialStatus.Stopped), o => Assert.Equal(1, o.StoppedEpoch));
        var spec = SpecParser.Parse(Spec("tpe-asha", 1, 4, objectives: objective, epochs: 3, extra: stopping)).Spec!;
        var records = outcomes.ToDictionary(o => o.Index, TrialRecord.Of);
        Assert.Equal(TpeExpansion.Trials(spec, i => records.GetValueOrDefault(i)).Select(t => t.Setting), outcomes.Select(o => o.Setting));
        // Had the stopped trials told the searcher nothing, the sequence would differ after the first stop past startup.
        var blind = records.ToDictionary(r => r.Key, r => r.Value.Status == TrialStatus.Stopped ? r.Value with { Status = TrialStatus.Failed } : r.Value);
        Assert.NotEqual(TpeExpansion.Trials(spec, i => blind.GetValueOrDefault(i)).Select(t => t.Setting), outcomes.Select(o => o.Setting));
    }

    [Fact]
    public async Task SubmitAsync_TpeParallelThree_ReplaysTheSameTrialsFromTheOutcomes()
    {
        var outcomes = await RunAsync("tpe-p3", parallel: 3, seed: 5);

        var spec = SpecParser.Parse(Spec("tpe-p3", 3, 5)).Spec!;
        var records = outcomes.ToDictionary(o => o.Index, o => new TrialRecord(o.Index, o.Status, o.Metrics, o.Reason, o.FailedAttempts, o.Attempts));
        var replayed = TpeExpansion.Trials(spec, i => records.GetValueOrDefault(i));
        Assert.Equal(replayed.Select(t => t.Setting), outcomes.Select(o => o.Setting));
    }
}
