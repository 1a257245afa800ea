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
    public void Random_AnySparsity_HasExactlyNMinusFloorSNLiveEntries(double sparsity)
    {
        var mask = SparseMask.Random(Parameters(), sparsity, new SplitMix64(1));

        Assert.Equal(1003, mask.Total);
        Assert.Equal(1003 - (int)Math.Floor(sparsity * 1003), mask.Live);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.2)]
    public void Update_ManyUpdates_KeepExactlyTheConfiguredSparsity(double sparsity)
    {
        var mask = SparseMask.Random(Parameters(), sparsity, new SplitMix64(1));
        var expected = SparseMask.LiveCount(1003, sparsity);
        var scores = new SplitMix64(2);

        for (var t = 1; t <= 20; t++)
        {
            var moved = mask.Update(Enumerable.Range(0, 1003).Select(_ => (float)scores.NextDouble()).ToArray(),
                SparseMask.DropFraction(t, 20), new SplitMix64((ulong)t));
            Assert.Equal(expected, mask.Live);
            Assert.Equal((int)Math.Floor(SparseMask.DropFraction(t, 20) * expected), moved);
        }
    }

    [Fact]
    public void Update_HalfDrop_DropsTheLowestScoredLiveEntriesAndRegrowsDeadOnes()
    {
        var mask = SparseMask.Random(Parameters(), 0.5, new SplitMix64(1));
        var liveBefore = Enumerable.Range(0, mask.Total).Where(mask.IsLive).ToArray();
        var scores = Enumerable.Range(0, mask.Total).Select(i => (float)((i * 7919) % 1003)).ToArray();
        var dropped = liveBefore.OrderBy(i => scores[i]).ThenBy(i => i).Take(liveBefore.Length / 4).ToHashSet();

        mask.Update(scores, 0.25, new SplitMix64(5));

        Assert.All(dropped, i => Assert.False(mask.IsLive(i)));
        Assert.All(liveBefore.Where(i => !dropped.Contains(i)), i => Assert.True(mask.IsLive(i)));
        Assert.Equal(dropped.Count, Enumerable.Range(0, mask.Total).Count(i => mask.IsLive(i) && !liveBefore.Contains(i)));
    }

    [Fact]
    public void DropFraction_CosineSchedule_FallsFromAQuarterToZero()
    {
        Assert.Equal(0.5, SparseMask.DropFraction(0, 20), 12);
        Assert.Equal(0.25, SparseMask.DropFraction(10, 20), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 5 / 20)) / 2, SparseMask.DropFraction(5, 20), 12);
        Assert.Equal(0, SparseMask.DropFraction(20, 20), 12);
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

    private static Tensor[] Parameters()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        return [torch.zeros(10, 50), torch.zeros(500), torch.zeros(1, 3)];
    }
}
