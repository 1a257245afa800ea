using Goldstone.Contracts;

namespace Goldstone.Tests.Grains;

/// <summary>Waits for a condition the system signals through its state; the deadline only guards against a hang.</summary>
public static class Waiting
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(100);
        }
    }

    public static async Task<CampaignProgress> ForCampaignAsync(ICampaignGrain campaign, CampaignStatus status)
    {
        CampaignProgress progress = null!;
        await UntilAsync(async () => (progress = await campaign.GetProgressAsync()).Status == status, $"campaign to be {status}");
        return progress;
    }
}
