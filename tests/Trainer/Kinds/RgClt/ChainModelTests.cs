using Goldstone.Trainer.Common;
using Goldstone.Trainer.Models.RgClt;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Kinds.RgClt;

/// <summary>The constraints of the block-map models hold exactly, at initialisation and after training.</summary>
public sealed class ChainModelTests
{
    public static TheoryData<BlockActivation> Activations => new(Enum.GetValues<BlockActivation>());

    [Theory]
    [MemberData(nameof(Activations))]
    public void MapPairs_SymmetricMlpAfterTraining_IsBitIdenticalUnderSwappingTheSites(BlockActivation activation)
    {
        using var scope = Seeded();
        using var model = Trained(new PairMlp(MlpConstraint.Symmetric, width: 8, depth: 3, activation));
        var pairs = torch.randn(512, 2);

        using var noGrad = torch.no_grad();
        var direct = model.MapPairs(pairs).data<float>().ToArray();
        var swapped = model.MapPairs(pairs.flip(-1)).data<float>().ToArray();

        Assert.Equal(direct, swapped);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Forward_DeepSetsAfterTrainingWithTheSitesOfEveryBlockSwapped_IsBitIdentical(BlockActivation activation)
    {
        using var scope = Seeded();
        using var model = Trained(new DeepSetsMap(width: 8, depth: 3, activation));
        var chains = torch.randn(256, 16);
        var swapped = chains.reshape(256, 8, 2).flip(-1).reshape(256, 16);

        using var noGrad = torch.no_grad();
        var direct = model.call(chains).data<float>().ToArray();
        var fromSwapped = model.call(swapped).data<float>().ToArray();

        Assert.NotEqual(chains.data<float>().ToArray(), swapped.data<float>().ToArray());
        Assert.Equal(direct, fromSwapped);
    }

    [Theory]
    [InlineData(8, 2, 169)]
    [InlineData(16, 3, 865)]
    public void ParameterCount_DeepSets_IsTheDocumentedFormulaAndTheModelsCount(int width, int depth, long expected)
    {
        // By hand: φ 1→w (2w) and (d − 1) × w→w (w² + w each); ρ w→w (w² + w) and w→1 (w + 1).
        // w = 8, d = 2: 16 + 72 + 72 + 9 = 169. w = 16, d = 3: 32 + 2·272 + 272 + 17 = 865.
        using var scope = Seeded();
        using var model = new DeepSetsMap(width, depth, BlockActivation.Tanh);

        Assert.Equal(expected, DeepSetsMap.ParameterCount(width, depth));
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void MapPairs_DeepSets_IsNotAFunctionOfTheSumAlone()
    {
        using var scope = Seeded();
        using var deepSets = new DeepSetsMap(width: 8, depth: 2, BlockActivation.Tanh);
        using var symmetric = new PairMlp(MlpConstraint.Symmetric, width: 8, depth: 2, BlockActivation.Tanh);
        // Three pairs with the same sum 1: the tied-input MLP sees only the sum (up to float rounding of it, which
        // is exact here), DeepSets sees each site.
        var pairs = torch.tensor(new float[] { 0.5f, 0.5f, 0, 1, -1, 2 }, [3, 2]);

        using var noGrad = torch.no_grad();
        var tied = symmetric.MapPairs(pairs).data<float>().ToArray();
        var sets = deepSets.MapPairs(pairs).data<float>().ToArray();

        Assert.All(tied, value => Assert.Equal(tied[0], value));
        Assert.True(Math.Abs(sets[0] - sets[1]) > 1e-4 && Math.Abs(sets[1] - sets[2]) > 1e-4, $"outputs {string.Join(", ", sets)}");
    }

    [Fact]
    public void MapPairs_UnconstrainedMlp_DependsOnTheSiteOrder()
    {
        using var scope = Seeded();
        using var model = new PairMlp(MlpConstraint.Unconstrained, width: 8, depth: 3, BlockActivation.Tanh);
        var pairs = torch.randn(512, 2);

        using var noGrad = torch.no_grad();
        var difference = (model.MapPairs(pairs) - model.MapPairs(pairs.flip(-1))).abs().max().item<float>();

        Assert.True(difference > 1e-3, $"largest change under the swap: {difference}");
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void HiddenLayers_OverConstrainedAfterTraining_HaveAllRowsAndBiasesEqual(BlockActivation activation)
    {
        using var scope = Seeded();
        using var model = Trained(new PairMlp(MlpConstraint.OverConstrained, width: 8, depth: 3, activation));

        Assert.Equal(3, model.HiddenLayers.Count);
        foreach (var layer in model.HiddenLayers)
        {
            var weight = layer.EffectiveWeight();
            var bias = layer.EffectiveBias().data<float>().ToArray();
            Assert.Equal(8, weight.shape[0]);
            var first = weight[0].data<float>().ToArray();
            for (var row = 1; row < weight.shape[0]; row++) Assert.Equal(first, weight[row].data<float>().ToArray());
            Assert.All(bias, b => Assert.Equal(bias[0], b));
        }
        var firstLayer = model.HiddenLayers[0].EffectiveWeight();
        Assert.Equal(firstLayer[0, 0].item<float>(), firstLayer[0, 1].item<float>());
    }

    [Fact]
    public void HiddenLayers_UnconstrainedAfterTraining_HaveDistinctRows()
    {
        using var scope = Seeded();
        using var model = Trained(new PairMlp(MlpConstraint.Unconstrained, width: 8, depth: 2, BlockActivation.Tanh));

        var weight = model.HiddenLayers[1].EffectiveWeight();

        Assert.False(weight[0].equal(weight[1]).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Forward_GnnChainShiftedByOneBlock_ShiftsTheOutputByOneSite(BlockActivation activation)
    {
        using var scope = Seeded();
        using var model = new ChainGnn(width: 6, depth: 2, activation);
        var chains = torch.randn(16, 16);

        using var noGrad = torch.no_grad();
        var output = model.call(chains);
        var shifted = model.call(chains.roll(2, 1));

        var difference = (shifted - output.roll(1, 1)).abs().max().item<float>();
        var scale = output.abs().max().item<float>();
        Assert.True(difference <= 1e-6f * Math.Max(1, scale), $"largest difference {difference} at output scale {scale}");
    }

    [Fact]
    public void Forward_GnnChainShiftedByOneSite_IsNotEquivariant()
    {
        using var scope = Seeded();
        using var model = new ChainGnn(width: 6, depth: 2, BlockActivation.Tanh);
        var chains = torch.randn(16, 16);

        using var noGrad = torch.no_grad();
        var output = model.call(chains);
        var shifted = model.call(chains.roll(1, 1));

        // A one-site shift regroups the sites into other blocks, so no shift of the output reproduces it.
        foreach (var outputShift in new[] { 0, 1 })
            Assert.True((shifted - output.roll(outputShift, 1)).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void Forward_GnnOnIidBlocks_SeesNeighbouringBlocks()
    {
        using var scope = Seeded();
        using var model = new ChainGnn(width: 6, depth: 1, BlockActivation.Tanh);
        float[] sites = [0.3f, -1.2f, 0.7f, 0.1f, -0.4f, 1.5f, -0.9f, 0.2f];
        var chains = torch.tensor(sites, [1, 8]);
        sites[2] += 1;
        var moved = torch.tensor(sites, [1, 8]);

        using var noGrad = torch.no_grad();
        var change = (model.call(moved) - model.call(chains)).abs()[0].data<float>().ToArray();

        // Site 2 belongs to block 1; one message-passing layer carries it to sites 1 and 3, so block 0 (sites 0, 1)
        // changes too, while blocks 2 and 3 do not. The exact map would change block 1 alone.
        Assert.True(change[0] > 0 && change[1] > 0, $"changes {string.Join(", ", change)}");
        Assert.Equal(0, change[2]);
        Assert.Equal(0, change[3]);
    }

    [Theory]
    [InlineData(new long[] { 4, 3 })]
    [InlineData(new long[] { 4 })]
    [InlineData(new long[] { 2, 4, 2 })]
    public void Forward_MalformedChains_ThrowsArgumentExceptionBeforeLibTorch(long[] shape)
    {
        using var scope = Seeded();
        using var mlp = new PairMlp(MlpConstraint.Symmetric, 4, 1, BlockActivation.Relu);
        using var gnn = new ChainGnn(4, 1, BlockActivation.Relu);
        using var deepSets = new DeepSetsMap(4, 1, BlockActivation.Relu);

        Assert.Throws<ArgumentException>(() => mlp.call(torch.zeros(shape)));
        Assert.Throws<ArgumentException>(() => gnn.call(torch.zeros(shape)));
        Assert.Throws<ArgumentException>(() => deepSets.call(torch.zeros(shape)));
    }

    [Fact]
    public void Iterate_ThreeSteps_HalvesTheChainThreeTimes()
    {
        using var scope = Seeded();
        using var model = new PairMlp(MlpConstraint.Symmetric, 4, 1, BlockActivation.Relu);
        using var noGrad = torch.no_grad();

        Assert.Equal([5L, 2L], model.Iterate(torch.randn(5, 16), 3).shape);
        Assert.Throws<ArgumentException>(() => model.Iterate(torch.randn(5, 16), 5));
    }

    private static DisposeScope Seeded()
    {
        TorchTestSetup.Ensure();
        TorchRuntime.Initialize(seed: 11, threads: 1);
        return torch.NewDisposeScope();
    }

    /// <summary>A few Adam steps towards the exact map, so that the checks see trained weights, not only initial ones.</summary>
    private static T Trained<T>(T model) where T : ChainMap
    {
        using var optimizer = torch.optim.Adam(model.parameters(), 0.01);
        for (var step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            var chains = torch.randn(32, 8);
            var target = chains.reshape(32, 4, 2).sum(-1) / Math.Sqrt(2);
            optimizer.zero_grad();
            nn.functional.mse_loss(model.call(chains), target).backward();
            optimizer.step();
        }
        return model;
    }
}
