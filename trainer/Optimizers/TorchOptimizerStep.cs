using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Optimizers;

/// <summary>sgd, adam or adamw: one forward and backward pass, optional gradient clipping, then torch's own step.</summary>
internal sealed class TorchOptimizerStep(OptimizerHelper optimizer, IReadOnlyList<Parameter> parameters, double gradClip) : ITrainingStep
{
    /// <inheritdoc />
    public double Step(Func<Tensor> lossOfCurrentBatch)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var loss = lossOfCurrentBatch();
        var value = Gradients.Scalar(loss);
        loss.backward();
        Gradients.Clip(parameters, gradClip);
        optimizer.step();
        return value;
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer) => optimizer.save_state_dict(writer);

    /// <inheritdoc />
    public void LoadState(BinaryReader reader) => optimizer.load_state_dict(reader);

    /// <inheritdoc />
    public void Dispose() => optimizer.Dispose();
}
