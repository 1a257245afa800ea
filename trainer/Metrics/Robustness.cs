using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Robustness of a one-logit classifier to perturbed inputs: <c>robust_noise@σ</c> (AUC under Gaussian noise) and
/// <c>robust_fgsm@ε</c> (AUC under the fast gradient sign attack). Both take an optional per-feature scale [F]:
/// the perturbation of feature f is multiplied by scale[f] (e.g. the training standard deviations, so that σ and ε
/// are in units of each feature's spread; a zero leaves a feature alone).
/// </summary>
public static class Robustness
{
    private const int Chunk = 8192;

    /// <summary>
    /// x + ε·scale·sign(∇ₓL(x)), detached: every entry with a non-zero gradient moves by exactly ε·scale, the others
    /// stay. <paramref name="inputs"/> is not modified.
    /// </summary>
    /// <param name="lossOfInputs">The scalar loss of the batch; its reduction does not matter (only signs are used)
    /// as long as samples do not interact.</param>
    public static Tensor Fgsm(Func<Tensor, Tensor> lossOfInputs, Tensor inputs, double epsilon, Tensor? scale = null)
    {
        using var scope = torch.NewDisposeScope();
        var x = inputs.detach().clone().requires_grad_(true);
        var value = lossOfInputs(x);
        var gradients = value.requires_grad ? torch.autograd.grad([value], [x], allow_unused: true) : [];
        var direction = gradients.Count == 1 && !gradients[0].IsInvalid ? gradients[0].sign() : torch.zeros_like(x);
        var step = scale is null ? direction * epsilon : direction * (Scale(scale, inputs) * epsilon);
        return (inputs.detach() + step).detach().MoveToOuterDisposeScope();
    }

    /// <summary>AUC of <paramref name="model"/> (put in eval mode) on inputs with the FGSM perturbation of its own
    /// BCE and the true labels, computed in chunks.</summary>
    public static double FgsmAuc(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double epsilon, Tensor? scale = null)
    {
        model.eval();
        using var scope = torch.NewDisposeScope();
        var rows = inputs.shape[0];
        var attacked = new List<Tensor>();
        for (long start = 0; start < rows; start += Chunk)
        {
            var length = Math.Min(Chunk, rows - start);
            var y = labels.narrow(0, start, length);
            attacked.Add(Fgsm(x => nn.functional.binary_cross_entropy_with_logits(model.call(x), y, reduction: nn.Reduction.Sum),
                inputs.narrow(0, start, length), epsilon, scale));
        }
        return ClassifierEvaluation.Evaluate(model, torch.cat(attacked, 0), labels).Auc;
    }

    /// <summary>AUC of <paramref name="model"/> on x + σ·scale·z, z ~ N(0, 1) drawn on the CPU from <paramref name="generator"/>
    /// (a CPU generator) and moved to the inputs' device.</summary>
    public static double NoiseAuc(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double sigma, Generator generator, Tensor? scale = null)
    {
        using var scope = torch.NewDisposeScope();
        var noise = torch.randn(inputs.shape, dtype: inputs.dtype, generator: generator).to(inputs.device);
        var noisy = scale is null ? inputs + sigma * noise : inputs + sigma * Scale(scale, inputs) * noise;
        return ClassifierEvaluation.Evaluate(model, noisy, labels).Auc;
    }

    private static Tensor Scale(Tensor scale, Tensor inputs)
    {
        if (scale.ndim != 1 || inputs.ndim < 2 || scale.shape[0] != inputs.shape[^1])
            throw new ArgumentException($"the scale must be [{inputs.shape[^1]}], got [{string.Join(", ", scale.shape)}]", nameof(scale));
        return scale.to(inputs.dtype);
    }
}
