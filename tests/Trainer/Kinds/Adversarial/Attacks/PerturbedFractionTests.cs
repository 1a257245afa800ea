using Goldstone.Trainer.Kinds.Adversarial.Attacks;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks;

public sealed class PerturbedFractionTests
{
    [Fact]
    public void At_EpochsOneToTen_IsTheClippedRamp()
    {
        double[] expected = [0, 0, 0, 0.16, 0.32, 0.48, 0.64, 0.8, 0.8, 0.8];

        var actual = Enumerable.Range(1, 10).Select(PerturbedFraction.At).ToArray();

        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Count_BatchOf128_IsTheFloorOfFractionTimesBatch()
    {
        int[] expected = [0, 0, 0, 20, 40, 61, 81, 102, 102, 102];

        Assert.Equal(expected, Enumerable.Range(1, 10).Select(epoch => PerturbedFraction.Count(epoch, 128)));
    }

    [Fact]
    public void Count_FullRampOnABatchOf125_IsExactlyOneHundred()
    {
        Assert.Equal(100, PerturbedFraction.Count(8, 125));
    }
}
