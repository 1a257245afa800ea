using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial;
using Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks;
using TorchSharp;
using static Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks.AttackFixture;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial;

public sealed class AdversarialCurvatureTests
{
    [Fact]
    public void ClassBatches_LabelledRows_AreTheFirstFullBatchesOfThatClassInOrder()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        using var scope = torch.NewDisposeScope();
        var labels = torch.tensor(new float[] { 1, 0, 0, 1, 0, 1, 0, 0, 1, 0 });
        var inputs = torch.arange(10, dtype: torch.ScalarType.Float32).reshape(10, 1);

        var qcd = AdversarialCurvature.ClassBatches(inputs, labels, 0, batches: 5, batchSize: 2);
        var hbb = AdversarialCurvature.ClassBatches(inputs, labels, 1, batches: 1, batchSize: 3);
        var few = AdversarialCurvature.ClassBatches(inputs, labels, 1, batches: 4, batchSize: 8);

        // QCD rows 1, 2, 4, 6, 7, 9: three full batches of two; Hbb rows 0, 3, 5, 8: one batch of three asked for;
        // fewer Hbb rows than a batch: one short batch.
        Assert.Equal([[1f, 2f], [4f, 6f], [7f, 9f]], qcd.Select(b => Values(b.X)));
        Assert.All(qcd, b => Assert.Equal([0f, 0f], Values(b.Y)));
        Assert.Equal([[0f, 3f, 5f]], hbb.Select(b => Values(b.X)));
        Assert.Equal([[0f, 3f, 5f, 8f]], few.Select(b => Values(b.X)));
        Assert.Empty(AdversarialCurvature.ClassBatches(inputs, labels, 2, batches: 1, batchSize: 1));
    }

    [Fact]
    public void SharpnessW_TrainModeAscent_LeavesParametersAndRunningStatisticsAsTheyWere()
    {
        using var fixture = new AttackFixture(jets: 64);
        using var scope = torch.NewDisposeScope();
        var batches = AdversarialCurvature.ClassBatches(fixture.Inputs, fixture.Labels, 0, batches: 2, batchSize: 8);
        var before = fixture.Model.state_dict().ToDictionary(p => p.Key, p => Values(p.Value));

        var rise = AdversarialCurvature.SharpnessW(fixture.Model, batches, steps: 3, stepSize: 0.05);
        var riseX = AdversarialCurvature.SharpnessX(fixture.Model, batches, steps: 3, stepSize: 0.05);

        Assert.True(rise > 0, $"an ascent must raise the loss, got {rise}");
        Assert.True(riseX > 0, $"an ascent must raise the loss, got {riseX}");
        Assert.All(fixture.Model.state_dict(), p => Assert.Equal(before[p.Key], Values(p.Value)));
    }
}
