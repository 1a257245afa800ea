using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class SharpnessTests
{
    public SharpnessTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Weights_HalfSquaredNormPerTensor_MovesEachTensorRadiallyByStepsTimesStep()
    {
        using var scope = torch.NewDisposeScope();
        // ∇ of ½‖a‖² is a: each normalised step lengthens a by exactly 0.01, so ‖a‖ goes from 5 to 5.15; b from 1 to 1.15.
        var a = new Parameter(torch.tensor(new double[] { 3, 4 }));
        var b = new Parameter(torch.tensor(new double[] { 0, 0, 1 }));

        var rise = Sharpness.Weights(() => 0.5 * (a.square().sum() + b.square().sum()), [a, b]);

        Assert.Equal(0.5 * (5.15 * 5.15 - 25) + 0.5 * (1.15 * 1.15 - 1), rise, 1e-12);
    }

    [Fact]
    public void Weights_TrainedMlp_RestoresEveryParameterBitForBit()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        using var model = new Mlp(torch.zeros(4), torch.ones(4), 6, 2, Activation.Relu);
        var x = torch.randn([64, 4], generator: new Generator(2));
        var y = x[.., 0].gt(0).to(ScalarType.Float32);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();

        var rise = Sharpness.Weights(ClassifierLoss.Mean(model, x, y), model.parameters().ToArray());

        Assert.True(rise > 0, $"rise {rise}");
        Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
        Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.IsInvalid));
    }

    [Fact]
    public void Weights_LossThrows_StillRestoresTheParameters()
    {
        using var scope = torch.NewDisposeScope();
        var a = new Parameter(torch.tensor(new double[] { 3, 4 }));
        var calls = 0;

        Assert.Throws<InvalidOperationException>(() => Sharpness.Weights(() =>
            ++calls < 4 ? a.square().sum() : throw new InvalidOperationException("boom"), [a]));

        Assert.Equal([3.0, 4.0], a.data<double>().ToArray());
    }

    [Fact]
    public void Inputs_HalfSquaredFrobeniusNorm_GrowsTheNormByStepsTimesStepAndLeavesTheInputs()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2, 2, 0, 0, 4 }).reshape(2, 3);

        var rise = Sharpness.Inputs(inputs => 0.5 * inputs.square().sum(), x);

        // ‖x‖_F = 5 → 5.15.
        Assert.Equal(0.5 * (5.15 * 5.15 - 25), rise, 1e-12);
        Assert.Equal([1.0, 2, 2, 0, 0, 4], x.data<double>().ToArray());
    }

    [Fact]
    public void Inputs_Batched_AveragesTheBatches()
    {
        using var scope = torch.NewDisposeScope();
        // Rows of norm 5 and 1 in batches of one: rises ½(5.15² − 25) and ½(1.15² − 1).
        var x = torch.tensor(new double[] { 3, 4, 0, 1 }).reshape(2, 2);
        var y = torch.zeros(2, dtype: ScalarType.Float64);

        var rise = Sharpness.Inputs((inputs, _) => 0.5 * inputs.square().sum(), x, y, batchSize: 1);

        Assert.Equal((0.5 * (5.15 * 5.15 - 25) + 0.5 * (1.15 * 1.15 - 1)) / 2, rise, 1e-12);
    }
}
