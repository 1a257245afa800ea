using System.Globalization;
using System.Text;
using Goldstone.Contracts;
using Spectre.Console;

namespace Goldstone.Cli.Commands;

/// <summary>
/// Live progress of a campaign: counts per state, the running trials with their epoch, and an ETA from the work
/// done since the view started. On a terminal it redraws a Spectre.Console view; when piped it prints a line on each change.
/// </summary>
public sealed class ProgressView(TextWriter output)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly bool _interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);

    /// <summary>
    /// Polls until the campaign is no longer running; returns its last progress. With <paramref name="outage"/>,
    /// failed polls (a silo restarting, the cluster failing over) are retried for that long before the watch gives up.
    /// On a terminal the view is redrawn in place (<see cref="WatchDisplay"/>); otherwise a line is printed on each
    /// change, and one per new failed attempt.
    /// </summary>
    /// <exception cref="SystemFailureException">No poll succeeded for <paramref name="outage"/>.</exception>
    public async Task<CampaignProgress> WatchAsync(ICampaignGrain campaign, CancellationToken cancellationToken, TimeSpan? outage = null)
    {
        if (!_interactive) return await PollAsync(campaign, cancellationToken, outage, PrintLines());
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        CampaignProgress? final = null;
        await console.Live(new Text("")).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async live =>
        {
            final = await PollAsync(campaign, cancellationToken, outage, (progress, _, eta) =>
            {
                live.UpdateTarget(WatchDisplay.Render(progress, eta));
                live.Refresh();
            });
        });
        return final!;
    }

    private Action<CampaignProgress, string, string?> PrintLines()
    {
        string? last = null;
        var shown = new HashSet<(int Index, int Attempt)>();
        return (progress, line, _) =>
        {
            // Oldest first, so that the lines read in the order the attempts failed.
            foreach (var failure in progress.RecentFailures.Reverse())
                if (shown.Add((failure.Index, failure.Attempt))) output.WriteLine(WatchDisplay.FailureLine(failure));
            if (line != last) output.WriteLine(line);
            last = line;
        };
    }

    private static async Task<CampaignProgress> PollAsync(ICampaignGrain campaign, CancellationToken cancellationToken, TimeSpan? outage,
        Action<CampaignProgress, string, string?> show)
    {
        var started = DateTimeOffset.UtcNow;
        double? workAtStart = null;
        DateTimeOffset? failingSince = null;
        while (true)
        {
            CampaignProgress progress;
            try
            {
                progress = await campaign.GetProgressAsync();
                if (failingSince is not null) Console.Error.WriteLine("watch: the cluster answers again");
                failingSince = null;
            }
            catch (Exception e) when (outage is { } limit && e is OrleansException or TimeoutException)
            {
                var now = DateTimeOffset.UtcNow;
                if (failingSince is null) Console.Error.WriteLine($"watch: the cluster does not answer ({e.GetBaseException().Message.Split('\n')[0]}); retrying for {limit.TotalSeconds:0} s");
                failingSince ??= now;
                if (now - failingSince > limit)
                    throw new SystemFailureException($"the cluster did not answer for {limit.TotalSeconds:0} s: {e.GetBaseException().Message.Split('\n')[0]}", e);
                await Task.Delay(PollInterval * 2, cancellationToken);
                continue;
            }
            var work = WorkDone(progress);
            workAtStart ??= work;
            var elapsed = DateTimeOffset.UtcNow - started;
            show(progress, Describe(progress, work, workAtStart.Value, elapsed), Eta(progress, work, workAtStart.Value, elapsed));
            if (progress.Status != CampaignStatus.Running) return progress;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The progress line.</summary>
    public static string Describe(CampaignProgress progress, double work, double workAtStart, TimeSpan elapsed)
    {
        int Count(TrialStatus s) => progress.Counts.GetValueOrDefault(s);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{progress.Finished}/{progress.Total} done");
        text.Append(CultureInfo.InvariantCulture, $" (succeeded {Count(TrialStatus.Succeeded)}, failed {Count(TrialStatus.Failed)}");
        if (Count(TrialStatus.Stopped) > 0) text.Append(CultureInfo.InvariantCulture, $", stopped {Count(TrialStatus.Stopped)}");
        if (Count(TrialStatus.Cancelled) > 0) text.Append(CultureInfo.InvariantCulture, $", cancelled {Count(TrialStatus.Cancelled)}");
        text.Append(CultureInfo.InvariantCulture, $"), pending {Count(TrialStatus.Pending)}, running {progress.Running.Count}");
        if (progress.Running.Count > 0)
            text.Append(": ").Append(string.Join("; ", progress.Running.Select(r =>
                $"#{r.Index} {r.Setting} seed {r.Seed} epoch {r.Epoch}/{r.Epochs}{(r.Attempt > 1 ? $" attempt {r.Attempt}" : "")}")));
        if (progress.Unschedulable is { } reason) text.Append(" | unschedulable: ").Append(reason);
        if (Eta(progress, work, workAtStart, elapsed) is { } eta) text.Append(" | ETA ").Append(eta);
        return text.ToString();
    }

    /// <summary>The time left at the rate of work since the view started, or null while there is no rate.</summary>
    public static string? Eta(CampaignProgress progress, double work, double workAtStart, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 1 ? (work - workAtStart) / elapsed.TotalSeconds : 0;
        return progress.Status == CampaignStatus.Running && rate > 0
            ? FormatDuration(TimeSpan.FromSeconds((progress.Total - work) / rate))
            : null;
    }

    /// <summary>Trials done plus the finished fraction of running ones.</summary>
    public static double WorkDone(CampaignProgress progress) =>
        progress.Finished + progress.Running.Sum(r => r.Epochs > 0 ? (double)r.Epoch / r.Epochs : 0);

    private static string FormatDuration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.Seconds}s";
}
