using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Optimizers;

/// <summary>
/// Sharpness-aware minimisation (Foret et al.; WORKLOADS.md C.1): with g = ∇L(w), move to w + e with
/// e = ρ·g/(‖g‖₂ + 1e-7), the norm taken over all parameters together; take the gradient there; put w back exactly
/// (a copy, not w + e − e, which rounds); then let the base optimiser step with that gradient. Two passes per batch.
/// </summary>
internal sealed class SamStep(OptimizerHelper baseOptimizer, IReadOnlyList<Parameter> parameters, double rho, double gradClip) : ITrainingStep
{
    /// <inheritdoc />
    public double Step(Func<Tensor> lossOfCurrentBatch)
    {
        using var scope = torch.NewDisposeScope();
        baseOptimizer.zero_grad();
        var loss = lossOfCurrentBatch();
        var value = Gradients.Scalar(loss);
        loss.backward();

        var gradient = Gradients.Stored(parameters);
        var scale = rho / (Math.Sqrt(Gradients.SquaredNorm(gradient)) + OptimizerOptions.SamNormEpsilon);
        var original = new Tensor[parameters.Count];
        using (torch.no_grad())
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                original[i] = parameters[i].detach().clone();
                parameters[i].add_(gradient[i], alpha: scale);
            }
        }

        baseOptimizer.zero_grad();
        lossOfCurrentBatch().backward();
        using (torch.no_grad())
        {
            for (var i = 0; i < parameters.Count; i++) parameters[i].copy_(original[i]);
        }
        Gradients.Clip(parameters, gradClip);
        baseOptimizer.step();
        return value;
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer) => baseOptimizer.save_state_dict(writer);

    /// <inheritdoc />
    public void LoadState(BinaryReader reader) => baseOptimizer.load_state_dict(reader);

    /// <inheritdoc />
    public void Dispose() => baseOptimizer.Dispose();
}
