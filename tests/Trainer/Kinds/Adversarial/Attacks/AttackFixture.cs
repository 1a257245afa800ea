using Goldstone.Trainer.Common;
using Goldstone.Trainer.Kinds.Adversarial.Data;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Attacks;

/// <summary>A small seeded jet classifier and a batch of generated jets, for the attack tests.</summary>
internal sealed class AttackFixture : IDisposable
{
    private readonly DisposeScope _scope;

    public AttackFixture(int jets = 64, params int[] widths)
    {
        TorchRuntime.Initialize(seed: 1, threads: 1);
        _scope = torch.NewDisposeScope();
        var set = JetGenerator.Generate(jets, seed: 2, stream: 1, JetTune.Nominal);
        Inputs = set.FeatureTensor();
        Labels = set.LabelTensor();
        var (mean, std) = Normaliser.Fit(set);
        Model = new JetMlp(mean, std, widths.Length == 0 ? [16, 8] : widths);
        Model.eval();
    }

    public JetMlp Model { get; }

    public Tensor Inputs { get; }

    public Tensor Labels { get; }

    public static float[] Values(Tensor tensor) => tensor.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    public void Dispose()
    {
        Model.Dispose();
        _scope.Dispose();
    }
}
