using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Data;
using static Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks.AttackFixture;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks;

public sealed class FeatureAttackTests
{
    [Theory]
    [InlineData(10, 0.003)]
    [InlineData(5, 0.01)]
    [InlineData(2, 0.001)]
    public void Pgd_AnyStepsAndAlpha_StaysWithinEpsilonOfTheOriginalInLInfinity(int steps, double alpha)
    {
        using var fixture = new AttackFixture();
        const double epsilon = 0.007;

        using var attacked = FeatureAttack.Pgd(fixture.Model, fixture.Inputs, fixture.Labels, epsilon, steps, alpha);

        var original = Values(fixture.Inputs);
        var moved = Values(attacked);
        var largest = original.Zip(moved, (a, b) => Math.Abs((double)b - a)).Max();
        // Float32 rounding of x0 ± ε: at most half an ulp of the largest raw feature (|x| < 16) beyond ε.
        Assert.InRange(largest, Math.Min(epsilon, steps * alpha) * 0.99, epsilon + 1e-6);
    }

    [Fact]
    public void Pgd_PaddingAndJetFeatures_StayExactlyAsTheyWere()
    {
        using var fixture = new AttackFixture();

        using var attacked = FeatureAttack.Pgd(fixture.Model, fixture.Inputs, fixture.Labels, 0.05, 10, 0.02);

        var original = Values(fixture.Inputs);
        var moved = Values(attacked);
        var mask = Values(JetLayout.ConstituentMask(fixture.Inputs));
        var frozen = Enumerable.Range(0, original.Length).Where(i => mask[i] == 0).ToArray();
        Assert.Contains(frozen, i => i % JetLayout.Inputs < JetLayout.ConstituentInputs);
        Assert.All(frozen, i => Assert.Equal(original[i], moved[i]));
        Assert.All(frozen.Where(i => i % JetLayout.Inputs < JetLayout.ConstituentInputs), i => Assert.Equal(0f, moved[i]));
    }

    [Fact]
    public void Fgsm_LeadingRowsOfABatch_ChangesOnlyConstituentFeaturesOfTheFirstFloorFBRows()
    {
        using var fixture = new AttackFixture(jets: 128);
        const double epsilon = 0.01;
        var count = PerturbedFraction.Count(epoch: 6, batchSize: 128);

        using var mixed = FeatureAttack.AttackLeading(fixture.Inputs, fixture.Labels, count,
            (x, y) => FeatureAttack.Fgsm(fixture.Model, x, y, epsilon));

        Assert.Equal(61, count);
        var original = Values(fixture.Inputs);
        var moved = Values(mixed);
        var mask = Values(JetLayout.ConstituentMask(fixture.Inputs));
        var changedRows = new HashSet<int>();
        for (var i = 0; i < original.Length; i++)
        {
            if (original[i] == moved[i]) continue;
            var row = i / JetLayout.Inputs;
            changedRows.Add(row);
            Assert.True(row < count, $"row {row} is beyond the first {count}");
            Assert.Equal(1f, mask[i]);
            Assert.Equal(epsilon, Math.Abs((double)moved[i] - original[i]), 1e-6);
        }
        Assert.Equal(Enumerable.Range(0, count), changedRows.Order());
    }

    [Fact]
    public void AttackLeading_CountZero_ReturnsTheBatchUnchanged()
    {
        using var fixture = new AttackFixture();

        using var result = FeatureAttack.AttackLeading(fixture.Inputs, fixture.Labels, 0, (_, _) => throw new InvalidOperationException("not called"));

        Assert.Equal(Values(fixture.Inputs), Values(result));
    }
}
