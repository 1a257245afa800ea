using System.Globalization;
using System.Text;
using Goldstone.Contracts;

namespace Goldstone.Cli.Commands;

/// <summary>
/// Live progress of a campaign: counts per state, the running trials with their epoch, and an ETA from the work
/// done since the view started. On a terminal it redraws one line; when piped it prints a line on each change.
/// </summary>
public sealed class ProgressView(TextWriter output)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly bool _interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);

    /// <summary>
    /// Polls until the campaign is no longer running; returns its last progress. With <paramref name="outage"/>,
    /// failed polls (a silo restarting, the cluster failing over) are retried for that long before the watch gives up.
    /// </summary>
    /// <exception cref="SystemFailureException">No poll succeeded for <paramref name="outage"/>.</exception>
    public async Task<CampaignProgress> WatchAsync(ICampaignGrain campaign, CancellationToken cancellationToken, TimeSpan? outage = null)
    {
        var started = DateTimeOffset.UtcNow;
        double? workAtStart = null;
        string? last = null;
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
            var line = Describe(progress, work, workAtStart.Value, DateTimeOffset.UtcNow - started);
            if (_interactive) output.Write($"\r\u001b[K{line}");
            else if (line != last) output.WriteLine(line);
            last = line;
            if (progress.Status != CampaignStatus.Running)
            {
                if (_interactive) output.WriteLine();
                return progress;
            }
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
        if (Count(TrialStatus.Cancelled) > 0) text.Append(CultureInfo.InvariantCulture, $", cancelled {Count(TrialStatus.Cancelled)}");
        text.Append(CultureInfo.InvariantCulture, $"), pending {Count(TrialStatus.Pending)}, running {progress.Running.Count}");
        if (progress.Running.Count > 0)
            text.Append(": ").Append(string.Join("; ", progress.Running.Select(r =>
                $"#{r.Index} {r.Setting} seed {r.Seed} epoch {r.Epoch}/{r.Epochs}{(r.Attempt > 1 ? $" attempt {r.Attempt}" : "")}")));
        if (progress.Unschedulable is { } reason) text.Append(" | unschedulable: ").Append(reason);
        var rate = elapsed.TotalSeconds > 1 ? (work - workAtStart) / elapsed.TotalSeconds : 0;
        if (progress.Status == CampaignStatus.Running && rate > 0)
            text.Append(CultureInfo.InvariantCulture, $" | ETA {FormatDuration(TimeSpan.FromSeconds((progress.Total - work) / rate))}");
        return text.ToString();
    }

    /// <summary>Trials done plus the finished fraction of running ones.</summary>
    public static double WorkDone(CampaignProgress progress) =>
        progress.Finished + progress.Running.Sum(r => r.Epochs > 0 ? (double)r.Epoch / r.Epochs : 0);

    private static string FormatDuration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.Seconds}s";
}
