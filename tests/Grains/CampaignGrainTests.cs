using Goldstone.Contracts;
using Goldstone.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Goldstone.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class CampaignGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SubmitAsync_FlakyTrials_EveryTrialEndsWithinMaxAttempts()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("flaky");
        // One epoch: with more, a retry resumes after the checkpoint and may skip the epoch its fate fails at.
        var spec = Specs.Synthetic("flaky", "{fail_prob: 0.6, failure_mode: exit}", "{x: {values: [0, 0.5]}}", seeds: 8, maxAttempts: 3,
            epochs: 1, table: "table: {baseline: {x: 0}, metrics: [score]}");

        var submitted = await campaign.SubmitAsync(spec, "flaky.yaml");
        var progress = await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);

        Assert.Equal(SubmitOutcome.Created, submitted.Outcome);
        Assert.Equal(16, submitted.Trials);
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("flaky", i)).GetAsync()));
        Assert.All(snapshots, s => Assert.Contains(s.Status, new[] { TrialStatus.Succeeded, TrialStatus.Failed }));
        Assert.All(snapshots, s => Assert.InRange(s.Attempts.Count, 1, 3));
        Assert.All(snapshots.Where(s => s.Status == TrialStatus.Failed), s =>
        {
            Assert.Equal(3, s.Attempts.Count);
            Assert.All(s.Attempts, a => Assert.Equal("failed", a.Outcome));
            Assert.Equal("the trainer exited with code 3; stderr: synthetic exit at epoch 1", s.Reason);
        });
        Assert.All(snapshots.Where(s => s.Status == TrialStatus.Succeeded), s =>
        {
            Assert.Equal("succeeded", s.Attempts[^1].Outcome);
            Assert.All(s.Attempts.Take(s.Attempts.Count - 1), a => Assert.Equal("failed", a.Outcome));
        });
        var succeeded = snapshots.Count(s => s.Status == TrialStatus.Succeeded);
        var failed = snapshots.Count(s => s.Status == TrialStatus.Failed);
        // The synthetic kind's fate is seeded by (seed, trial, attempt), so this campaign always has both.
        Assert.True(failed > 0, "expected at least one trial to exhaust its attempts");
        Assert.Contains(snapshots, s => s.Status == TrialStatus.Succeeded && s.Attempts.Count > 1);
        Assert.Equal(succeeded, progress.Counts.GetValueOrDefault(TrialStatus.Succeeded));
        Assert.Equal(failed, progress.Counts.GetValueOrDefault(TrialStatus.Failed));
        Assert.Equal(16, succeeded + failed);

        var table = await fixture.Client.GetGrain<IAggregatorGrain>("flaky").GetTableAsync(TableQuery.Default);
        Assert.Equal(["x=0", "x=0.5"], table.Rows.Select(r => r.Setting));
        Assert.Equal(16, table.Rows.Sum(r => r.Succeeded + r.Failed));
        Assert.Equal(0, table.Rows.Sum(r => r.Running + r.Pending));
        var outcomes = (await fixture.Client.GetGrain<IAggregatorGrain>("flaky").GetOutcomesPageAsync(0)).Outcomes;
        var expectedMean = outcomes.Where(o => o.Setting == "x=0.5" && o.Status == TrialStatus.Succeeded).Average(o => o.Metrics["score"]);
        Assert.Equal(expectedMean, table.Rows[1].Cells[0].Mean, 12);
    }

    [Fact]
    public async Task SubmitAsync_RunningCampaign_HoldsItsResumeReminderUntilItCompletes()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("backstop");
        var spec = Specs.Synthetic("backstop", "{duration: 0.5}", "{x: {values: [0, 1]}}", seeds: 1, maxAttempts: 1, epochs: 1);
        var reminders = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var grainId = GrainId.Create("campaign", "backstop");

        await campaign.SubmitAsync(spec, "backstop.yaml");
        var whileRunning = await reminders.ReadRows(grainId);
        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var afterwards = await reminders.ReadRows(grainId);

        var reminder = Assert.Single(whileRunning.Reminders);
        Assert.Equal((CampaignGrain.ResumeReminder, CampaignGrain.ResumeReminderPeriod), (reminder.ReminderName, reminder.Period));
        Assert.Empty(afterwards.Reminders);
    }

    [Fact]
    public async Task SubmitAsync_EveryFailureMode_FailsTheAttemptWithItsReason()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("failures");
        var spec = Specs.Synthetic("failures", "{fail_prob: 1}", "{failure_mode: {values: [error, exit, crash, malformed]}}",
            seeds: 1, maxAttempts: 1, epochs: 1);
        // The hang runs alone: its time limit must not also bound how soon the other trainers start on a busy machine.
        var hang = fixture.Client.GetGrain<ICampaignGrain>("hang");
        var hangSpec = Specs.Synthetic("hang", "{fail_prob: 1, failure_mode: hang}", "{x: {values: [0]}}", seeds: 1, maxAttempts: 1,
            timeoutSeconds: 3, epochs: 1);

        await campaign.SubmitAsync(spec, "failures.yaml");
        await hang.SubmitAsync(hangSpec, "hang.yaml");
        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        await Waiting.ForCampaignAsync(hang, CampaignStatus.Completed);

        var reasons = new List<string?>();
        foreach (var key in new[] { TrialKeys.Of("failures", 0), TrialKeys.Of("failures", 1), TrialKeys.Of("failures", 2), TrialKeys.Of("failures", 3), TrialKeys.Of("hang", 0) })
        {
            var snapshot = await fixture.Client.GetGrain<ITrialGrain>(key).GetAsync();
            Assert.Equal(TrialStatus.Failed, snapshot.Status);
            Assert.Single(snapshot.Attempts);
            reasons.Add(snapshot.Reason);
        }
        Assert.Equal("error: InvalidOperationException: synthetic failure at epoch 1", reasons[0]);
        Assert.Equal("the trainer exited with code 3; stderr: synthetic exit at epoch 1", reasons[1]);
        Assert.StartsWith("the trainer was killed by signal 6 (SIGABRT)", reasons[2]);
        Assert.Equal("malformed output line 1: this is not json", reasons[3]);
        Assert.Equal("timed out after 3 s", reasons[4]);
        // The campaign keeps each failed attempt for a watch, newest first, its reason cut to the first line.
        CampaignProgress progress = null!;
        await Waiting.UntilAsync(async () => (progress = await campaign.GetProgressAsync()).RecentFailures.Count == 4, "four recent failures");
        Assert.Equal([0, 1, 2, 3], progress.RecentFailures.Select(f => f.Index).Order());
        Assert.All(progress.RecentFailures, f => Assert.Equal((1, false, AttemptFailure.ShortReason(reasons[f.Index]!)), (f.Attempt, f.Retrying, f.Reason)));
        Assert.Equal(progress.RecentFailures.Select(f => f.At).OrderDescending(), progress.RecentFailures.Select(f => f.At));
        Assert.Equal(["failure_mode=error", "failure_mode=exit", "failure_mode=crash", "failure_mode=malformed"],
            progress.RecentFailures.OrderBy(f => f.Index).Select(f => f.Setting));
    }

    [Fact]
    public async Task SubmitAsync_InvalidSpec_CreatesNothing()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("invalid");
        var spec = Specs.Synthetic("invalid", "{fail_prob: 2}", "{x: {values: [0]}}", seeds: 1, maxAttempts: 1);

        var result = await campaign.SubmitAsync(spec, "bad.yaml");

        Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
        Assert.Equal(["error: bad.yaml:3: params.fail_prob: 2 is out of range (allowed: a number >= 0 and <= 1)"], result.Errors);
        Assert.Equal(CampaignStatus.Unknown, (await campaign.GetProgressAsync()).Status);
        var listed = await fixture.Client.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey).ListAsync();
        Assert.DoesNotContain(listed, c => c.Name == "invalid");
    }

    [Fact]
    public async Task SubmitAsync_SameSpecAgain_ResumesAndDifferentSpecConflicts()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("twice");
        var spec = Specs.Synthetic("twice", "{duration: 0}", "{x: {values: [0, 1]}}", seeds: 1, maxAttempts: 1);
        Assert.Equal(SubmitOutcome.Created, (await campaign.SubmitAsync(spec, "a.yaml")).Outcome);

        var again = await campaign.SubmitAsync(spec, "a.yaml");
        var other = await campaign.SubmitAsync(spec.Replace("[0, 1]", "[0, 2]"), "b.yaml");

        Assert.Equal(SubmitOutcome.Resumed, again.Outcome);
        Assert.Equal(SubmitOutcome.Conflict, other.Outcome);
        Assert.Equal(["error: b.yaml: campaign 'twice' already exists; 'search.space.x.values' changed (a value was removed): "
            + "a grown spec may only add seeds, values to a values list, widen an int range or raise samples"], other.Errors);
        var progress = await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        Assert.Equal(2, progress.Counts[TrialStatus.Succeeded]);
    }

    [Fact]
    public async Task CancelAsync_RunningCampaign_CancelsUnfinishedTrialsAndStopsTrainers()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("cancel-me");
        var spec = Specs.Synthetic("cancel-me", "{duration: 60}", "{x: {values: [0, 1, 2, 3]}}", seeds: 1, maxAttempts: 1, epochs: 60);
        await campaign.SubmitAsync(spec, "cancel.yaml");
        await Waiting.UntilAsync(async () => (await campaign.GetProgressAsync()).Running.Count == 2, "two running trials");

        Assert.True(await campaign.CancelAsync());

        var progress = await campaign.GetProgressAsync();
        Assert.Equal(CampaignStatus.Cancelled, progress.Status);
        Assert.Equal(4, progress.Counts[TrialStatus.Cancelled]);
        Assert.False(await campaign.CancelAsync());
        await Waiting.UntilAsync(() => Task.FromResult(TrainerProcesses.Find("cancel-me/").Count == 0), "trainers of a cancelled campaign to stop");
        var table = await fixture.Client.GetGrain<IAggregatorGrain>("cancel-me").GetTableAsync(TableQuery.Default);
        Assert.All(table.Rows, r => Assert.Equal(0, r.Succeeded));
    }

    [Fact]
    public async Task CancelAsync_ThousandsOfTrials_RecordsTheNeverStartedInBulkWithoutTouchingTheirGrains()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("cancel-many");
        // 3,000 trials in three shards; two run (one per slot), the rest wait in the queue.
        var spec = Specs.Synthetic("cancel-many", "{duration: 60}", "{x: {int: [1, 30]}}", seeds: 100, maxAttempts: 1, epochs: 60);
        await campaign.SubmitAsync(spec, "cancel-many.yaml");
        await Waiting.UntilAsync(async () => (await campaign.GetProgressAsync()).Running.Count == 2, "two running trials");

        Assert.True(await campaign.CancelAsync());

        var progress = await campaign.GetProgressAsync();
        Assert.Equal(3000, progress.Total);
        Assert.Equal(3000, progress.Counts[TrialStatus.Cancelled]);
        Assert.Equal((0, 0), (progress.Counts[TrialStatus.Running], progress.Counts[TrialStatus.Pending]));
        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(s => fixture.Client.GetGrain<ITrialShardGrain>(TrialShards.Key("cancel-many", s)).GetCountsAsync()));
        Assert.All(shards, c => Assert.Equal(new ShardCounts(0, 0, 0, 1000), c));
        // Only the two trials that started ever wrote a trial state; the others were recorded by their shards alone.
        Assert.Equal(2, StoredRows("trial", "cancel-many/"));
        var export = await fixture.Client.GetGrain<IAggregatorGrain>("cancel-many").GetOutcomesPageAsync(2);
        Assert.Equal((2, 3, 1000), (export.Page, export.Pages, export.Outcomes.Count));
        Assert.All(export.Outcomes, o => Assert.Equal((TrialStatus.Cancelled, "campaign cancelled"), (o.Status, o.Reason)));
        await Waiting.UntilAsync(() => Task.FromResult(TrainerProcesses.Find("cancel-many/").Count == 0), "trainers of a cancelled campaign to stop");
    }

    private long StoredRows(string stateName, string grainKeyPrefix)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(fixture.DataDir, Goldstone.Silo.Hosting.GoldstoneSiloExtensions.DatabaseFileName)};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE state_name = $state AND instr(grain_id, $key) > 0";
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$key", grainKeyPrefix);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Worker_TrainerKilledWithSigkill_AttemptFailsAndTrialIsRetried()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("sigkill");
        // Eight one-second epochs: after the first one there is ample time to find and kill the trainer.
        var spec = Specs.Synthetic("sigkill", "{duration: 8}", "{x: {values: [0]}}", seeds: 1, maxAttempts: 2, epochs: 8);
        await campaign.SubmitAsync(spec, "sigkill.yaml");
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("sigkill", 0));
        await Waiting.UntilAsync(async () => (await trial.GetAsync()).CurrentEpoch == 1, "the first epoch");

        var pid = Assert.Single(TrainerProcesses.Find("sigkill/0#1"));
        System.Diagnostics.Process.GetProcessById(pid).Kill();

        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var snapshot = await trial.GetAsync();
        Assert.Equal(TrialStatus.Succeeded, snapshot.Status);
        Assert.Equal(2, snapshot.Attempts.Count);
        Assert.Equal("failed", snapshot.Attempts[0].Outcome);
        Assert.Equal("the trainer was killed by signal 9 (SIGKILL)", snapshot.Attempts[0].Reason);
        Assert.Equal("succeeded", snapshot.Attempts[1].Outcome);
        // The silo lives on: it still answers and runs work.
        Assert.Equal(CampaignStatus.Completed, (await campaign.GetProgressAsync()).Status);
    }

    [Fact]
    public async Task Worker_RetryAfterTrainerKill_ContinuesFromTheLatestCheckpoint()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("checkpointed");
        var spec = Specs.Synthetic("checkpointed", "{duration: 6}", "{x: {values: [0]}}", seeds: 1, maxAttempts: 2, epochs: 12);
        await campaign.SubmitAsync(spec, "checkpointed.yaml");
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("checkpointed", 0));
        await Waiting.UntilAsync(async () => (await trial.GetAsync()).CheckpointEpoch >= 3, "a checkpoint after epoch 3");

        System.Diagnostics.Process.GetProcessById(Assert.Single(TrainerProcesses.Find("checkpointed/0#1"))).Kill();

        await Waiting.ForCampaignAsync(campaign, CampaignStatus.Completed);
        var snapshot = await trial.GetAsync();
        var first = snapshot.Epochs.Where(e => e.Attempt == 1).Select(e => e.Epoch).ToList();
        var second = snapshot.Epochs.Where(e => e.Attempt == 2).Select(e => e.Epoch).ToList();
        Assert.Equal(TrialStatus.Succeeded, snapshot.Status);
        Assert.Equal(Enumerable.Range(1, first.Count), first);
        // The second attempt starts after the last checkpoint of the first, which is its last epoch or the one before.
        Assert.InRange(second[0], first[^1], first[^1] + 1);
        Assert.True(second[0] > 1, "the second attempt started from scratch");
        Assert.Equal(Enumerable.Range(second[0], 12 - second[0] + 1), second);
        // The synthetic kind checkpoints every epoch but the last, after which nothing is left to resume.
        Assert.Equal(11, snapshot.CheckpointEpoch);
    }

    [Fact]
    public async Task GetTableAsync_DuringTheCampaign_CountsRunningAndPendingTrialsPerRow()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("live-table");
        var spec = Specs.Synthetic("live-table", "{duration: 60}", "{x: {values: [0, 1, 2]}}", seeds: 2, maxAttempts: 1, epochs: 60,
            table: "table: {baseline: {x: 0}, metrics: [score]}");
        await campaign.SubmitAsync(spec, "live.yaml");
        await Waiting.UntilAsync(async () => (await campaign.GetProgressAsync()).Running.Count == 2, "two running trials");

        var table = await fixture.Client.GetGrain<IAggregatorGrain>("live-table").GetTableAsync(TableQuery.Default);
        await campaign.CancelAsync();

        // Points run in order: both seeds of x=0 hold the two slots; the rest wait.
        Assert.Equal(["x=0", "x=1", "x=2"], table.Rows.Select(r => r.Setting));
        Assert.Equal([(2, 0, 0), (0, 2, 0), (0, 2, 0)], table.Rows.Select(r => (r.Running, r.Pending, r.Succeeded)));
        Assert.All(table.Rows, r => Assert.Equal(2, r.Trials));
        Assert.All(table.Rows, r => Assert.Equal(0, r.Cells[0].N));
    }
}
