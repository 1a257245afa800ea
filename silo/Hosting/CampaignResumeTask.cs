using Goldstone.Contracts;
using Microsoft.Extensions.Logging;

namespace Goldstone.Silo.Hosting;

/// <summary>At silo start, asks every running campaign to queue its unfinished trials again.</summary>
public sealed class CampaignResumeTask(IGrainFactory grains, ILogger<CampaignResumeTask> logger) : IStartupTask
{
    /// <inheritdoc />
    public async Task Execute(CancellationToken cancellationToken)
    {
        var campaigns = await grains.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey).ListAsync();
        foreach (var campaign in campaigns.Where(c => c.Status == CampaignStatus.Running))
        {
            logger.LogInformation("Resuming campaign {Campaign}", campaign.Name);
            try
            {
                await grains.GetGrain<ICampaignGrain>(campaign.Name).ResumeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or OrleansException or TimeoutException)
            {
                // One campaign that cannot load must not keep the silo, and every other campaign, from starting.
                logger.LogError("Campaign {Campaign} could not be resumed: {Error}", campaign.Name, e.Message);
            }
        }
    }
}
