using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class RobustnessTests
{
    public RobustnessTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Fgsm_LinearLoss_MovesEveryEntryWithAGradientByExactlyEpsilonAndNoOther()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 0.5, -1, 2, 0, 3, 1 }).reshape(2, 3);
        var direction = torch.tensor(new double[] { 2, 0, -0.1 });

        var attacked = Robustness.Fgsm(inputs => (inputs * direction).sum(), x, 0.25);

        Assert.Equal([0.75, -1, 1.75, 0.25, 3, 0.75], attacked.data<double>().ToArray());
        Assert.Equal([0.5, -1, 2, 0, 3, 1], x.data<double>().ToArray());
    }

    [Fact]
    public void Fgsm_Mlp_MovesEverySampleByEpsilonInTheMaxNorm()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        using var model = new Mlp(torch.zeros(5), torch.ones(5), 8, 2, Activation.Tanh, ScalarType.Float64);
        var x = torch.randn([50, 5], dtype: ScalarType.Float64, generator: new Generator(3));
        var y = x[.., 0].gt(0).to(ScalarType.Float64);

        var attacked = Robustness.Fgsm(ClassifierLoss.MeanOfInputs(model, y), x, 0.01);

        var moved = (attacked - x).abs();
        Assert.True((moved.amax([1]) - 0.01).abs().max().item<double>() < 1e-15);
        Assert.True((moved - 0.01).abs().max().item<double>() < 1e-15, "a tanh network has no zero-gradient inputs");
    }

    [Fact]
    public void Fgsm_WithScale_MovesEachFeatureByEpsilonTimesItsScale()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2, 3], dtype: ScalarType.Float64);
        var scale = torch.tensor(new double[] { 2, 0, 0.5 });

        var attacked = Robustness.Fgsm(inputs => inputs.sum(), x, 0.1, scale);

        Assert.Equal([0.2, 0, 0.05, 0.2, 0, 0.05], attacked.data<double>().ToArray());
    }

    [Fact]
    public void FgsmAuc_LinearModel_IsAtMostTheCleanAuc()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;

        var clean = ClassifierEvaluation.Evaluate(model, x, y).Auc;
        var attacked = Robustness.FgsmAuc(model, x, y, 0.3);

        Assert.True(attacked < clean, $"attacked {attacked}, clean {clean}");
    }

    [Fact]
    public void NoiseAuc_SameGeneratorSeed_GivesTheSameAuc()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;

        var first = Robustness.NoiseAuc(model, x, y, 0.5, new Generator(4));
        var second = Robustness.NoiseAuc(model, x, y, 0.5, new Generator(4));

        Assert.Equal(first, second);
        Assert.True(first < ClassifierEvaluation.Evaluate(model, x, y).Auc);
    }

    private static (Mlp Model, Tensor X, Tensor Y) Problem()
    {
        torch.manual_seed(5);
        var model = new Mlp(torch.zeros(2), torch.ones(2), 1, 1, Activation.Relu);
        using (torch.no_grad())
        {
            model.HiddenLayers[0].weight!.copy_(torch.tensor(new float[] { 1, 1 }).reshape(1, 2));
            model.HiddenLayers[0].bias!.fill_(10);
            model.OutputLayer.weight!.fill_(1);
        }
        var x = torch.randn([400, 2], generator: new Generator(6));
        var y = (x[.., 0] + x[.., 1] + 0.5f * torch.randn([400], generator: new Generator(7))).gt(0).to(ScalarType.Float32);
        return (model, x, y);
    }
}
