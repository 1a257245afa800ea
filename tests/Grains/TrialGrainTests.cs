using Goldstone.Contracts;

namespace Goldstone.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class TrialGrainTests(ClusterFixture fixture)
{
    private static TrialConfig Config(string campaign, int maxAttempts) => new(
        campaign, 0, "synthetic", [new ParamValue("x", ParamType.Number, 1, null, false)], Seed: 7, Epochs: 2, Threads: 1, Slots: 1,
        TimeoutSeconds: 60, new RetryPolicy(maxAttempts, 0.1, 1, false), ["score"], "x=1");

    [Fact]
    public async Task CompleteAttemptAsync_WithProfiles_KeepsThemForGetProfiles()
    {
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("direct-profiles", 0));
        var start = await trial.StartAttemptAsync(Config("direct-profiles", 3), "w1");
        var line = new TrialProfile("loss_slice", [-1, 0, 1], [], [0.9, 0.2, 0.7]);
        var plane = new TrialProfile("loss_plane", [-1, 1], [-1, 1], [1, 2, 3, 4]);

        Assert.Empty(await trial.GetProfilesAsync());
        await trial.CompleteAttemptAsync(start.Attempt, new Dictionary<string, double> { ["score"] = 0.5 }, [line, plane]);
        var profiles = await trial.GetProfilesAsync();

