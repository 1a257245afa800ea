using System.Text.RegularExpressions;

namespace Goldstone.Tests.EndToEnd;

/// <summary><c>goldstone logs NAME TRIAL [--attempt N] [--follow]</c> on an embedded data directory.</summary>
public sealed class LogsTests
{
    private const string FailingSpec = """
        name: logs
        kind: synthetic
        params: {fail_prob: 1, failure_mode: exit}
        search:
          space:
            x: {values: [0, 1]}
        seeds: 1
        epochs: 1
        retries: {max_attempts: 2, backoff: {initial_seconds: 0.1, max_seconds: 0.1}}
        """;

    private static readonly Regex Header = new(@"^# trainer pid \d+ for logs/1#(\d)$");

    [Fact]
    public async Task Logs_FinishedCampaign_PrintsTheLatestOrTheAskedAttempt()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", FailingSpec);
        var run = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var latest = await CliProcess.RunAsync(dir.Path, "logs", "logs", "1");
        var first = await CliProcess.RunAsync(dir.Path, "logs", "logs", "1", "--attempt", "1", "--data-dir", ".goldstone");

        foreach (var (result, attempt) in new[] { (latest, 2), (first, 1) })
        {
            Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
            var lines = result.Stdout.Split('\n');
            Assert.Equal(attempt.ToString(), Assert.Single(Header.Matches(lines[0])).Groups[1].Value);
            Assert.Equal(["synthetic exit at epoch 1", $"# attempt {attempt}: failed: the trainer exited with code 3; stderr: synthetic exit at epoch 1", ""],
                lines[1..]);
            Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, ".goldstone", "campaigns", "logs", "trials", "1", $"attempt-{attempt}.log")), result.Stdout);
        }
    }

    [Fact]
    public async Task Logs_BadTrialOrAttempt_ExitsTwoSayingWhatIsAllowed()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", FailingSpec);
        Assert.Equal(0, (await CliProcess.RunAsync(dir.Path, "run", "spec.yaml")).ExitCode);

        var attempt = await CliProcess.RunAsync(dir.Path, "logs", "logs", "1", "--attempt", "3");
        var trial = await CliProcess.RunAsync(dir.Path, "logs", "logs", "5");
        var campaign = await CliProcess.RunAsync(dir.Path, "logs", "nope", "0");
        var index = await CliProcess.RunAsync(dir.Path, "logs", "logs", "x");
        var noStore = await CliProcess.RunAsync(dir.Path, "logs", "logs", "0", "--data-dir", "elsewhere");

        Assert.Equal((2, "", "error: --attempt 3: trial 1 of 'logs' has 2 attempts (allowed: 1 to 2)\n"), attempt);
        Assert.Equal((2, "", "error: TRIAL 5: campaign 'logs' has 2 trials (allowed: 0 to 1)\n"), trial);
        Assert.Equal((2, "", "error: no campaign named 'nope' (known: logs)\n"), campaign);
        Assert.Equal((2, "", "error: TRIAL: 'x' is not a trial index (an integer from 0)\n" +
            "usage: goldstone logs NAME TRIAL [--attempt N] [--follow] [--data-dir DIR] [--gateway HOST:PORT]\n"), index);
        Assert.Equal((2, "", $"error: the data directory {Path.Combine(dir.Path, "elsewhere")} does not exist: no campaign has run there; " +
            "for a cluster, name a silo with --gateway HOST:PORT\n"), noStore);
    }

    [Fact]
    public async Task LogsFollow_WhileRunHoldsTheStore_AsksItsGatewayAndEndsWithTheAttempt()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", """
            name: follow
            kind: synthetic
            params: {fail_prob: 1, failure_mode: exit, duration: 10}
            search:
              space:
                x: {values: [0]}
            seeds: 1
            epochs: 2
            retries: {max_attempts: 1}
            """);
        using var run = CliProcess.Start(dir.Path, "run", "spec.yaml");
        await run.WaitForOutputAsync(text => text.Contains("running 1: #0"), "the trial to run");

        // Started while the only attempt runs (it fails after 5 or 10 s) and has written nothing yet: it waits, then
        // prints the whole log when the attempt ends.
        var follow = await CliProcess.RunAsync(dir.Path, "logs", "follow", "0", "--follow");
        Assert.Equal(0, await run.WaitAsync());

        Assert.True(follow.ExitCode == 0, follow.Stderr);
        var log = File.ReadAllText(Path.Combine(dir.Path, ".goldstone", "campaigns", "follow", "trials", "0", "attempt-1.log"));
        Assert.Equal(log, follow.Stdout);
        Assert.Matches(@"^# trainer pid \d+ for follow/0#1\nsynthetic exit at epoch \d\n# attempt 1: failed: the trainer exited with code 3; stderr: synthetic exit at epoch \d\n$", follow.Stdout);
        Assert.Equal("", follow.Stderr);
    }
}
