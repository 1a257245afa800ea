using Goldstone.Trainer.Common;
using Goldstone.Trainer.Metrics;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class RocAucTests
{
    [Fact]
    public void Compute_PerfectRanking_IsOne() =>
        Assert.Equal(1.0, RocAuc.Compute([0.1f, 0.2f, 0.8f, 0.9f], [0, 0, 1, 1]));

    [Fact]
    public void Compute_ReversedRanking_IsZero() =>
        Assert.Equal(0.0, RocAuc.Compute([0.9f, 0.8f, 0.2f, 0.1f], [0, 0, 1, 1]));

    [Fact]
    public void Compute_OneMisorderedPairOfFour_IsThreeQuarters() =>
        // Pairs (positive, negative): (0.35, 0.1) ✓, (0.35, 0.4) ✗, (0.8, 0.1) ✓, (0.8, 0.4) ✓.
        Assert.Equal(0.75, RocAuc.Compute([0.1f, 0.4f, 0.35f, 0.8f], [0, 0, 1, 1]));

    [Fact]
    public void Compute_TiedPositiveAndNegative_CountsHalf() =>
        // Pairs: (0.5, 0.5) ½, (0.5, 0.2) 1, (0.9, 0.5) 1, (0.9, 0.2) 1 → 3.5 / 4.
        Assert.Equal(0.875, RocAuc.Compute([0.5f, 0.5f, 0.2f, 0.9f], [1, 0, 0, 1]));

    [Fact]
    public void Compute_AllScoresTied_IsOneHalf() =>
        Assert.Equal(0.5, RocAuc.Compute([0.3f, 0.3f, 0.3f, 0.3f, 0.3f], [1, 0, 0, 1, 0]));

    [Fact]
    public void Compute_TiesWithinOneClass_DoNotMatter() =>
        // Positives tie among themselves only: every positive still beats every negative.
        Assert.Equal(1.0, RocAuc.Compute([0.7f, 0.7f, 0.1f, 0.1f, 0.2f], [1, 1, 0, 0, 0]));

    [Fact]
    public void Compute_OneClassOnly_IsNaN() =>
        Assert.True(double.IsNaN(RocAuc.Compute([0.1f, 0.2f], [1, 1])));

    [Fact]
    public void Compute_NaNScore_IsNaN() =>
        Assert.True(double.IsNaN(RocAuc.Compute([float.NaN, 0.2f], [1, 0])));

    [Fact]
    public void Compute_ManyTies_EqualsPairwiseCount()
    {
        var random = new SplitMix64(17);
        var scores = Enumerable.Range(0, 300).Select(_ => (float)random.NextInt(12)).ToArray();
        var labels = scores.Select(s => random.NextDouble() < 0.2 + s / 20 ? 1f : 0f).ToArray();
        double wins = 0, pairs = 0;
        for (var i = 0; i < scores.Length; i++)
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[i] != 1 || labels[j] != 0) continue;
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }

        Assert.Equal(wins / pairs, RocAuc.Compute(scores, labels), 12);
    }

    [Fact]
    public void Compute_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1f], [1, 0]));
}
