using Goldstone.Contracts;
using Goldstone.Silo.Hosting;
using Goldstone.Silo.Worker.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;

namespace Goldstone.Tests.Azure.Checkpoints;

public sealed class CheckpointStoresTests
{
    private static readonly TrialConfig Trial = new("sweep", 12, "synthetic", [], 7, 4, 1, 1, 60, new Goldstone.Contracts.RetryPolicy(2, 0.1, 1, false), ["score"], "");

    [Fact]
    public async Task Create_FilesWithEmptyPath_KeepsTheTrialDirectoryInTheDataDirectory()
    {
        var options = new GoldstoneOptions { DataDir = "/data/goldstone" };

        var files = await CheckpointStores.Create(options, TimeProvider.System, NullLoggerFactory.Instance).PrepareAsync(Trial, 3, CancellationToken.None);

        Assert.Equal("/data/goldstone/campaigns/sweep/trials/12", files.WorkDir);
        Assert.Equal("/data/goldstone/campaigns/sweep/trials/12/checkpoint", files.CheckpointDir);
        Assert.Equal("/data/goldstone/campaigns/sweep/trials/12/attempt-3.log", files.LogPath);
    }

    [Fact]
    public async Task Create_FilesWithPath_PutsTheTrialDirectoryOnThatVolume()
    {
        var options = new GoldstoneOptions { DataDir = "/data/goldstone", Checkpoints = { Path = "/shared/checkpoints" } };

        var files = await CheckpointStores.Create(options, TimeProvider.System, NullLoggerFactory.Instance).PrepareAsync(Trial, 1, CancellationToken.None);

        Assert.Equal("/shared/checkpoints/campaigns/sweep/trials/12/checkpoint", files.CheckpointDir);
    }

    [Fact]
    public void Create_AzureBlobWithoutAnAccount_NamesTheKeysToSet()
    {
        var options = new GoldstoneOptions { Checkpoints = { Provider = CheckpointOptions.AzureBlob } };

        var error = Assert.Throws<GoldstoneConfigurationException>(() => CheckpointStores.Create(options, TimeProvider.System, NullLoggerFactory.Instance));

        Assert.Contains("Goldstone:Checkpoints:ConnectionString", error.Message);
    }
}
