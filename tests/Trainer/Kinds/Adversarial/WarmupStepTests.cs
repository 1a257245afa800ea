using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial;
using Goldstone.Trainer.Optimizers;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial;

public sealed class WarmupStepTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.25)]
    [InlineData(3, 0.75)]
    [InlineData(4, 1.0)]
    [InlineData(100, 1.0)]
    public void LearningRateAt_FourWarmupSteps_RisesLinearlyFromZero(long stepsTaken, double expected)
    {
        Assert.Equal(expected, WarmupStep.LearningRateAt(1.0, 4, stepsTaken), 15);
    }

    [Fact]
    public void LearningRateAt_NoWarmup_IsTheFullRate()
    {
        Assert.Equal(5e-5, WarmupStep.LearningRateAt(5e-5, 0, 0));
    }

    [Fact]
    public void Step_SgdWithTwoWarmupSteps_MovesByZeroThenHalfThenTheFullRate()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        using var w = new Parameter(torch.tensor(new[] { 0.0 }));
        using var step = new WarmupStep(new OptimizerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 1 }, [w], warmupSteps: 2, gradClip: 0);
        var values = new List<double>();

        for (var i = 0; i < 3; i++)
        {
            step.Step(() => w.sum());
            values.Add(w.item<double>());
        }

        // ∂(w)/∂w = 1: steps at lr 0, 0.5, 1.
        Assert.Equal([0.0, -0.5, -1.5], values);
        Assert.Equal(3, step.StepsTaken);
    }

    [Fact]
    public void Step_AdamWFirstStep_HasLearningRateZeroAndLeavesTheWeightsAlone()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        using var w = new Parameter(torch.tensor(new[] { 0.5, -0.25 }));
        var options = new OptimizerOptions { Optimizer = OptimizerKind.AdamW, LearningRate = 1e-2, WeightDecay = 0.1 };
        using var step = new WarmupStep(options, [w], warmupSteps: 10, gradClip: 0);

        step.Step(() => w.square().sum());
        var afterFirst = w.data<double>().ToArray();
        step.Step(() => w.square().sum());

        // Step 1 runs at lr 0 (neither the Adam update nor the decoupled decay moves w); step 2 at lr 1e-3 moves each
        // entry by about lr against its gradient's sign (Adam's first step is ±lr, plus lr·wd·w of decay).
        Assert.Equal([0.5, -0.25], afterFirst);
        Assert.Equal(0.5 - 1e-3 - 1e-3 * 0.1 * 0.5, w[0].item<double>(), 6);
        Assert.Equal(-0.25 + 1e-3 + 1e-3 * 0.1 * 0.25, w[1].item<double>(), 6);
    }

    [Fact]
    public void Step_GradientOfNormTen_IsClippedToFive()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        using var w = new Parameter(torch.tensor(new[] { 0.0, 0.0 }));
        using var step = new WarmupStep(new OptimizerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 1 }, [w], warmupSteps: 0, gradClip: 5);
        using var direction = torch.tensor(new[] { 6.0, 8.0 });

        step.Step(() => (w * direction).sum());

        // torch's clip_grad_norm_: g·5/(‖g‖ + 1e-6) with ‖g‖ = 10.
        var scale = 5 / (10 + 1e-6);
        Assert.Equal(-6 * scale, w[0].item<double>(), 12);
        Assert.Equal(-8 * scale, w[1].item<double>(), 12);
    }
}
