using Goldstone.Cli.Commands;
using Goldstone.Contracts;
using Spectre.Console;

namespace Goldstone.Tests.Unit.Cli;

public sealed class WatchDisplayTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static string Text(CampaignProgress progress, string? eta)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 80;
        console.Write(WatchDisplay.Render(progress, eta));
        return string.Join("\n", writer.ToString().Split('\n').Select(line => line.TrimEnd()));
    }

    private static CampaignProgress Running(IReadOnlyList<RunningTrial> running, IReadOnlyList<AttemptFailure> failures) =>
        new("demo", CampaignStatus.Running, 10,
            new Dictionary<TrialStatus, int> { [TrialStatus.Succeeded] = 4, [TrialStatus.Failed] = 1, [TrialStatus.Running] = running.Count, [TrialStatus.Pending] = 5 - running.Count },
            running, At, null) { RecentFailures = failures };

    [Fact]
    public void Render_RunningCampaign_ShowsBarEtaRunningTrialsAndFailures()
    {
        var progress = Running(
            [new RunningTrial(5, "lr=0.1", 2, "silo-a/0", 1, 3, 10, At), new RunningTrial(7, "lr=0.01", 1, "silo-b/1", 2, 0, 10, At)],
            [new AttemptFailure(7, "lr=0.01", 1, 1, "trainer exited with code 137", true, At),
             new AttemptFailure(3, "lr=1", 1, 2, "loss is NaN at epoch 2", false, At)]);

        var text = Text(progress, "1m05s");

        Assert.Equal(
            """
            demo running · 5/10 done
            ████████████████████░░░░░░░░░░░░░░░░░░░░  50% · ETA 1m05s
            succeeded 4 · failed 1 · running 2 · pending 3
                                    running

              trial   setting   seed   epoch   attempt   worker
            ───────────────────────────────────────────────────────
              #5      lr=0.1    2      3/10    1         silo-a/0
              #7      lr=0.01   1      0/10    2         silo-b/1

                                           latest failures

              trial   setting   seed   attempt   then       reason
            ──────────────────────────────────────────────────────────────────────────────
              #7      lr=0.01   1      1         retrying   trainer exited with code 137
              #3      lr=1      1      2         failed     loss is NaN at epoch 2


            """, text);
    }

    [Fact]
    public void Render_MoreRunningTrialsThanRows_CountsTheRest()
    {
        var running = Enumerable.Range(0, WatchDisplay.MaxRunningRows + 3)
            .Select(i => new RunningTrial(i, "x=1", i, "w", 1, 0, 1, At)).ToList();
        var progress = new CampaignProgress("many", CampaignStatus.Running, 20,
            new Dictionary<TrialStatus, int> { [TrialStatus.Running] = running.Count, [TrialStatus.Pending] = 7 }, running, At, null);

        var text = Text(progress, null);

        Assert.Contains("… and 3 more", text);
        Assert.Contains("#9 ", text);
        Assert.DoesNotContain("#10 ", text);
        Assert.StartsWith("many running · 0/20 done\n", text);
    }

    [Fact]
    public void Render_UnschedulableCampaign_SaysWhy()
    {
        var progress = new CampaignProgress("big", CampaignStatus.Running, 2,
            new Dictionary<TrialStatus, int> { [TrialStatus.Pending] = 2 }, [], At, null, "needs 3 GPUs; the largest live worker has 2");

        Assert.Equal(
            "big running · 0/2 done\n" +
            "░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░   0%\n" +
            "succeeded 0 · failed 0 · running 0 · pending 2\n" +
            "unschedulable: needs 3 GPUs; the largest live worker has 2\n", Text(progress, null));
    }

    [Fact]
    public void FailureLine_NamesTrialAttemptAndReason()
    {
        Assert.Equal("trial #7 (lr=0.01, seed 1) attempt 1 failed, retrying: trainer exited with code 137",
            WatchDisplay.FailureLine(new AttemptFailure(7, "lr=0.01", 1, 1, "trainer exited with code 137", true, At)));
        Assert.Equal("trial #3 (lr=1, seed 1) attempt 2 failed: loss is NaN at epoch 2",
            WatchDisplay.FailureLine(new AttemptFailure(3, "lr=1", 1, 2, "loss is NaN at epoch 2", false, At)));
    }
}
