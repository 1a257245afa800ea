using Goldstone.Trainer.Kinds.Adversarial.Attacks;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks;

public sealed class PerturbedFractionTests
{
    [Fact]
    public void At_EpochsOneToTwelve_AreTheReferenceFractionsSetAtTheEndOfTheEpochBefore()
    {
        // By hand: epoch n trains with clip(0.8·((n − 2) − 3)/5, 0, 0.8), epoch 1 with the initial 0.
        // n:           1  2  3  4  5  6     7     8     9     10   11   12
        double[] expected = [0, 0, 0, 0, 0, 0.16, 0.32, 0.48, 0.64, 0.8, 0.8, 0.8];

        var actual = Enumerable.Range(1, 12).Select(PerturbedFraction.At).ToArray();

        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void At_FirstAttackedEpoch_IsTheSixthAndFullStrengthTheTenth()
    {
        Assert.Equal(6, Enumerable.Range(1, 20).First(n => PerturbedFraction.At(n) > 0));
        Assert.Equal(10, Enumerable.Range(1, 20).First(n => PerturbedFraction.At(n) == PerturbedFraction.Maximum));
    }

    [Fact]
    public void Count_BatchOf128_IsTheTruncatedFractionTimesBatch()
    {
        // 0.16·128 = 20.48, 0.32·128 = 40.96, 0.48·128 = 61.44, 0.64·128 = 81.92, 0.8·128 = 102.4.
        int[] expected = [0, 0, 0, 0, 0, 20, 40, 61, 81, 102, 102];

        Assert.Equal(expected, Enumerable.Range(1, 11).Select(epoch => PerturbedFraction.Count(epoch, 128)));
    }

    [Fact]
    public void Count_FullStrengthOnABatchOf125_IsExactlyOneHundred()
    {
        Assert.Equal(100, PerturbedFraction.Count(10, 125));
    }
}
