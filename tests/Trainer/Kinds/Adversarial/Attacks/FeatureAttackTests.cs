using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Data;
using TorchSharp;
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
    public void Pgd_LeadingRows_MovesPaddingButNeverJetFeaturesOrLaterRows()
    {
        using var fixture = new AttackFixture();
        const int count = 40;

        using var attacked = FeatureAttack.Pgd(fixture.Model, fixture.Inputs, fixture.Labels, 0.05, 10, 0.02, count);

        var original = Values(fixture.Inputs);
        var moved = Values(attacked);
        var paddingMoved = 0;
        for (var i = 0; i < original.Length; i++)
        {
            var row = i / JetLayout.Inputs;
            var column = i % JetLayout.Inputs;
            if (row >= count || column >= JetLayout.ConstituentInputs) Assert.Equal(original[i], moved[i]);
            else if (original[i] == 0 && moved[i] != 0) paddingMoved++;
        }
        Assert.True(paddingMoved > 0, "the attack must perturb padding slots, as the reference does");
    }

    [Fact]
    public void Fgsm_TrainModeLeadingRows_IsEpsilonTimesTheSignOfTheWholeBatchGradient()
    {
        using var fixture = new AttackFixture(jets: 128);
        const double epsilon = 0.01;
        var count = PerturbedFraction.Count(epoch: 7, batchSize: 128);
        fixture.Model.train();
        // By hand: the gradient of the batch-mean BCE over all 128 rows in train mode (batch statistics).
        var leaf = fixture.Inputs.detach().requires_grad_(true);
        var loss = torch.nn.functional.binary_cross_entropy_with_logits(fixture.Model.call(leaf), fixture.Labels);
        var sign = Values(torch.autograd.grad([loss], [leaf])[0].sign());

        using var attacked = FeatureAttack.Fgsm(fixture.Model, fixture.Inputs, fixture.Labels, epsilon, count);

        Assert.Equal(40, count);
        var original = Values(fixture.Inputs);
        var moved = Values(attacked);
        for (var i = 0; i < original.Length; i++)
        {
            var movable = i / JetLayout.Inputs < count && i % JetLayout.Inputs < JetLayout.ConstituentInputs;
            var expected = movable ? original[i] + (float)epsilon * sign[i] : original[i];
            Assert.Equal(expected, moved[i]);
        }
    }

    [Fact]
    public void Fgsm_CountZero_ReturnsTheBatchUnchanged()
    {
        using var fixture = new AttackFixture();

        using var result = FeatureAttack.Fgsm(fixture.Model, fixture.Inputs, fixture.Labels, 0.1, count: 0);

        Assert.Equal(Values(fixture.Inputs), Values(result));
    }

    [Fact]
    public void Fgsm_CountAboveTheBatch_Throws()
    {
        using var fixture = new AttackFixture();

        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureAttack.Fgsm(fixture.Model, fixture.Inputs, fixture.Labels, 0.1, count: 65));
    }
}
