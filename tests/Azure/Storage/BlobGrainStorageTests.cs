using Goldstone.Contracts;
using Goldstone.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Goldstone.Tests.Azure.Storage;

/// <summary>The grain storage <c>ClusterProviders.UseAzure</c> registers, on Azurite, with the largest states it must hold.</summary>
[Collection(AzureClusterCollection.Name)]
public sealed class BlobGrainStorageTests(AzureClusterFixture fixture)
{
    private IGrainStorage Storage => fixture.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>(GoldstoneNames.Storage);

    [Fact]
    public async Task WriteStateAsync_FullShardOfTwentyMetrics_ReadsBackAndRejectsAStaleETag()
    {
        var state = SampleStates.FullShard(metrics: 20);

        var read = await RoundTripAsync("shard", GrainId.Create("trialshard", "blob-test/0"), state, s => s.Records[999] = s.Records[999] with { Attempts = 9 });

        Assert.Equal(TrialShards.Size, read.Records.Count);
        Assert.Equal(state.Records[500].Metrics, read.Records[500].Metrics);
        Assert.Equal(state.Records[10].Reason, read.Records[10].Reason);
        Assert.Equal(9, read.Records[999].Attempts);
    }

    [Fact]
    public async Task WriteStateAsync_TrialOfTenThousandEpochs_ReadsBackAndRejectsAStaleETag()
    {
        // 1.5 MB: more than Table storage holds for one state (StateSizeTests).
        var state = SampleStates.Trial(epochs: 10_000, metrics: 5);

        var read = await RoundTripAsync("trial", GrainId.Create("trial", "blob-test/1"), state, s => s.CheckpointEpoch = 9_999);

        Assert.Equal(state.Config!.Params, read.Config!.Params);
        Assert.Equal(state.Config.Metrics, read.Config.Metrics);
        Assert.Equal(state.Config, read.Config with { Params = state.Config.Params, Metrics = state.Config.Metrics });
        Assert.Equal(10_000, read.Epochs.Count);
        Assert.Equal(state.Epochs[^1].Metrics, read.Epochs[^1].Metrics);
        Assert.Equal(9_999, read.CheckpointEpoch);
    }

    /// <summary>Writes, reads into a fresh state, writes a change, then fails a write with the first (stale) ETag.</summary>
    private async Task<T> RoundTripAsync<T>(string stateName, GrainId grain, T state, Action<T> change) where T : class, new()
    {
        var written = new GrainState<T>(state);
        await Storage.WriteStateAsync(stateName, grain, written);
        var staleETag = written.ETag;
        Assert.False(string.IsNullOrEmpty(staleETag));

        var read = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(staleETag, read.ETag);
        change(read.State!);
        await Storage.WriteStateAsync(stateName, grain, read);
        Assert.NotEqual(staleETag, read.ETag);

        var stale = new GrainState<T>(state) { ETag = staleETag };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(stateName, grain, stale));

        var final = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, grain, final);
        Assert.Equal(read.ETag, final.ETag);
        return final.State!;
    }
}
