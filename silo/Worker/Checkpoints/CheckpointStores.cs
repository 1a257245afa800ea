using Azure.Storage.Blobs;
using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace Goldstone.Silo.Worker.Checkpoints;

/// <summary>Builds the checkpoint store that <c>Goldstone:Checkpoints:Provider</c> names.</summary>
public static class CheckpointStores
{
    /// <summary>The <c>files</c> store under Path (or the data directory), or the <c>azure-blob</c> store staging under the data directory.</summary>
    /// <exception cref="GoldstoneConfigurationException">The azure-blob store has no connection string it can read.</exception>
    public static ICheckpointStore Create(GoldstoneOptions options, TimeProvider time, ILoggerFactory logs)
    {
        var checkpoints = options.Checkpoints;
        if (checkpoints.Provider != CheckpointOptions.AzureBlob)
            return new FileCheckpointStore(checkpoints.Path.Length > 0 ? checkpoints.Path : options.DataDir);
        // One retry policy: the checkpoint pipeline's (CheckpointRetry), not the SDK's as well.
        var client = new BlobServiceClient(checkpoints.ResolveConnectionString(options.Cluster), new BlobClientOptions { Retry = { MaxRetries = 0 } });
        return new BlobCheckpointStore(client.GetBlobContainerClient(checkpoints.Container), Path.GetFullPath(options.DataDir),
            CheckpointRetry.Create(time), logs.CreateLogger<BlobCheckpointStore>());
    }
}
