using System.Text.Json;
using Azure.Storage.Blobs;
using Goldstone.Contracts;

namespace Goldstone.Tests.Azure.EndToEnd;

/// <summary>A synthetic campaign through the two azure silos: grain state in Blob, checkpoints in the azure-blob store.</summary>
[Collection(AzureClusterCollection.Name)]
public sealed class AzureCampaignTests(AzureClusterFixture fixture)
{
    private const string Spec = """
        name: azure-sweep
        kind: synthetic
        params: {y: 0.1, duration: 0.3}
        search:
          space: {x: {values: [0, 0.25, 0.5]}}
        seeds: 2
        epochs: 3
        retries:
          max_attempts: 2
          backoff: {initial_seconds: 0.05, max_seconds: 0.2}
        resources: {timeout_seconds: 60}
        """;

    [Fact]
    public async Task SubmitAsync_SyntheticCampaignOnAzure_EveryTrialSucceedsAndPublishesItsCheckpoints()
    {
        var campaign = fixture.Client.GetGrain<ICampaignGrain>("azure-sweep");

        var submitted = await campaign.SubmitAsync(Spec, "azure-sweep.yaml");
        var progress = await CompletedAsync(campaign);

        Assert.Equal(SubmitOutcome.Created, submitted.Outcome);
        Assert.Equal(6, progress.Counts.GetValueOrDefault(TrialStatus.Succeeded));
        var snapshots = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => fixture.Client.GetGrain<ITrialGrain>(TrialKeys.Of("azure-sweep", i)).GetAsync()));
        Assert.All(snapshots, s => Assert.Equal(TrialStatus.Succeeded, s.Status));
        // The synthetic kind checkpoints after every epoch but the last; the trial records only what the store published.
        Assert.All(snapshots, s => Assert.Equal(2, s.CheckpointEpoch));
        var container = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient(AzureClusterFixture.CheckpointContainer);
        for (var index = 0; index < 6; index++)
        {
            var latest = await container.GetBlobClient($"azure-sweep/{index}/latest.json").DownloadContentAsync();
            var record = JsonDocument.Parse(latest.Value.Content.ToString()).RootElement;
            Assert.Equal(2, record.GetProperty("Epoch").GetInt32());
            Assert.Equal("epoch-2", record.GetProperty("Directory").GetString());
            Assert.True((await container.GetBlobClient($"azure-sweep/{index}/epoch-2.manifest.json").ExistsAsync()).Value);
        }
    }

    private static async Task<CampaignProgress> CompletedAsync(ICampaignGrain campaign)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var progress = await campaign.GetProgressAsync();
            if (progress.Status == CampaignStatus.Completed) return progress;
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"campaign still {progress.Status} after 120 s");
            await Task.Delay(200);
        }
    }
}
