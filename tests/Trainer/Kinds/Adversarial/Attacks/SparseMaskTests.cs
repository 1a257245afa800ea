using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks;

public sealed class SparseMaskTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.333)]
    [InlineData(1.0)]
    public void Random_AnySparsity_HasExactlyNMinusCeilSNLiveEntries(double sparsity)
    {
        var mask = SparseMask.Random(Parameters(), sparsity, new SplitMix64(1));

        Assert.Equal(1003, mask.Total);
        Assert.Equal(1003 - (int)Math.Ceiling(1003 * sparsity), mask.Live);
    }

    [Fact]
    public void Update_HandCheckedTenEntries_KeepsTheTopScoredLiveAndGrowsAmongTheDead()
    {
        // N = 10, s = 0.5, d = 0.5: keep int((10 − 5)·0.5) = 2 of the live 0-4 by |g| (entries 2 and 4);
        // grow int(min(5·0.5, 5)) = 2 among the dead 5-9, whose large scores do not count (dead entries score 0).
        var parameters = TinyParameters();
        var mask = SparseMask.FromFlags(parameters, [true, true, true, true, true, false, false, false, false, false]);
        float[] scores = [0.3f, 0.1f, 0.5f, 0.2f, 0.4f, 9, 9, 9, 9, 9];

        var grown = mask.Update(scores, dropFraction: 0.5, sparsity: 0.5, new SplitMix64(3));

        Assert.Equal(2, grown);
        Assert.Equal([2, 4], Enumerable.Range(0, 5).Where(mask.IsLive));
        Assert.Equal(2, Enumerable.Range(5, 5).Count(mask.IsLive));
        Assert.Equal(4, mask.Live);
    }

    [Fact]
    public void Update_QuarterDrop_TruncatesKeepAndGrowSeparately()
    {
        // keep int(5·0.75) = int(3.75) = 3, grow int(min(5·0.25, 5)) = int(1.25) = 1.
        var parameters = TinyParameters();
        var mask = SparseMask.FromFlags(parameters, [false, true, false, true, false, true, false, true, false, true]);
        float[] scores = [0, 0.9f, 0, 0.1f, 0, 0.7f, 0, 0.8f, 0, 0.2f];

        var grown = mask.Update(scores, dropFraction: 0.25, sparsity: 0.5, new SplitMix64(3));

        Assert.Equal(1, grown);
        Assert.Equal([1, 5, 7], new[] { 1, 3, 5, 7, 9 }.Where(mask.IsLive));
        Assert.Equal(1, new[] { 0, 2, 4, 6, 8 }.Count(mask.IsLive));
    }

    [Fact]
    public void Update_EqualScores_KeepsTheLowerIndices()
    {
        var parameters = TinyParameters();
        var mask = SparseMask.FromFlags(parameters, [true, true, true, true, true, false, false, false, false, false]);

        mask.Update(Enumerable.Repeat(0.3f, 10).ToArray(), dropFraction: 0.5, sparsity: 0.5, new SplitMix64(3));

        Assert.Equal([0, 1], Enumerable.Range(0, 5).Where(mask.IsLive));
    }

    [Fact]
    public void DropFraction_ReferenceCosine_FallsFromAHalfToZeroAtTEnd()
    {
        Assert.Equal(0.5, SparseMask.DropFraction(0, 250), 12);
        Assert.Equal(0.25, SparseMask.DropFraction(125, 250), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 5 / 250)) / 2, SparseMask.DropFraction(5, 250), 12);
        Assert.Equal(0, SparseMask.DropFraction(250, 250), 12);
    }

    [Fact]
    public void SaveLoad_RoundTrip_KeepsEveryEntry()
    {
        var mask = SparseMask.Random(Parameters(), 0.7, new SplitMix64(9));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) mask.Save(writer);
        stream.Position = 0;

        var loaded = SparseMask.Load(new BinaryReader(stream));

        Assert.Equal(Enumerable.Range(0, mask.Total).Select(mask.IsLive), Enumerable.Range(0, loaded.Total).Select(loaded.IsLive));
    }

    [Fact]
    public void Tensors_Mask_AreShapedLikeTheParametersWithTheLiveCount()
    {
        var parameters = Parameters();
        var mask = SparseMask.Random(parameters, 0.5, new SplitMix64(1));

        var tensors = mask.Tensors(parameters);

        Assert.Equal(parameters.Select(p => p.shape), tensors.Select(t => t.shape));
        Assert.Equal(mask.Live, tensors.Sum(t => t.sum().item<float>()));
    }

    private static Tensor[] TinyParameters()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        return [torch.zeros(2, 3), torch.zeros(4)];
    }

    private static Tensor[] Parameters()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        return [torch.zeros(10, 50), torch.zeros(500), torch.zeros(1, 3)];
    }
}
