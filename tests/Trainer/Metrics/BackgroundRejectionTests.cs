using Goldstone.Trainer.Metrics;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class BackgroundRejectionTests
{
    // ROC points of the cuts score ≥ t, t = 0.9 … 0.2: (ε_S, ε_B) = (¼, 0), (¼, ¼), (½, ¼), (¾, ¼), (¾, ½), (¾, ¾), (1, ¾), (1, 1).
    private static readonly float[] Scores = [0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f];
    private static readonly float[] Labels = [1, 0, 1, 1, 0, 0, 1, 0];

    [Theory]
    [InlineData(0.75, 4)]    // exactly on (¾, ¼)
    [InlineData(0.5, 4)]     // (½, ¼)
    [InlineData(0.85, 4)]    // ¾ is nearer than 1
    [InlineData(0.9, 4.0 / 3)] // 1 is nearer than ¾: the first cut reaching it, (1, ¾)
    public void Compute_HandComputedRoc_ReadsTheNearestPoint(double efficiency, double expected) =>
        Assert.Equal(expected, BackgroundRejection.Compute(Scores, Labels, efficiency), 12);

    [Fact]
    public void Compute_TwoPointsEquallyNear_TakesTheTighterCut()
    {
        // Cuts: 0.95 → (0, ¼), 0.9 → (½, ¼), 0.6 → (½, ½), 0.5 → (1, ½). At ε_S = ¾, (½, ¼) and (1, ½) are equally near.
        var rejection = BackgroundRejection.Compute([0.9f, 0.5f, 0.95f, 0.6f, 0.1f, 0.05f], [1, 1, 0, 0, 0, 0], 0.75);

        Assert.Equal(4, rejection);
    }

    [Fact]
    public void Compute_ScoresTiedAcrossClasses_FormOneCut()
    {
        // 0.7 is shared by two signals and two backgrounds: the cut passes all four at once, giving (⅔, ½). Breaking
        // the tie in any order would create a point (⅔, 0) nearer the front and report 4 instead of 2.
        var rejection = BackgroundRejection.Compute([0.7f, 0.7f, 0.2f, 0.7f, 0.7f, 0.3f, 0.1f], [1, 1, 1, 0, 0, 0, 0], 0.6);

        Assert.Equal(2, rejection);
    }

    [Fact]
    public void Compute_NoBackgroundPassesTheCut_IsCappedAtTheBackgroundCount()
    {
        var rejection = BackgroundRejection.Compute([0.9f, 0.8f, 0.1f, 0.2f], [1, 1, 0, 0], 0.85);

        Assert.Equal(2, rejection);
    }

    [Fact]
    public void Compute_OneClassOnly_IsNaN() =>
        Assert.True(double.IsNaN(BackgroundRejection.Compute([0.1f, 0.2f], [1, 1], 0.5)));

    [Fact]
    public void Compute_NaNScore_IsNaN() =>
        Assert.True(double.IsNaN(BackgroundRejection.Compute([float.NaN, 0.2f], [1, 0], 0.5)));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Compute_EfficiencyOutsideTheOpenUnitInterval_Throws(double efficiency) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BackgroundRejection.Compute([0.1f, 0.2f], [1, 0], efficiency));
}
