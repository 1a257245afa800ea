using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class CompressionTests
{
    public CompressionTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Prune_HandMadeWeights_ZeroesTheGloballySmallestMagnitudes()
    {
        using var scope = torch.NewDisposeScope();
        var first = torch.tensor(new float[] { 1, -5, 3, 0.5f }).reshape(2, 2);
        var second = torch.tensor(new float[] { -2, 4 }).reshape(1, 2);

        var zeroed = Compression.Prune([first, second], 0.5);

        Assert.Equal(3, zeroed);
        Assert.Equal([0f, -5, 3, 0], first.data<float>().ToArray());
        Assert.Equal([0f, 4], second.data<float>().ToArray());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(0.9)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Prune_MlpWeights_HitsTheRequestedSparsityExactly(double sparsity)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var model = new Mlp(torch.zeros(28), torch.ones(28), 32, 2, Activation.Relu);
        var weights = Compression.Weights(model);
        var total = weights.Sum(w => w.numel());
        var magnitudeBefore = torch.cat(weights.Select(w => w.detach().abs().reshape(-1)).ToArray()).clone();

        Compression.Prune(weights, sparsity);

        var after = torch.cat(weights.Select(w => w.detach().reshape(-1)).ToArray());
        var zeros = after.eq(0).sum().item<long>();
        Assert.Equal((long)Math.Round(sparsity * total, MidpointRounding.AwayFromZero), zeros);
        // Every pruned entry was at most as large as every kept one.
        var pruned = magnitudeBefore.masked_select(after.eq(0));
        var kept = magnitudeBefore.masked_select(after.ne(0));
        Assert.True(pruned.max().item<float>() <= kept.min().item<float>());
    }

    [Fact]
    public void PrunedRetention_AnyModel_LeavesTheModelBitIdentical()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();

        var retained = Compression.PrunedRetention(model, x, y, 0.9);
        var quantised = Compression.QuantisedRetention(model, x, y, 2);

        Assert.InRange(retained, 0, 2);
        Assert.InRange(quantised, 0, 2);
        Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
    }

    [Fact]
    public void PrunedRetention_NothingPruned_IsOne()
    {
        using var scope = torch.NewDisposeScope();
        var (model, x, y) = Problem();
        using var _ = model;

        Assert.Equal(1.0, Compression.PrunedRetention(model, x, y, 1e-9));
        Assert.Equal(1.0, Compression.QuantisedRetention(model, x, y, 16), 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Quantise_AnyTensor_LeavesAtMostTwoToTheBitsDistinctValuesWithinHalfAStep(int bits)
    {
        using var scope = torch.NewDisposeScope();
        var original = torch.randn([40, 30], generator: new Generator((ulong)bits));
        var weight = original.clone();

        Compression.Quantise(weight, bits);

        var distinct = weight.reshape(-1).data<float>().ToArray().Distinct().Count();
        Assert.InRange(distinct, 2, 1 << bits);
        var step = (original.max() - original.min()).item<float>() / ((1 << bits) - 1);
        Assert.True((weight - original).abs().max().item<float>() <= step / 2 * (1 + 1e-5));
    }

    [Fact]
    public void Quantise_ConstantTensor_IsUnchanged()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.full([3, 3], 0.25f);

        Compression.Quantise(weight, 1);

        Assert.True(weight.eq(0.25f).all().item<bool>());
    }

    [Fact]
    public void Weights_Mlp_AreTheMatricesOnly()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Mlp(torch.zeros(4), torch.ones(4), 3, 2, Activation.Relu);

        Assert.Equal([[3L, 4L], [3L, 3L], [1L, 3L]], Compression.Weights(model).Select(w => w.shape));
    }

    private static (Mlp Model, Tensor X, Tensor Y) Problem()
    {
        torch.manual_seed(5);
        var model = new Mlp(torch.zeros(4), torch.ones(4), 16, 2, Activation.Relu);
        var x = torch.randn([400, 4], generator: new Generator(6));
        var y = (x[.., 0] + x[.., 1]).gt(0).to(ScalarType.Float32);
        return (model, x, y);
    }
}
