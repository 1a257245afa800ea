using Goldstone.Silo.Hosting;
using Goldstone.Silo.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Goldstone.Tests.Unit.Worker;

/// <summary>The runner with real trainer processes (the trainer built beside these tests), warm and fresh per trial.</summary>
public sealed class TrainerRunnerTests : IDisposable
{
    private static readonly TrainerCallbacks Ignore = new((_, _) => Task.CompletedTask, _ => Task.CompletedTask);
    private readonly TemporaryDirectory _dir = new();

    [Fact]
    public async Task RunAsync_ManyTrials_RunInOneProcessWithTheMetricsOfFreshProcesses()
    {
        await using var warm = Runner();
        await using var fresh = Runner(trialsPerProcess: 1);

        var warmResults = new List<TrainerRunResult>();
        var freshResults = new List<TrainerRunResult>();
        for (var seed = 0; seed < 8; seed++)
        {
            warmResults.Add(await warm.RunAsync(Invocation($"many/{seed}#1", Synthetic(seed)), Ignore, CancellationToken.None));
            freshResults.Add(await fresh.RunAsync(Invocation($"many-fresh/{seed}#1", Synthetic(seed)), Ignore, CancellationToken.None));
        }

        Assert.Equal(1, warm.ProcessesStarted);
        Assert.Equal(8, fresh.ProcessesStarted);
        for (var seed = 0; seed < 8; seed++) AssertSameBits(freshResults[seed].Metrics!, warmResults[seed].Metrics!);
    }

