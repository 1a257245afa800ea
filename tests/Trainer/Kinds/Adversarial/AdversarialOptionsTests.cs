using System.Text.Json;
using Goldstone.Trainer.Kinds.Adversarial;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial;

public sealed class AdversarialOptionsTests
{
    [Theory]
    [InlineData("none", 1e-4)]
    [InlineData("none_attack_lr", 5e-5)]
    [InlineData("sam", 5e-5)]
    [InlineData("pgd", 5e-5)]
    public void Parse_Attack_TakesThePapersLearningRate(string attack, double expected)
    {
        var options = Parse(new() { ["attack"] = attack });

        Assert.Equal(expected, options.Optimizer.LearningRate);
    }

    [Fact]
    public void Parse_NoneAttackLr_AttacksNeitherWeightsNorFeatures()
    {
        var options = Parse(new() { ["attack"] = "none_attack_lr" });

        Assert.Equal(AttackKind.NoneAttackLearningRate, options.Attack);
        Assert.False(options.Attack.InWeightSpace());
        Assert.False(options.Attack.InFeatureSpace());
    }

    [Fact]
    public void Parse_Defaults_AreTheReferencesWarmupMaskEndAndMetricBatches()
    {
        var options = Parse([]);

        Assert.Equal(50_000, options.WarmupSteps);
        Assert.Equal(250, options.MaskEndEpoch);
        Assert.Equal(5, options.MaskInterval);
        Assert.Equal(16, options.MetricBatches);
        Assert.Equal(128, options.MetricBatchSize);
        Assert.Equal(75, options.InputHessianFeatures);
        Assert.Equal(5, options.Optimizer.GradClip);
    }

    [Fact]
    public void Parse_SamOptimizer_HasNoWarmupAndRejectsOne()
    {
        Assert.Equal(0, Parse(new() { ["optimizer"] = "sam" }).WarmupSteps);

        var error = Assert.Throws<TrialRequestException>(() => Parse(new() { ["optimizer"] = "sam", ["warmup_steps"] = 100 }));

        Assert.Equal("params.warmup_steps: 100 with optimizer sam; the warm-up applies to sgd, adam and adamw only "
            + "(allowed: 0, or optimizer sgd, adam or adamw)", error.Message);
    }

    private static AdversarialOptions Parse(Dictionary<string, object> values) =>
        AdversarialOptions.Parse(new TrialParameters(values.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value))));
}
