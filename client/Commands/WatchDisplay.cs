using System.Globalization;
using Goldstone.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Goldstone.Cli.Commands;

/// <summary>
/// The terminal view of a campaign's progress (Spectre.Console): a bar of the trials by state with the ETA, the
/// running trials with their epoch, and the latest failures with their reason. Pure: the same progress renders the
/// same text, so a test can compare it.
/// </summary>
public static class WatchDisplay
{
    /// <summary>Running trials listed; more are counted in one line.</summary>
    public const int MaxRunningRows = 10;

    /// <summary>Characters of the progress bar.</summary>
    public const int BarWidth = 40;

    /// <summary>The whole view of one poll.</summary>
    public static IRenderable Render(CampaignProgress progress, string? eta)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]{Markup.Escape(progress.Name)}[/] {StatusWord(progress.Status)} · {progress.Finished}/{progress.Total} done"),
            Bar(progress, eta),
            new Markup(StateCounts(progress)),
        };
        if (progress.Unschedulable is { } reason)
            parts.Add(new Markup($"[yellow]unschedulable:[/] {Markup.Escape(reason)}"));
        if (progress.Running.Count > 0) parts.Add(RunningTable(progress.Running));
        if (progress.RecentFailures.Count > 0) parts.Add(FailureTable(progress.RecentFailures));
        return new Rows(parts);
    }

    private static string StatusWord(CampaignStatus status) => status switch
    {
        CampaignStatus.Running => "running",
        CampaignStatus.Completed => "[green]completed[/]",
        CampaignStatus.Cancelled => "[yellow]cancelled[/]",
        _ => "unknown",
    };

    /// <summary>Finished trials as a bar, the percentage and the ETA.</summary>
    private static Markup Bar(CampaignProgress progress, string? eta)
    {
        var fraction = progress.Total == 0 ? 0 : (double)progress.Finished / progress.Total;
        var filled = (int)Math.Floor(fraction * BarWidth);
        var text = $"[green]{new string('█', filled)}[/][grey]{new string('░', BarWidth - filled)}[/] {Invariant($"{fraction * 100,3:0}")}%";
        if (eta is not null) text += $" · ETA {eta}";
        return new Markup(text);
    }

    /// <summary>Counts per state, the empty ones left out (running and pending always shown).</summary>
    private static string StateCounts(CampaignProgress progress)
    {
        int Count(TrialStatus s) => progress.Counts.GetValueOrDefault(s);
        var states = new (string Label, int Count, string Colour, bool Always)[]
        {
            ("succeeded", Count(TrialStatus.Succeeded), "green", true),
            ("failed", Count(TrialStatus.Failed), "red", true),
            ("stopped", Count(TrialStatus.Stopped), "blue", false),
            ("cancelled", Count(TrialStatus.Cancelled), "yellow", false),
            ("running", progress.Running.Count, "aqua", true),
            ("pending", Count(TrialStatus.Pending), "grey", true),
        };
        return string.Join(" · ", states.Where(s => s.Always || s.Count > 0).Select(s => Invariant($"[{s.Colour}]{s.Label}[/] {s.Count}")));
    }

    private static Table RunningTable(IReadOnlyList<RunningTrial> running)
    {
        var table = new Table().Border(TableBorder.Simple).Title("running")
            .AddColumns("trial", "setting", "seed", "epoch", "attempt", "worker");
        foreach (var trial in running.Take(MaxRunningRows))
            table.AddRow(
                Invariant($"#{trial.Index}"), Markup.Escape(trial.Setting), Invariant($"{trial.Seed}"),
                Invariant($"{trial.Epoch}/{trial.Epochs}"), Invariant($"{trial.Attempt}"), Markup.Escape(trial.Worker));
        if (running.Count > MaxRunningRows)
            table.Caption(Invariant($"… and {running.Count - MaxRunningRows} more"));
        return table;
    }

    private static Table FailureTable(IReadOnlyList<AttemptFailure> failures)
    {
        var table = new Table().Border(TableBorder.Simple).Title("latest failures")
            .AddColumns("trial", "setting", "seed", "attempt", "then", "reason");
        foreach (var failure in failures)
            table.AddRow(
                Invariant($"#{failure.Index}"), Markup.Escape(failure.Setting), Invariant($"{failure.Seed}"),
                Invariant($"{failure.Attempt}"), failure.Retrying ? "retrying" : "[red]failed[/]", Markup.Escape(failure.Reason));
        return table;
    }

    /// <summary>A failure as one plain line, for output that is not a terminal.</summary>
    public static string FailureLine(AttemptFailure failure) => Invariant(
        $"trial #{failure.Index} ({failure.Setting}, seed {failure.Seed}) attempt {failure.Attempt} failed{(failure.Retrying ? ", retrying" : "")}: {failure.Reason}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
