using Goldstone.Trainer.Kinds.Adversarial.Data;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using Goldstone.Trainer.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>
/// Sharpness and reduced Hessians of a trained jet classifier as the reference's exports measure them, on batches
/// of one class of a test set (the reference loads QCD and Hbb test files separately). Each value is a mean over the
/// batches:
/// <list type="bullet">
/// <item>reduced_hessian_w: per batch, max|λ| of the Hessian of the batch-mean BCE with respect to the final Linear
/// layer's weight (scripts/export_hessian.py, eval mode);</item>
/// <item>reduced_hessian_x: per batch, max|λ| of <see cref="BatchMeanInputHessian.Matrix"/> over the first k raw inputs
/// (k = 75: the first five constituents, the reference's n_const 5; eval mode);</item>
/// <item>sharpness_ga_w: L(θ₁₅) − L(θ₀) of the mean over the batches of each batch's mean BCE, θ ascending 15 steps
/// of 0.01·g/‖g‖ per parameter tensor (franckstools/loss_landscapes.py, gradient_ascent_weight_tracing);</item>
/// <item>sharpness_ga_x: per batch, the rise of its mean BCE after 15 steps x ← x + 0.01·∇ₓL/‖∇ₓL‖_F on the 600
/// constituent inputs, padding included, jet features fixed (gradient_ascent_input_tracing).</item>
/// </list>
/// The ascents run in train mode, as scripts/export_gradient_ascent.py leaves the model (it never calls eval()), so
/// BatchNorm uses each batch's statistics; the running statistics and the parameters are restored afterwards, so
/// every measurement starts from the trained model (the reference ascends the QCD and then the Hbb set from the
/// same model object without restoring it, which this does not copy).
/// </summary>
public static class AdversarialCurvature
{
    /// <summary>Consecutive batches of the rows of <paramref name="labels"/> equal to <paramref name="label"/>, in
    /// test-set order: the first <paramref name="batches"/> full batches of <paramref name="batchSize"/>, or one short
    /// batch when the class has fewer rows; none when it has no rows. Tensors in the caller's dispose scope.</summary>
    public static List<(Tensor X, Tensor Y)> ClassBatches(Tensor inputs, Tensor labels, float label, int batches, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rows = torch.nonzero(labels.eq(label)).reshape(-1);
        var count = rows.shape[0];
        var result = new List<(Tensor, Tensor)>();
        if (count == 0) return result;
        var full = count / batchSize;
        var taken = full == 0 ? 1 : Math.Min(batches, full);
        for (long b = 0; b < taken; b++)
        {
            var index = rows.narrow(0, b * batchSize, Math.Min(batchSize, count - b * batchSize));
            result.Add((inputs.index_select(0, index), labels.index_select(0, index)));
        }
        return result;
    }

    /// <summary>Mean over the batches of the per-batch max|λ| of the output-weight Hessian; NaN without batches.</summary>
    public static double ReducedHessianW(JetMlp model, IReadOnlyList<(Tensor X, Tensor Y)> batches)
    {
        if (batches.Count == 0) return double.NaN;
        model.eval();
        return batches.Average(batch =>
        {
            using var scope = torch.NewDisposeScope();
            return BatchMeanInputHessian.SpectralRadius(ReducedHessian.WeightMatrix(ClassifierLoss.Mean(model, batch.X, batch.Y), model.OutputLayer.weight!));
        });
    }

    /// <summary>Mean over the batches of the per-batch max|λ| of the batch-mean input Hessian over the first
    /// <paramref name="features"/> inputs; NaN without batches.</summary>
    public static double ReducedHessianX(JetMlp model, IReadOnlyList<(Tensor X, Tensor Y)> batches, int features)
    {
        if (batches.Count == 0) return double.NaN;
        model.eval();
        return batches.Average(batch =>
        {
            using var scope = torch.NewDisposeScope();
            return BatchMeanInputHessian.Top(ClassifierLoss.MeanOfInputs(model, batch.Y), batch.X, features);
        });
    }

    /// <summary>The loss rise of the weight-space ascent on the batches' mean loss; NaN without batches.</summary>
    public static double SharpnessW(JetMlp model, IReadOnlyList<(Tensor X, Tensor Y)> batches, int steps, double stepSize)
    {
        if (batches.Count == 0) return double.NaN;
        using var statistics = RunningStatistics.Keep(model);
        model.train();
        Tensor Loss() => torch.stack(batches.Select(b => nn.functional.binary_cross_entropy_with_logits(model.call(b.X), b.Y)).ToArray()).mean();
        return Sharpness.Weights(Loss, [.. model.OrderedParameters], steps, stepSize);
    }

    /// <summary>Mean over the batches of the input-space ascent's loss rise; NaN without batches.</summary>
    public static double SharpnessX(JetMlp model, IReadOnlyList<(Tensor X, Tensor Y)> batches, int steps, double stepSize)
    {
        if (batches.Count == 0) return double.NaN;
        using var statistics = RunningStatistics.Keep(model);
        model.train();
        return batches.Average(batch =>
        {
            using var scope = torch.NewDisposeScope();
            return Sharpness.Inputs(inputs => ConstituentLoss(model, inputs, batch.Y), batch.X, steps, stepSize);
        });
    }

    /// <summary>Mean BCE whose gradient vanishes on the jet features: the ascent moves the constituent inputs only.</summary>
    private static Tensor ConstituentLoss(JetMlp model, Tensor inputs, Tensor labels)
    {
        var constituents = inputs.narrow(1, 0, JetLayout.ConstituentInputs);
        var jet = inputs.narrow(1, JetLayout.ConstituentInputs, JetLayout.JetFeatures).detach();
        return nn.functional.binary_cross_entropy_with_logits(model.call(torch.cat([constituents, jet], 1)), labels);
    }

    /// <summary>Copies of a model's buffers (BatchNorm running statistics), written back on dispose.</summary>
    private sealed class RunningStatistics : IDisposable
    {
        private readonly List<(Tensor Buffer, Tensor Copy)> _saved;

        private RunningStatistics(List<(Tensor, Tensor)> saved) => _saved = saved;

        public static RunningStatistics Keep(JetMlp model) =>
            new([.. model.buffers().Select(b => (b, b.detach().clone().DetachFromDisposeScope()))]);

        public void Dispose()
        {
            using var noGrad = torch.no_grad();
            foreach (var (buffer, copy) in _saved)
            {
                buffer.copy_(copy);
                copy.Dispose();
            }
        }
    }
}
