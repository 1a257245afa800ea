using Goldstone.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Goldstone.Silo.Hosting;

/// <summary>
/// At silo start, asks every running campaign to queue its unfinished trials again. It runs beside the silo's start,
/// never in its way: after a crash a campaign's first activation may reconcile its shards from a thousand trial
/// grains, longer than Orleans lets a startup task or an activation take, and a silo that failed to start over it
/// would resume nothing. What does not answer is tried again with backoff until it does or the silo stops; each
/// campaign's reminder is the backstop behind this.
/// </summary>
public sealed class CampaignResumeTask(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<CampaignResumeTask> logger) : IStartupTask
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>The background resume, for tests: completes when every running campaign was resumed or the silo stopped.</summary>
    public Task Resumed { get; private set; } = Task.CompletedTask;

    /// <inheritdoc />
    public Task Execute(CancellationToken cancellationToken)
    {
        Resumed = Task.Run(() => ResumeAllAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ResumeAllAsync(CancellationToken stopping)
    {
        try
        {
            await ResumeUntilDoneAsync(stopping);
        }
        catch (Exception e)
        {
            // A defect, not an outage: said loudly; the campaigns' reminders still resume them.
            logger.LogError(e, "Resuming campaigns at start failed");
        }
    }

    private async Task ResumeUntilDoneAsync(CancellationToken stopping)
    {
        var pending = (IReadOnlyList<string>?)null;
        var delay = FirstDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                pending ??= (await grains.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey).ListAsync())
                    .Where(c => c.Status == CampaignStatus.Running).Select(c => c.Name).ToList();
                var failed = new List<string>();
                foreach (var campaign in pending)
                {
                    logger.LogInformation("Resuming campaign {Campaign}", campaign);
                    try
                    {
                        await grains.GetGrain<ICampaignGrain>(campaign).ResumeAsync();
                    }
                    catch (Exception e) when (e is InvalidOperationException or OrleansException or TimeoutException or OperationCanceledException)
                    {
                        if (stopping.IsCancellationRequested) return;
                        // One campaign that cannot load now must not keep the others waiting.
                        logger.LogWarning("Campaign {Campaign} could not be resumed yet ({Error}); trying again in {Delay:0} s", campaign, e.Message, delay.TotalSeconds);
                        failed.Add(campaign);
                    }
                }
                if (failed.Count == 0) return;
                pending = failed;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
            {
                if (stopping.IsCancellationRequested) return;
                logger.LogWarning("The campaign registry did not answer ({Error}); trying again in {Delay:0} s", e.Message, delay.TotalSeconds);
            }
            try
            {
                await Task.Delay(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
        }
    }
}
