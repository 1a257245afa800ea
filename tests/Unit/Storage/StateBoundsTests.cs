using Goldstone.Contracts;
using Goldstone.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Goldstone.Tests.Unit.Storage;

/// <summary>
/// The bounded-state rule, measured in bytes of the payload the storage providers write: no state grows with the
/// number of trials beyond a shard, and a full shard fits Azure Table storage's one-state limit of about 960 KiB.
/// </summary>
public sealed class StateBoundsTests
{
    private const int AzureTableStateLimit = 960 * 1024;

    private static readonly IGrainStorageSerializer Storage =
        new OrleansGrainStorageSerializer(new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());

    [Fact]
    public void TrialShardState_FullShardOfTwentyMetricsAndLongReasons_FitsOneAzureTableState()
    {
        var metrics = Enumerable.Range(0, 20).ToDictionary(m => $"robust_noise@0.{m:D2}", m => Math.PI * m);
        var reason = "the trainer was killed by signal 6 (SIGABRT); stderr: " + new string('x', 200);
        var state = new TrialShardState
        {
            MayBeBehind = true,
            Records = Enumerable.Range(0, TrialShards.Size).ToDictionary(i => i,
                i => new TrialRecord(i, i % 10 == 0 ? TrialStatus.Failed : TrialStatus.Succeeded, metrics, i % 10 == 0 ? reason : null, 2, 3)),
        };

        var bytes = Storage.Serialize(state).ToArray().Length;

        Assert.InRange(bytes, 1, AzureTableStateLimit);
    }

    [Fact]
    public void CampaignState_MillionTrialSpec_IsTheSpecTextAndAFewBytes()
    {
        // A grid of 1,000 × 1,000 points: the campaign stores the spec, never the expansion or a status per trial.
        var spec = "name: big\nkind: synthetic\nsearch:\n  space:\n    x: {int: [1, 1000]}\n    y: {int: [1, 1000]}\n";
        var state = new CampaignState { SpecText = spec, Source = "big.yaml", Status = CampaignStatus.Running, CreatedAt = DateTimeOffset.UnixEpoch };

        var bytes = Storage.Serialize(state).ToArray().Length;

        Assert.InRange(bytes, spec.Length, spec.Length + 128);
    }
}
