using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Goldstone.Contracts;
using Goldstone.Silo.Worker.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;

namespace Goldstone.Tests.Azure.Checkpoints;

/// <summary>The azure-blob checkpoint store on Azurite, with local checkpoints written the way the trainer writes them.</summary>
[Collection(AzureClusterCollection.Name)]
public sealed class BlobCheckpointStoreTests(AzureClusterFixture fixture) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "goldstone-blob-store-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FailLatestPolicy _fault = new();
    private readonly string _container = "store-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task PublishAsync_FourEpochsKeepingTwo_LeavesEpochsThreeAndFourAndLatestNamesFour()
    {
        var store = Store("silo-a");
        var files = await store.PrepareAsync(Trial(0), 1, CancellationToken.None);

        for (var epoch = 1; epoch <= 4; epoch++)
        {
            TrainerWrites(files.CheckpointDir, epoch);
            Assert.True(await store.PublishAsync(files, epoch, CancellationToken.None));
        }

        var blobs = await BlobsAsync("sweep/0/");
        Assert.Equal(
            ["sweep/0/epoch-3.manifest.json", "sweep/0/epoch-3/model.bin", "sweep/0/epoch-3/state/optimizer.json",
             "sweep/0/epoch-4.manifest.json", "sweep/0/epoch-4/model.bin", "sweep/0/epoch-4/state/optimizer.json",
             "sweep/0/latest.json"], blobs);
        Assert.Equal(4, await LatestEpochAsync("sweep/0/"));
    }

    [Fact]
    public async Task PrepareAsync_OnAnotherSilo_GetsTheLatestEpochByteIdentical()
    {
        var writer = Store("silo-a");
        var written = await writer.PrepareAsync(Trial(1), 1, CancellationToken.None);
        for (var epoch = 1; epoch <= 4; epoch++)
        {
            TrainerWrites(written.CheckpointDir, epoch);
            await writer.PublishAsync(written, epoch, CancellationToken.None);
        }

        var read = await Store("silo-b").PrepareAsync(Trial(1), 2, CancellationToken.None);

        Assert.NotEqual(written.CheckpointDir, read.CheckpointDir);
        Assert.Equal(["epoch-4"], Directory.GetDirectories(read.CheckpointDir).Select(Path.GetFileName));
        foreach (var file in new[] { "latest.json", "epoch-4/model.bin", "epoch-4/state/optimizer.json" })
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(written.CheckpointDir, file)), await File.ReadAllBytesAsync(Path.Combine(read.CheckpointDir, file)));
        Assert.EndsWith(Path.Combine("silo-b", "campaigns", "sweep", "trials", "1", "attempt-2.log"), read.LogPath);
    }

    [Fact]
    public async Task PublishAsync_InterruptedBeforeLatest_LeavesLatestNamingThePreviousCompleteEpoch()
    {
        var store = Store("silo-a");
        var files = await store.PrepareAsync(Trial(2), 1, CancellationToken.None);
        TrainerWrites(files.CheckpointDir, 1);
        await store.PublishAsync(files, 1, CancellationToken.None);

        TrainerWrites(files.CheckpointDir, 2);
        _fault.Armed = true;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => store.PublishAsync(files, 2, CancellationToken.None));
        _fault.Armed = false;

        Assert.Contains("sweep/2/epoch-2/model.bin", await BlobsAsync("sweep/2/"));
        Assert.Equal(1, await LatestEpochAsync("sweep/2/"));
        var resumed = await Store("silo-b").PrepareAsync(Trial(2), 2, CancellationToken.None);
        Assert.Equal(["epoch-1"], Directory.GetDirectories(resumed.CheckpointDir).Select(Path.GetFileName));
        Assert.Equal(ModelBytes(1), await File.ReadAllBytesAsync(Path.Combine(resumed.CheckpointDir, "epoch-1", "model.bin")));
    }

    [Fact]
    public async Task PublishAsync_CheckpointTheTrainerAlreadyReplaced_IsNotPublished()
    {
        var store = Store("silo-a");
        var files = await store.PrepareAsync(Trial(3), 1, CancellationToken.None);
        TrainerWrites(files.CheckpointDir, 1);
        TrainerWrites(files.CheckpointDir, 2);

        Assert.False(await store.PublishAsync(files, 1, CancellationToken.None));
        Assert.True(await store.PublishAsync(files, 2, CancellationToken.None));

        Assert.DoesNotContain(await BlobsAsync("sweep/3/"), b => b.StartsWith("sweep/3/epoch-1", StringComparison.Ordinal));
        Assert.Equal(2, await LatestEpochAsync("sweep/3/"));
    }

    [Fact]
    public async Task FinishAttemptAsync_AttemptWithALog_UploadsItBesideTheCheckpoints()
    {
        var store = Store("silo-a");
        var files = await store.PrepareAsync(Trial(4), 3, CancellationToken.None);
        await File.WriteAllTextAsync(files.LogPath, "# trainer for sweep/4#3\nsynthetic exit at epoch 2\n");

        await store.FinishAttemptAsync(files, CancellationToken.None);

        var log = await Container().GetBlobClient("sweep/4/attempt-3.log").DownloadContentAsync();
        Assert.Equal("# trainer for sweep/4#3\nsynthetic exit at epoch 2\n", log.Value.Content.ToString());
    }

    [Fact]
    public async Task ReadLogAsync_AfterTheAttemptEnded_ReadsTheUploadedLogFromAnOffset()
    {
        var store = Store("silo-a");
        var files = await store.PrepareAsync(Trial(5), 1, CancellationToken.None);
        await File.WriteAllTextAsync(files.LogPath, "# trainer for sweep/5#1\nepoch 1\n");

        var before = await Store("silo-b").ReadLogAsync("sweep", 5, 1, 0, CancellationToken.None);
        await store.FinishAttemptAsync(files, CancellationToken.None);
        var all = await Store("silo-b").ReadLogAsync("sweep", 5, 1, 0, CancellationToken.None);
        var rest = await Store("silo-b").ReadLogAsync("sweep", 5, 1, 24, CancellationToken.None);
        var end = await Store("silo-b").ReadLogAsync("sweep", 5, 1, 100, CancellationToken.None);

        Assert.Null(before);
        Assert.Equal("# trainer for sweep/5#1\nepoch 1\n", System.Text.Encoding.UTF8.GetString(all!));
        Assert.Equal("epoch 1\n", System.Text.Encoding.UTF8.GetString(rest!));
        Assert.Empty(end!);
        Assert.False(store.LiveLogs);
    }

    private BlobCheckpointStore Store(string silo) =>
        new(Container(), Path.Combine(_root, silo), CheckpointRetry.Create(TimeProvider.System), NullLogger<BlobCheckpointStore>.Instance);

    private BlobContainerClient Container()
    {
        var options = new BlobClientOptions { Retry = { MaxRetries = 0 } };
        options.AddPolicy(_fault, HttpPipelinePosition.PerCall);
        return new BlobServiceClient(fixture.Azurite.ConnectionString, options).GetBlobContainerClient(_container);
    }

    private static TrialConfig Trial(int index) => new("sweep", index, "synthetic", [], 7, 4, 1, 1, 60,
        new Goldstone.Contracts.RetryPolicy(2, 0.1, 1, false), ["score"], "");

    private static byte[] ModelBytes(int epoch) => Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31 + epoch)).ToArray();

    /// <summary>What trainer/Common/CheckpointStore.Save leaves: the epoch's directory, latest.json naming it, older epochs removed.</summary>
    private static void TrainerWrites(string checkpointDir, int epoch)
    {
        var name = $"epoch-{epoch}";
        Directory.CreateDirectory(Path.Combine(checkpointDir, name, "state"));
        File.WriteAllBytes(Path.Combine(checkpointDir, name, "model.bin"), ModelBytes(epoch));
        File.WriteAllText(Path.Combine(checkpointDir, name, "state", "optimizer.json"), $"{{\"step\":{epoch * 100}}}");
        File.WriteAllText(Path.Combine(checkpointDir, "latest.json"), JsonSerializer.Serialize(new { Epoch = epoch, Directory = name, Fingerprint = "0123456789ABCDEF" }));
        foreach (var old in Directory.GetDirectories(checkpointDir, "epoch-*").Where(d => Path.GetFileName(d) != name))
            Directory.Delete(old, recursive: true);
    }

    private async Task<List<string>> BlobsAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Container().GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None)) names.Add(blob.Name);
        return names.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<int> LatestEpochAsync(string prefix)
    {
        var latest = await Container().GetBlobClient(prefix + "latest.json").DownloadContentAsync();
        return JsonDocument.Parse(latest.Value.Content.ToString()).RootElement.GetProperty("Epoch").GetInt32();
    }

    private sealed class SimulatedCrashException() : Exception("simulated crash before latest.json");

    /// <summary>Fails the upload of a latest.json while armed, as a silo dying between a checkpoint's files and its record would.</summary>
    private sealed class FailLatestPolicy : HttpPipelineSynchronousPolicy
    {
        public volatile bool Armed;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (Armed && message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith("/latest.json", StringComparison.Ordinal))
                throw new SimulatedCrashException();
        }
    }
}