        Assert.Equal(["loss_slice", "loss_plane"], profiles.Select(p => p.Name));
        Assert.Equal([0.9, 0.2, 0.7], profiles[0].Values);
        Assert.Equal([-1.0, 1.0], profiles[1].Y);
        Assert.Equal([1.0, 2, 3, 4], profiles[1].Values);
    }

    [Fact]
    public async Task CompleteAttemptAsync_ProfileWithoutAValuePerPoint_IsRefusedAndTheTrialStaysRunning()
    {
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("direct-bad-profile", 0));
        var start = await trial.StartAttemptAsync(Config("direct-bad-profile", 3), "w1");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => trial.CompleteAttemptAsync(start.Attempt,
            new Dictionary<string, double> { ["score"] = 0.5 }, [new TrialProfile("loss_plane", [0, 1], [0, 1], [1, 2, 3])]));

        Assert.StartsWith("profile 'loss_plane' has 3 values for 4 grid points", error.Message);
        Assert.Equal(TrialStatus.Running, (await trial.GetAsync()).Status);
    }

    [Fact]
    public async Task CompleteAttemptAsync_Twice_RecordsOnceAndReturnsTheSameOutcome()
    {
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("direct-complete", 0));
        var start = await trial.StartAttemptAsync(Config("direct-complete", 3), "w1");

        var first = await trial.CompleteAttemptAsync(start.Attempt, new Dictionary<string, double> { ["score"] = 0.5 });
        var second = await trial.CompleteAttemptAsync(start.Attempt, new Dictionary<string, double> { ["score"] = 0.9 });
        var stale = await trial.CompleteAttemptAsync(start.Attempt + 1, new Dictionary<string, double> { ["score"] = 0.1 });

        Assert.True(start.Run);
        Assert.Equal(1, start.Attempt);
        Assert.NotNull(first);
        Assert.Equal(0.5, first.Metrics["score"]);
        Assert.Equal(0.5, second!.Metrics["score"]);
        Assert.Null(stale);
        var snapshot = await trial.GetAsync();
        Assert.Equal(TrialStatus.Succeeded, snapshot.Status);
        Assert.Equal(0.5, snapshot.Metrics["score"]);
        Assert.False(await trial.ReportEpochAsync(1, 2, new Dictionary<string, double>()));
        Assert.Equal(new FailDecision(false, null), await trial.FailAttemptAsync(2, "late"));
        var again = await trial.StartAttemptAsync(Config("direct-complete", 3), "w2");
        Assert.False(again.Run);
        Assert.Equal(TrialStatus.Succeeded, again.Outcome!.Status);
    }

    [Fact]
    public async Task FailAttemptAsync_UpToMaxAttempts_RetriesThenFailsWithLastReason()
    {
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("direct-fail", 0));
        var first = await trial.StartAttemptAsync(Config("direct-fail", 2), "w1");
        var retry = await trial.FailAttemptAsync(first.Attempt, "boom 1");
        var second = await trial.StartAttemptAsync(Config("direct-fail", 2), "w1");
        var final = await trial.FailAttemptAsync(second.Attempt, "boom 2");

        Assert.True(retry.Retry);
        Assert.Null(retry.Outcome);
        Assert.Equal(2, second.Attempt);
        Assert.Equal(1, second.FailedAttempts);
        Assert.False(final.Retry);
        Assert.Equal(TrialStatus.Failed, final.Outcome!.Status);
        Assert.Equal("boom 2", final.Outcome.Reason);
        Assert.Equal(2, final.Outcome.FailedAttempts);
        var snapshot = await trial.GetAsync();
        Assert.Equal(["failed", "failed"], snapshot.Attempts.Select(a => a.Outcome));
        Assert.Equal(["boom 1", "boom 2"], snapshot.Attempts.Select(a => a.Reason));
    }

    [Fact]
    public async Task StartAttemptAsync_WhileAnAttemptOfAGoneSiloRuns_RecordsItInterruptedNotFailed()
    {
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("direct-abandoned", 0));
        // A worker on a silo that is not in the cluster (a killed process's): its attempt cannot be running any more.
        const string deadWorker = "host:1:abc@127.0.0.1:1@1";
        var first = await trial.StartAttemptAsync(Config("direct-abandoned", 1), deadWorker);
        Assert.True(await trial.ReportEpochAsync(first.Attempt, 1, new Dictionary<string, double> { ["loss"] = 0.3 }));

        var second = await trial.StartAttemptAsync(Config("direct-abandoned", 1), "w2");

        Assert.True(second.Run);
        Assert.Equal(2, second.Attempt);
        Assert.Equal(0, second.FailedAttempts);
        // Late reports of the presumed-dead attempt (its process was only cut off) never count.
        Assert.False(await trial.ReportEpochAsync(first.Attempt, 2, new Dictionary<string, double>()));
        Assert.False(await trial.ReportCheckpointAsync(first.Attempt, 2));
        Assert.Null(await trial.CompleteAttemptAsync(first.Attempt, new Dictionary<string, double> { ["score"] = 9 }));
        var snapshot = await trial.GetAsync();
        Assert.Empty(snapshot.Metrics);
        Assert.Equal(0, snapshot.CheckpointEpoch);
        Assert.Equal("interrupted", snapshot.Attempts[0].Outcome);
        Assert.Equal($"worker {deadWorker} stopped reporting", snapshot.Attempts[0].Reason);
        Assert.Equal(TrialStatus.Running, snapshot.Status);
        Assert.Equal(0, snapshot.CurrentEpoch);
    }

    [Fact]
    public async Task StartAttemptAsync_WhileAWorkerOfALiveSiloRunsIt_RefusesAndNamesTheHolder()
    {
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("direct-held", 0));
        var holder = $"host:2:def@{fixture.Cluster.Silos[0].SiloAddress.ToParsableString()}";
        var first = await trial.StartAttemptAsync(Config("direct-held", 1), holder);

        var second = await trial.StartAttemptAsync(Config("direct-held", 1), "other-worker");

        Assert.True(first.Run);
        Assert.Equal(new AttemptStart(false, 1, 0, TrialStatus.Running, null, holder), second);
        Assert.True(await trial.HeartbeatAsync(first.Attempt));
        Assert.True(await trial.ReportEpochAsync(first.Attempt, 1, new Dictionary<string, double> { ["loss"] = 0.3 }));
        var snapshot = await trial.GetAsync();
        Assert.Equal(["running"], snapshot.Attempts.Select(a => a.Outcome));
        Assert.Equal(holder, snapshot.Attempts[0].Worker);
    }

    [Fact]
    public async Task InterruptAttemptAsync_CurrentAttempt_MakesTrialPendingWithoutCountingAFailure()
    {
        var trial = fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("direct-interrupt", 0));
        var first = await trial.StartAttemptAsync(Config("direct-interrupt", 1), "w1");

        await trial.InterruptAttemptAsync(first.Attempt, "worker w1 shut down");
        var second = await trial.StartAttemptAsync(Config("direct-interrupt", 1), "w1");

        Assert.True(second.Run);
        Assert.Equal(0, second.FailedAttempts);
        var snapshot = await trial.GetAsync();
        Assert.Equal(["interrupted", "running"], snapshot.Attempts.Select(a => a.Outcome));
    }
}
