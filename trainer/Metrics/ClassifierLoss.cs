using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Binary cross-entropy closures for a one-logit classifier (a module mapping inputs [B, F] to logits [B]), in the
/// shapes the toolbox's curvature and sharpness functions take. The closures do not change the module's mode: put it
/// in eval mode first when it has batch-dependent layers.
/// </summary>
public static class ClassifierLoss
{
    /// <summary>Mean BCE of the model on a fixed batch, as a function of the parameters (for Hessians and weight sharpness).</summary>
    public static Func<Tensor> Mean(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels) =>
        () => nn.functional.binary_cross_entropy_with_logits(model.call(inputs), labels);

    /// <summary>Mean BCE as a function of the inputs, labels fixed (for input sharpness and attacks).</summary>
    public static Func<Tensor, Tensor> MeanOfInputs(nn.Module<Tensor, Tensor> model, Tensor labels) =>
        inputs => nn.functional.binary_cross_entropy_with_logits(model.call(inputs), labels);

    /// <summary>Mean BCE as a function of inputs and labels (for batched input sharpness).</summary>
    public static Func<Tensor, Tensor, Tensor> MeanOfBatch(nn.Module<Tensor, Tensor> model) =>
        (inputs, labels) => nn.functional.binary_cross_entropy_with_logits(model.call(inputs), labels);

    /// <summary>Per-sample BCE [B] as a function of the inputs (for the per-sample input Hessian).</summary>
    public static Func<Tensor, Tensor> PerSampleOfInputs(nn.Module<Tensor, Tensor> model, Tensor labels) =>
        inputs => nn.functional.binary_cross_entropy_with_logits(model.call(inputs), labels, reduction: nn.Reduction.None);
}
