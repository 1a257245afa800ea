using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using TorchSharp;
using static Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks.AttackFixture;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks;

public sealed class WeightPerturbationTests
{
    [Theory]
    [InlineData(0.005)]
    [InlineData(0.05)]
    [InlineData(1.0)]
    public void Compute_ModelGradients_HasNormRho(double rho)
    {
        using var fixture = new AttackFixture();
        using var scope = torch.NewDisposeScope();
        var parameters = fixture.Model.OrderedParameters;
        fixture.Model.train();
        var loss = nn.functional.binary_cross_entropy_with_logits(fixture.Model.call(fixture.Inputs), fixture.Labels) * 1000;
        var gradients = torch.autograd.grad([loss], [.. parameters]).ToArray();

        var e = WeightPerturbation.Compute(gradients, rho);

        var gradientNorm = WeightPerturbation.Norm(gradients);
        Assert.True(gradientNorm > 1, $"the test needs ‖g‖ > 1 so that the 1e-7 is negligible; got {gradientNorm}");
        Assert.Equal(1.0, WeightPerturbation.Norm(e) / rho, 1e-6);
        Assert.Equal(rho * gradientNorm / (gradientNorm + WeightPerturbation.NormEpsilon), WeightPerturbation.Norm(e), rho * 1e-6);
    }

    [Fact]
    public void Compute_ZeroGradient_GivesZeroPerturbation()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        using var scope = torch.NewDisposeScope();

        var e = WeightPerturbation.Compute([torch.zeros(3, 4)], 0.5);

        Assert.Equal(0, WeightPerturbation.Norm(e));
    }

    [Fact]
    public void Compute_WithMask_IsZeroOutsideTheMaskAndSamInside()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        using var scope = torch.NewDisposeScope();
        var gradient = torch.randn(6, 5, generator: new Generator(3));
        var mask = torch.rand(6, 5, generator: new Generator(4)).gt(0.5).to_type(ScalarType.Float32);

        var masked = WeightPerturbation.Compute([gradient], 0.1, [mask])[0];
        var full = WeightPerturbation.Compute([gradient], 0.1)[0];

        var m = Values(mask);
        var a = Values(masked);
        var b = Values(full);
        for (var i = 0; i < m.Length; i++) Assert.Equal(m[i] == 1 ? b[i] : 0f, a[i]);
    }

    [Fact]
    public void Perturb_Offsets_GiveTheLogitsOfTheShiftedWeights()
    {
        using var fixture = new AttackFixture();
        using var scope = torch.NewDisposeScope();
        var parameters = fixture.Model.OrderedParameters;
        var offsets = parameters.Select((p, i) => torch.randn(p.shape, generator: new Generator((ulong)(10 + i))) * 0.01).ToArray();

        Tensor perturbed;
        using (fixture.Model.Perturb(offsets)) perturbed = fixture.Model.call(fixture.Inputs);
        var unperturbed = fixture.Model.call(fixture.Inputs);
        using (torch.no_grad())
            for (var i = 0; i < parameters.Count; i++) parameters[i].add_(offsets[i]);
        var shifted = fixture.Model.call(fixture.Inputs);

        Assert.Equal(Values(shifted), Values(perturbed));
        Assert.NotEqual(Values(unperturbed), Values(perturbed));
    }
}
