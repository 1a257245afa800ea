using Goldstone.Contracts;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Goldstone.Tests.Grains;

/// <summary>
/// ASHA on real synthetic trainers, one trial at a time (each asks both slots), so the rungs see the trials in index
/// order. With noise 0 and y = −0.25 a trial's score is 1 − (x − 0.5)², and its loss after epoch e of 4 is
/// 1 − score·e/4: at every epoch the losses rank as the scores do. Scores by trial: 1, 0.96, 0.84, 0.75, 0.99, 0.9775.
/// η = 2, min_epochs 1: rung 0 at epoch 1, rung 1 at epoch 2 (epoch 4 is the last, nothing to stop).
/// Rung 0, keeping the best ⌊n/2⌋ (at least 1) of the n recorded so far: t0 (n=1) goes on; t1, t2 (n=2, 3: the best
/// is t0) stop; t3 (n=4, cutoff the 2nd best 0.96) stops; t4 (n=5, 2nd best is itself, 0.99) goes on; t5 (n=6, 3rd
/// best is itself, 0.9775) goes on. Rung 1: t0 goes on; t4 (n=2, best t0) stops; t5 (n=3, best t0) stops.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoppingTests(ClusterFixture fixture)
{
    private static readonly Dictionary<int, int> ExpectedStops = new() { [1] = 0, [2] = 0, [3] = 0, [4] = 1, [5] = 1 };

    private static string Spec(string name, double duration, string stopping = "{algorithm: asha, metric: loss, mode: min, min_epochs: 1, reduction_factor: 2}") => $$$"""
        name: {{{name}}}
        kind: synthetic
        params: {y: -0.25, noise: 0, duration: {{{duration.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}
        search:
          space: {x: {values: [0.5, 0.3, 0.9, 0, 0.6, 0.35]}}
        epochs: 4
        resources: {slots: 2, timeout_seconds: 60}
        stopping: {{{stopping}}}
        """;

    [Fact]
    public async Task Asha_SequentialTrials_StopsExactlyTheHandCalculatedTrialsAtTheirRungs()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("asha");

        await campaign.SubmitAsync(Spec("asha", 0), "asha.yaml");
        var progress = await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);

        var outcomes = await Outcomes(fixture.Client, "asha");
        Assert.Equal(ExpectedStops, outcomes.Where(o => o.Status == TrialStatus.Stopped).ToDictionary(o => o.Index, o => o.StoppedRung!.Value));
        Assert.Equal(TrialStatus.Succeeded, outcomes[0].Status);
        Assert.Equal((1, 5), (progress.Counts.GetValueOrDefault(TrialStatus.Succeeded), progress.Counts.GetValueOrDefault(TrialStatus.Stopped)));
        Assert.Equal(0, progress.Counts.GetValueOrDefault(TrialStatus.Failed));
        // A stopped trial keeps what it reported at its rung's epoch: t4 stopped after epoch 2 with loss 1 − 0.99·2/4.
        Assert.Equal(1 - 0.99 * 2 / 4, outcomes[4].Metrics["loss"], 12);
        Assert.Equal("asha rung 1 (epoch 2): 0.505 is not in the best 1 of 2 (cutoff 0.5)", outcomes[4].Reason);
        var aggregator = fixture.Client.GetGrain<IAggregatorGrain>("asha");
        var excluded = await aggregator.GetTableAsync(TableQuery.Default with { Metrics = ["loss"] });
        var last = await aggregator.GetTableAsync(TableQuery.Default with { Metrics = ["loss"], Stopped = StoppedTrials.Last });
        Assert.Equal((1, 5, 0), (excluded.Rows.Sum(r => r.Succeeded), excluded.Rows.Sum(r => r.Stopped), excluded.Rows.Sum(r => r.Cancelled)));
        Assert.Equal((1, 6), (excluded.Rows.Sum(r => r.Cells[0].N), last.Rows.Sum(r => r.Cells[0].N)));
        var t3 = await fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("asha", 3)).GetAsync();
        var attempt = Assert.Single(t3.Attempts);
        Assert.Equal("stopped", attempt.Outcome);
        Assert.Equal(0, outcomes[3].FailedAttempts);
    }

    /// <summary>
    /// The median rule on the same trials: after epoch e a trial's best loss is 1 − s·e/4 and its running average
    /// 1 − s·(e+1)/8. Epoch 1: t0 goes on alone; t1 (best 0.76) against t0's 0.75, t2 (0.79) against the median 0.755
    /// of 0.75, 0.76, and t3 (0.8125) against the median 0.76 of three stop; t4 (0.7525 against 0.775) and t5
    /// (0.755625 against 0.76) go on, and at epochs 2 and 3 both beat the median of t0's and t4's averages.
    /// </summary>
    [Fact]
    public async Task Median_SequentialTrials_StopsExactlyTheHandCalculatedTrialsAtTheirEpochs()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("median");

        await campaign.SubmitAsync(Spec("median", 0, "{algorithm: median, metric: loss, mode: min}"), "median.yaml");
        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);

        var outcomes = await Outcomes(fixture.Client, "median");
        Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 1, [3] = 1 },
            outcomes.Where(o => o.Status == TrialStatus.Stopped).ToDictionary(o => o.Index, o => o.StoppedEpoch!.Value));
        Assert.Equal([0, 4, 5], outcomes.Where(o => o.Status == TrialStatus.Succeeded).Select(o => o.Index));
    }

    [Fact]
    public async Task Asha_ClusterRestartedMidCampaign_MakesTheSameDecisionsOnceEach()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "goldstone-stopping-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var first = await StartAsync(dataDir);
            await first.Client.GetGrain<ICampaignGrain>("asha-resume").SubmitAsync(Spec("asha-resume", 4), "asha.yaml");
            // Trial 4 passed rung 0 and runs towards rung 1: the restart interrupts it there.
            await Waiting.UntilAsync(async () => await first.Client.GetGrain<ITrialGrain>(TrialKeys.Of("asha-resume", 4)).GetAsync()
                is { Status: TrialStatus.Running, CurrentEpoch: 1 }, "trial 4 to pass rung 0");
            await first.StopAllSilosAsync();
            await first.DisposeAsync();

            // The new silo's startup task resumes the campaign from the store.
            var second = await StartAsync(dataDir);
            try
            {
                var campaign = second.Client.GetGrain<ICampaignGrain>("asha-resume");
                await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
                var outcomes = await Outcomes(second.Client, "asha-resume");
                Assert.Equal(ExpectedStops, outcomes.Where(o => o.Status == TrialStatus.Stopped).ToDictionary(o => o.Index, o => o.StoppedRung!.Value));
                var t4 = await second.Client.GetGrain<ITrialGrain>(TrialKeys.Of("asha-resume", 4)).GetAsync();
                Assert.Equal(["interrupted", "stopped"], t4.Attempts.Select(a => a.Outcome));
                // Every trial was decided once per rung it reached, whatever attempt reached it.
                var rung0 = await second.Client.GetGrain<IStoppingRungPageGrain>(StoppingRungs.PageKey(StoppingRungs.Key("asha-resume", 0), 0)).GetAsync();
                var rung1 = await second.Client.GetGrain<IStoppingRungPageGrain>(StoppingRungs.PageKey(StoppingRungs.Key("asha-resume", 1), 0)).GetAsync();
                Assert.Equal([0, 1, 2, 3, 4, 5], rung0.Select(r => r.Entry.Trial).Order());
                Assert.Equal([false, true, true, true, false, false], rung0.OrderBy(r => r.Entry.Trial).Select(r => r.Verdict.Stop));
                Assert.Equal([(0, false), (4, true), (5, true)], rung1.OrderBy(r => r.Entry.Trial).Select(r => (r.Entry.Trial, r.Verdict.Stop)));
            }
            finally
            {
                await second.StopAllSilosAsync();
                await second.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<TrialOutcome[]> Outcomes(IClusterClient client, string campaign) =>
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            await client.GetGrain<ITrialGrain>(TrialKeys.Of(campaign, i)).GetOutcomeAsync() ?? throw new InvalidOperationException($"trial {i} has no outcome")));

    /// <summary>A one-silo cluster on <paramref name="dataDir"/>, as <see cref="ClusterFixture"/> builds it.</summary>
    private static Task<InProcessTestCluster> StartAsync(string dataDir) =>
        ClusterFixture.StartAsync(dataDir, new Dictionary<string, string?>
        {
            // A shutdown interrupts the running trial at once instead of letting it finish.
            ["Goldstone:Worker:DrainTimeout"] = "00:00:00",
        });
}
