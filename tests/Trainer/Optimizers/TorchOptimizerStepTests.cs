using Goldstone.Trainer.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using static Goldstone.Tests.Trainer.Optimizers.OptimizerTestRequests;

namespace Goldstone.Tests.Trainer.Optimizers;

public sealed class TorchOptimizerStepTests
{
    public TorchOptimizerStepTests() => TorchTestSetup.Ensure();

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Step_ThreeSteps_EqualTorchsOwnOptimizerBitForBit(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var ours = new TinyMlpProblem(ScalarType.Float32);
        using var reference = new TinyMlpProblem(ScalarType.Float32);
        var options = Options(new { optimizer = name, lr = 0.05, momentum = 0.9, weight_decay = 0.1 });
        using var step = OptimizerFactory.Create(options, ours.Parameters);
        using var torchOptimizer = TorchOptimizer(name, reference);

        for (var i = 0; i < 3; i++)
        {
            var loss = step.Step(ours.Loss);
            torchOptimizer.zero_grad();
            var referenceLoss = reference.Loss();
            referenceLoss.backward();
            torchOptimizer.step();
            Assert.Equal((double)referenceLoss.item<float>(), loss);
        }

        Assert.Equal(reference.Snapshot(), ours.Snapshot());
    }

    [Fact]
    public void Step_GradClip_EqualsTorchStepAfterClipGradNorm()
    {
        using var scope = torch.NewDisposeScope();
        using var ours = new TinyMlpProblem(ScalarType.Float64);
        using var reference = new TinyMlpProblem(ScalarType.Float64);
        using var step = OptimizerFactory.Create(Options(new { optimizer = "sgd", lr = 0.1, grad_clip = 0.01 }), ours.Parameters);
        using var sgd = torch.optim.SGD(reference.Parameters, 0.1);
        var unclipped = reference.Snapshot();

        step.Step(ours.Loss);
        sgd.zero_grad();
        reference.Loss().backward();
        var normBefore = torch.nn.utils.clip_grad_norm_(reference.Parameters, 0.01);
        sgd.step();

        Assert.True(normBefore > 0.01, $"the gradient norm {normBefore} must exceed the clip for the test to mean anything");
        Assert.Equal(reference.Snapshot(), ours.Snapshot());
        Assert.NotEqual(unclipped, ours.Snapshot());
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("sam")]
    [InlineData("rolling_ball")]
    public void LoadState_SavedAfterOneStep_ContinuesExactlyLikeAnUninterruptedOptimizer(string name)
    {
        using var scope = torch.NewDisposeScope();
        var options = Options(new { optimizer = name, lr = 0.05, momentum = 0.9, rho = 0.1, inner_steps = 3 });
        using var uninterrupted = new TinyMlpProblem(ScalarType.Float64);
        using var resumed = new TinyMlpProblem(ScalarType.Float64);
        using (var step = OptimizerFactory.Create(options, uninterrupted.Parameters))
        {
            step.Step(uninterrupted.Loss);
            step.Step(uninterrupted.Loss);
        }

        using var state = new MemoryStream();
        using (var first = OptimizerFactory.Create(options, resumed.Parameters))
        {
            first.Step(resumed.Loss);
            using var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true);
            first.SaveState(writer);
        }
        state.Position = 0;
        using (var second = OptimizerFactory.Create(options, resumed.Parameters))
        {
            using var reader = new BinaryReader(state);
            second.LoadState(reader);
            second.Step(resumed.Loss);
        }

        Assert.Equal(uninterrupted.Snapshot(), resumed.Snapshot());
    }

    [Fact]
    public void LoadState_StateOfAnotherOptimizer_ThrowsInvalidData()
    {
        using var scope = torch.NewDisposeScope();
        using var problem = new TinyMlpProblem(ScalarType.Float64);
        using var adam = OptimizerFactory.Create(Options(new { optimizer = "adam" }), problem.Parameters);
        using var rollingBall = OptimizerFactory.Create(Options(new { optimizer = "rolling_ball" }), problem.Parameters);
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true)) adam.SaveState(writer);
        state.Position = 0;
        using var reader = new BinaryReader(state);

        var error = Assert.Throws<InvalidDataException>(() => rollingBall.LoadState(reader));

        Assert.Contains("rolling_ball", error.Message);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("sam")]
    [InlineData("rolling_ball")]
    public void Step_ManySteps_LeavesNoTensorBehind(string name)
    {
        using var problem = new TinyMlpProblem(ScalarType.Float32);
        using var step = OptimizerFactory.Create(Options(new { optimizer = name, inner_steps = 3 }), problem.Parameters);
        step.Step(problem.Loss);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 5; i++) step.Step(problem.Loss);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static optim.Optimizer TorchOptimizer(string name, TinyMlpProblem problem) => name switch
    {
        "sgd" => torch.optim.SGD(problem.Parameters, 0.05, momentum: 0.9),
        "adam" => torch.optim.Adam(problem.Parameters, 0.05),
        "adamw" => torch.optim.AdamW(problem.Parameters, 0.05, weight_decay: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
