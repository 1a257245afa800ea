using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial;
using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Data;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial;

public sealed class AdversarialTrainerTests
{
    private const long Seed = 11;

    [Fact]
    public void TrainEpoch_SsamD_UpdatesTheMaskOnTheFirstBatchOfEpochsOneAndSixFromThatBatchsClippedGradient()
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        using var scope = torch.NewDisposeScope();
        var jets = JetGenerator.Generate(32, seed: 2, stream: 1, JetTune.Nominal);
        var x = jets.FeatureTensor();
        var y = jets.LabelTensor();
        var (mean, std) = Normaliser.Fit(jets);
        using var model = new JetMlp(mean, std, [4]);
        var options = new AdversarialOptions
        {
            Attack = AttackKind.SsamD, BatchSize = 16, Sparsity = 0.5, MaskInterval = 5, WarmupSteps = 0,
            Optimizer = AdversarialOptions.OptimizerDefaults(AttackKind.SsamD),
        };
        var parameters = model.OrderedParameters;
        // By hand: the mask after epoch 1 is the initial one updated with d_0 = 0.5 by |clip(g)| of the first batch at
        // the initial weights (train mode), regrown from the epoch-1 stream; epochs 2 to 5 leave it alone.
        var expected = AdversarialTrainer.InitialMask(model, options, Seed)!;
        var first = torch.tensor(SplitMix64.Derive(Seed, AdversarialTrainer.ShuffleStream, 1).Permutation(32)).narrow(0, 0, 16);
        model.train();
        var loss = nn.functional.binary_cross_entropy_with_logits(model.call(x.index_select(0, first)), y.index_select(0, first));
        var gradients = AdversarialTrainer.Clipped(torch.autograd.grad([loss], [.. parameters]).ToArray(), 5);
        var scores = torch.cat(gradients.Select(g => g.abs().reshape(-1)).ToArray()).data<float>().ToArray();
        expected.Update(scores, 0.5, 0.5, SplitMix64.Derive(Seed, AdversarialTrainer.RegrowStream, 1));
        using var step = AdversarialKind.CreateStep(options, parameters);
        var trainer = new AdversarialTrainer(model, step, options, AdversarialTrainer.InitialMask(model, options, Seed), Seed);

        trainer.TrainEpoch(x, y, 1, CancellationToken.None);
        var afterOne = Flags(trainer.Mask!);
        for (var epoch = 2; epoch <= 5; epoch++) trainer.TrainEpoch(x, y, epoch, CancellationToken.None);
        var afterFive = Flags(trainer.Mask!);
        trainer.TrainEpoch(x, y, 6, CancellationToken.None);

        Assert.Equal(Flags(expected), afterOne);
        Assert.Equal(1212, trainer.Mask!.Total - (int)Math.Ceiling(trainer.Mask.Total * 0.5));
        Assert.Equal(606 + 606, expected.Live);
        Assert.Equal(afterOne, afterFive);
        Assert.NotEqual(afterFive, Flags(trainer.Mask!));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(6, true)]
    [InlineData(11, true)]
    public void UpdatesMask_IntervalFive_OnEpochsWhoseZeroBasedNumberIsAMultiple(int epoch, bool expected)
    {
        Assert.Equal(expected, AdversarialTrainer.UpdatesMask(epoch, 5));
    }

    [Theory]
    [InlineData(40_000, 128, 312)]
    [InlineData(256, 32, 8)]
    [InlineData(20, 32, 1)]
    public void BatchesPerEpoch_DropsTheLastPartialBatch(long rows, int batchSize, long expected)
    {
        Assert.Equal(expected, AdversarialTrainer.BatchesPerEpoch(rows, batchSize));
    }

    private static bool[] Flags(SparseMask mask) => Enumerable.Range(0, mask.Total).Select(mask.IsLive).ToArray();
}
