using Goldstone.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Goldstone.Tests.Azure.Storage;

/// <summary>
/// The numbers behind the Table-or-Blob decision (docs/architecture.md): payload bytes with the serializer the azure
/// provider writes with (Orleans' binary one, as on SQLite), against Azure Table storage's 960 KiB per state.
/// </summary>
public sealed class StateSizeTests(ITestOutputHelper output)
{
    private const int AzureTableStateLimit = 960 * 1024;

    private static readonly IGrainStorageSerializer Serializer =
        new OrleansGrainStorageSerializer(new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());

    private int Bytes(object state)
    {
        var bytes = Serializer.Serialize(state).ToArray().Length;
        output.WriteLine($"{state.GetType().Name}: {bytes:N0} bytes");
        return bytes;
    }

    [Fact]
    public void TrialShardState_FullShard_PassesTheTableLimitAtAboutThirtyFiveMetrics()
    {
        var twenty = Bytes(SampleStates.FullShard(20));
        var forty = Bytes(SampleStates.FullShard(40));

        // About 28 bytes per metric per record (its name and its value): 20 metrics fit, 40 do not.
        Assert.InRange(twenty, 1, AzureTableStateLimit);
        Assert.True(forty > AzureTableStateLimit, $"a full shard of 40 metrics is {forty} bytes");
    }

    [Fact]
    public void TrialState_GrowsWithEpochs_PastTheTableLimitWithinTheSpecsEpochRange()
    {
        var typical = Bytes(SampleStates.Trial(epochs: 20, metrics: 5, attempts: 2));
        var long_ = Bytes(SampleStates.Trial(epochs: 10_000, metrics: 5));

        Assert.InRange(typical, 1, 16 * 1024);
        // epochs may be up to 100,000 (SpecParser): a trial's state has no bound Table storage can hold.
        Assert.True(long_ > AzureTableStateLimit, $"a 10,000-epoch trial is {long_} bytes");
    }

    [Fact]
    public void CampaignRegistryState_GrowsWithCampaigns_PastTheTableLimitAtTensOfThousands()
    {
        var thousand = Bytes(SampleStates.Registry(1_000));
        var fiftyThousand = Bytes(SampleStates.Registry(50_000));

        Assert.InRange(thousand, 1, AzureTableStateLimit);
        Assert.True(fiftyThousand > AzureTableStateLimit, $"50,000 campaigns are {fiftyThousand} bytes");
    }

    [Fact]
    public void CampaignState_IsTheSpecTextAndAFewBytes()
    {
        var bytes = Bytes(SampleStates.Campaign(4_000));

        Assert.InRange(bytes, 4_000, 4_000 + 128);
    }
}