    [Fact]
    public async Task RunAsync_TrialsPerProcessThree_StartsAFreshProcessAfterEveryThirdTrial()
    {
        await using var runner = Runner(trialsPerProcess: 3);

        for (var seed = 0; seed < 7; seed++)
            Assert.True((await runner.RunAsync(Invocation($"k/{seed}#1", Synthetic(seed)), Ignore, CancellationToken.None)).Succeeded);

        Assert.Equal(3, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_ResidentMemoryOverTheLimit_ReplacesTheProcessAfterEachTrial()
    {
        // A .NET process holds tens of MiB: 1 MiB is always exceeded.
        await using var runner = Runner(memoryLimitMb: 1);

        for (var seed = 0; seed < 3; seed++)
            Assert.True((await runner.RunAsync(Invocation($"memory/{seed}#1", Synthetic(seed)), Ignore, CancellationToken.None)).Succeeded);

        Assert.Equal(3, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_CrashInOneTrial_FailsThatTrialAndTheNextGetsTheMetricsOfAFreshProcess()
    {
        await using var runner = Runner();
        await using var fresh = Runner();

        var before = await runner.RunAsync(Invocation("crash/0#1", Synthetic(1)), Ignore, CancellationToken.None);
        var crash = await runner.RunAsync(Invocation("crash/1#1", Synthetic(2, "\"fail_prob\":1,\"failure_mode\":\"crash\""), logPath: LogPath(1)),
            Ignore, CancellationToken.None);
        var after = await runner.RunAsync(Invocation("crash/2#1", Synthetic(3)), Ignore, CancellationToken.None);
        var alone = await fresh.RunAsync(Invocation("crash-fresh/2#1", Synthetic(3)), Ignore, CancellationToken.None);

        Assert.True(before.Succeeded);
        Assert.False(crash.Succeeded);
        Assert.StartsWith("the trainer was killed by signal 6 (SIGABRT); stderr: ", crash.FailureReason);
        // The reason's tail is the last lines of the abort's stack trace; the log has the message too.
        Assert.Contains("synthetic crash at epoch 1", File.ReadAllText(LogPath(1)));
        Assert.False(crash.StoppedBySignal);
        AssertSameBits(alone.Metrics!, after.Metrics!);
        Assert.Equal(2, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_MalformedLine_FailsTheTrialAndReplacesTheProcess()
    {
        await using var runner = Runner();

        var malformed = await runner.RunAsync(Invocation("malformed/0#1", Synthetic(1, "\"fail_prob\":1,\"failure_mode\":\"malformed\"")), Ignore,
            CancellationToken.None);
        var next = await runner.RunAsync(Invocation("malformed/1#1", Synthetic(2)), Ignore, CancellationToken.None);

        Assert.Equal("malformed output line 1: this is not json", malformed.FailureReason);
        Assert.True(next.Succeeded);
        Assert.Equal(2, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_ProfileReport_ComesBackWithTheResult()
    {
        await using var runner = Runner();

        var result = await runner.RunAsync(Invocation("profile/0#1", Synthetic(1, "\"y\":0.25,\"profile_points\":5")), Ignore, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        var profile = Assert.Single(result.Profiles);
        Assert.Equal("score_line", profile.Name);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], profile.X);
        Assert.Empty(profile.Y);
        // 1 − (x − 0.5)² − (y + 0.25)² at y = 0.25.
        Assert.Equal([0.5, 0.6875, 0.75, 0.6875, 0.5], profile.Values);
    }

    [Theory]
    [InlineData(1025, "profile report on line 2: profile 'score_line' has 1025 grid points (at most 1024)")]
    [InlineData(1, "profile report on line 2: profile 'score_line' has 1 x values (at least 2)")]
    public async Task RunAsync_ProfileOverTheLimits_FailsTheTrialAsMalformed(int points, string reason)
    {
        await using var runner = Runner();

        var result = await runner.RunAsync(Invocation($"profile-limit/{points}#1", Synthetic(1, $"\"profile_points\":{points}")), Ignore, CancellationToken.None);
        var next = await runner.RunAsync(Invocation($"profile-limit/{points}-next#1", Synthetic(2)), Ignore, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.FailureReason);
        Assert.Empty(result.Profiles);
        Assert.True(next.Succeeded);
        Assert.Empty(next.Profiles);
        Assert.Equal(2, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_Hang_TimesOutAndReplacesTheProcess()
    {
        await using var runner = Runner();

        var hang = await runner.RunAsync(Invocation("hang/0#1", Synthetic(1, "\"fail_prob\":1,\"failure_mode\":\"hang\""), TimeSpan.FromSeconds(1)),
            Ignore, CancellationToken.None);
        var next = await runner.RunAsync(Invocation("hang/1#1", Synthetic(2)), Ignore, CancellationToken.None);

        Assert.Equal("timed out after 1 s", hang.FailureReason);
        Assert.True(next.Succeeded);
        Assert.Equal(2, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_ErrorReport_FailsWithItsMessageLogsTheStackTraceAndReplacesTheProcess()
    {
        await using var runner = Runner();
        var failingLog = LogPath(0);

        var error = await runner.RunAsync(Invocation("error/0#1", Synthetic(1, "\"fail_prob\":1,\"failure_mode\":\"error\""), logPath: failingLog),
            Ignore, CancellationToken.None);
        var next = await runner.RunAsync(Invocation("error/1#1", Synthetic(2), logPath: LogPath(1)), Ignore, CancellationToken.None);

        Assert.Equal("error: InvalidOperationException: synthetic failure at epoch 1", error.FailureReason);
        var lines = File.ReadAllLines(failingLog);
        Assert.Matches(@"^# trainer pid \d+ for error/0#1$", lines[0]);
        Assert.Equal("System.InvalidOperationException: synthetic failure at epoch 1", lines[1]);
        Assert.DoesNotContain(lines, line => line.Contains("end of trial", StringComparison.Ordinal));
        Assert.True(next.Succeeded);
        Assert.False(Directory.Exists(Path.GetDirectoryName(LogPath(1))));
        Assert.Equal(2, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_SilentSuccessfulTrial_CreatesNoLogFileAndNoDirectory()
    {
        await using var runner = Runner();

        var result = await runner.RunAsync(Invocation("silent/0#1", Synthetic(1), logPath: LogPath(0)), Ignore, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task RunAsync_TrialsWritingToStderr_EachGetsItsOwnLinesAndTheSilentOneNoLog()
    {
        await using var runner = Runner();
        var first = ForeignCheckpoint("first");
        var second = ForeignCheckpoint("second");

        var results = new[]
        {
            await runner.RunAsync(Invocation("stderr/0#1", Synthetic(1, checkpointDir: first), logPath: LogPath(0)), Ignore, CancellationToken.None),
            await runner.RunAsync(Invocation("stderr/1#1", Synthetic(2, checkpointDir: second), logPath: LogPath(1)), Ignore, CancellationToken.None),
            await runner.RunAsync(Invocation("stderr/2#1", Synthetic(3), logPath: LogPath(2)), Ignore, CancellationToken.None),
        };

        Assert.All(results, r => Assert.True(r.Succeeded, r.FailureReason));
        var firstLog = File.ReadAllLines(LogPath(0));
        var secondLog = File.ReadAllLines(LogPath(1));
        var pid = firstLog[0]["# trainer pid ".Length..firstLog[0].IndexOf(" for ", StringComparison.Ordinal)];
        Assert.Equal([$"# trainer pid {pid} for stderr/0#1", $"checkpoint {first}/latest.json belongs to a different training; starting afresh"], firstLog);
        Assert.Equal([$"# trainer pid {pid} for stderr/1#1", $"checkpoint {second}/latest.json belongs to a different training; starting afresh"], secondLog);
        Assert.False(Directory.Exists(Path.GetDirectoryName(LogPath(2))));
        Assert.Equal(1, runner.ProcessesStarted);
    }

    [Fact]
    public async Task RunAsync_SoftSymmetryAfterOtherTrialsInOneProcess_GivesTheBitsOfAFreshProcess()
    {
        await using var warm = Runner();
        await using var fresh = Runner(trialsPerProcess: 1);
        var target = SoftSymmetry(seed: 3, width: 8);

        var alone = await fresh.RunAsync(Invocation("soft-fresh/0#1", target), Ignore, CancellationToken.None);
        var other = await warm.RunAsync(Invocation("soft/0#1", SoftSymmetry(seed: 9, width: 16)), Ignore, CancellationToken.None);
        var afterOther = await warm.RunAsync(Invocation("soft/1#1", target), Ignore, CancellationToken.None);
        var afterItself = await warm.RunAsync(Invocation("soft/2#1", target), Ignore, CancellationToken.None);

        Assert.All(new[] { alone, other, afterOther, afterItself }, r => Assert.True(r.Succeeded, r.FailureReason));
        Assert.Equal(1, warm.ProcessesStarted);
        AssertSameBits(alone.Metrics!, afterOther.Metrics!);
        AssertSameBits(alone.Metrics!, afterItself.Metrics!);
    }

    [Fact]
    public async Task TrainerProcesses_Find_NamesTheProcessOfARunningTrialAndNeitherIdleNorCancelledOnes()
    {
        await using var runner = Runner();
        await runner.RunAsync(Invocation("find/0#1", Synthetic(1)), Ignore, CancellationToken.None);
        var whileIdle = TrainerProcesses.Find("find/");
        using var cancel = new CancellationTokenSource();
        IReadOnlyList<int> whileRunning = [];
        var slow = Synthetic(2, "\"duration\":60", epochs: 60);

        var run = runner.RunAsync(Invocation("find/1#1", slow), new TrainerCallbacks((_, _) =>
        {
            whileRunning = TrainerProcesses.Find("find/");
            cancel.Cancel();
            return Task.CompletedTask;
        }, _ => Task.CompletedTask), cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(whileIdle);
        Assert.Single(whileRunning);
        Assert.Empty(TrainerProcesses.Find("find/"));
        Assert.Equal(1, runner.ProcessesStarted);
    }

    [Fact]
    public async Task DisposeAsync_IdleProcess_IsGoneWhenItReturns()
    {
        var runner = Runner();
        var checkpoint = ForeignCheckpoint("dispose");
        await runner.RunAsync(Invocation("dispose/0#1", Synthetic(1, checkpointDir: checkpoint), logPath: LogPath(0)), Ignore, CancellationToken.None);
        var header = File.ReadAllLines(LogPath(0))[0];
        var pid = header["# trainer pid ".Length..header.IndexOf(" for ", StringComparison.Ordinal)];
        Assert.True(Directory.Exists($"/proc/{pid}"), "the idle trainer is not running");

        await runner.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"), "the idle trainer outlived its runner");
    }

    public void Dispose() => _dir.Dispose();

    private TrainerRunner Runner(int trialsPerProcess = WorkerOptions.DefaultTrialsPerProcess,
        int memoryLimitMb = WorkerOptions.DefaultTrainerMemoryLimitMb)
    {
        var options = Options.Create(new GoldstoneOptions
        {
            Worker = new WorkerOptions
            {
                TrialsPerProcess = trialsPerProcess,
                TrainerMemoryLimitMb = memoryLimitMb,
                TrainerPath = Path.Combine(AppContext.BaseDirectory, "Goldstone.Trainer.dll"),
            },
        });
        return new TrainerRunner(new TrainerLocator(options), options, NullLogger<TrainerRunner>.Instance);
    }

    private string LogPath(int trial) => Path.Combine(_dir.Path, "trials", trial.ToString(System.Globalization.CultureInfo.InvariantCulture), "attempt-1.log");

    private TrainerInvocation Invocation(string label, string request, TimeSpan? timeout = null, string? logPath = null) =>
        new(label, request, 1, timeout ?? TimeSpan.FromSeconds(60), logPath ?? Path.Combine(_dir.Path, "logs", label.Replace('/', '-') + ".log"));

    private static string Synthetic(long seed, string parameters = "\"x\":0.25", int epochs = 1, string? checkpointDir = null) =>
        $$"""{"kind":"synthetic","seed":{{seed}},"epochs":{{epochs}},"params":{{{parameters}}}{{(checkpointDir is null ? "" : $",\"checkpoint_dir\":\"{checkpointDir}\",\"resume\":true")}}}""";

    private static string SoftSymmetry(long seed, int width) =>
        $$"""{"kind":"soft_symmetry","seed":{{seed}},"epochs":2,"threads":1,"params":{"train_size":200,"test_size":200,"width":{{width}}"""
        + ""","penalty":0.1,"hessian_iterations":3,"hessian_batch":64}"""
        + ""","metrics":["auc","shift_auc","gen_gap","hessian_top","robust_noise@0.1","distill_ratio"]}""";

    /// <summary>A checkpoint directory whose latest checkpoint belongs to another training: the trainer says so on stderr.</summary>
    private string ForeignCheckpoint(string name)
    {
        var directory = Path.Combine(_dir.Path, "checkpoints", name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "latest.json"), """{"Epoch":1,"Directory":"epoch-1","Fingerprint":"another"}""");
        return directory;
    }

    private static void AssertSameBits(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in expected)
            Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(actual[name]), $"{name}: {value:R} != {actual[name]:R}");
    }
}
