using Goldstone.Trainer.Kinds.Adversarial.Attacks;
using Goldstone.Trainer.Kinds.Adversarial.Data;
using Goldstone.Trainer.Kinds.Adversarial.Model;
using Goldstone.Trainer.Metrics;
using TorchSharp;
using static Goldstone.Trainer.Metrics.ToolboxMetrics;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>The tensors a trained jet classifier is measured on.</summary>
/// <param name="TrainX">Nominal training inputs [N, 602].</param>
/// <param name="TrainY">Training labels [N].</param>
/// <param name="TestX">Nominal test inputs.</param>
/// <param name="TestY">Test labels.</param>
/// <param name="ShiftedTestX">The shifted test jets, or null when no metric needs them.</param>
/// <param name="ShiftedTestY">Their labels (the test labels when generated).</param>
internal sealed record AdversarialTensors(Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY, Tensor? ShiftedTestX, Tensor? ShiftedTestY);

/// <summary>
/// The end-of-trial metrics of <c>adversarial</c>, each computed only when requested. Curvature and sharpness use
/// the model in eval mode on the first hessian_batch training jets (alternately signal and background, so the halves
/// of reduced_hessian_x_sig and _bkg are equal in size). sharpness_ga_x ascends in the attacks' space: the features
/// of real constituents, with padding and jet features held fixed.
/// </summary>
internal static class AdversarialReport
{
    public static Dictionary<string, double> Compute(JetMlp model, AdversarialTensors data, AdversarialOptions options,
        AdversarialMetrics wanted, double timePerEpoch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var test = ClassifierEvaluation.Evaluate(model, data.TestX, data.TestY);
        var result = new Dictionary<string, double>
        {
            [Auc] = test.Auc,
            [AdversarialMetrics.TestLoss] = test.Loss,
            [AdversarialMetrics.TimePerEpoch] = timePerEpoch,
        };
        foreach (var (name, efficiency) in wanted.Instances(BackgroundRejectionAt)) result[name] = test.BackgroundRejection(efficiency);
        if (wanted.NeedsShiftedData)
        {
            var shifted = ClassifierEvaluation.Evaluate(model, data.ShiftedTestX!, data.ShiftedTestY!);
            if (wanted.Wants(ShiftAuc)) result[ShiftAuc] = shifted.Auc;
            if (wanted.Wants(ShiftGap)) result[ShiftGap] = test.Auc - shifted.Auc;
            foreach (var (name, efficiency) in wanted.Instances(AdversarialMetrics.ShiftBackgroundRejectionAt))
                result[name] = shifted.BackgroundRejection(efficiency);
        }
        if (wanted.Wants(AdversarialMetrics.TrainAuc) || wanted.Wants(GenGap))
        {
            var train = ClassifierEvaluation.Evaluate(model, data.TrainX, data.TrainY).Auc;
            if (wanted.Wants(AdversarialMetrics.TrainAuc)) result[AdversarialMetrics.TrainAuc] = train;
            if (wanted.Wants(GenGap)) result[GenGap] = train - test.Auc;
        }
        foreach (var (name, epsilon) in wanted.Instances(RobustFgsm)) result[name] = FgsmAuc(model, data.TestX, data.TestY, epsilon);

        model.eval();
        using var scope = torch.NewDisposeScope();
        var rows = Math.Min(512L, data.TrainX.shape[0]);
        var x = data.TrainX.narrow(0, 0, rows);
        var y = data.TrainY.narrow(0, 0, rows);
        var loss = ClassifierLoss.Mean(model, x, y);
        cancellationToken.ThrowIfCancellationRequested();
        if (wanted.Wants(ReducedHessianW)) result[ReducedHessianW] = ReducedHessian.WeightTop(loss, model.OutputLayer.weight!);
        var features = Math.Min(options.InputHessianFeatures, JetLayout.Inputs);
        if (wanted.Wants(ReducedHessianX)) result[ReducedHessianX] = InputTop(model, x, y, features, label: null);
        if (wanted.Wants(AdversarialMetrics.ReducedHessianXSignal))
            result[AdversarialMetrics.ReducedHessianXSignal] = InputTop(model, x, y, features, label: 1);
        if (wanted.Wants(AdversarialMetrics.ReducedHessianXBackground))
            result[AdversarialMetrics.ReducedHessianXBackground] = InputTop(model, x, y, features, label: 0);
        cancellationToken.ThrowIfCancellationRequested();
        if (wanted.Wants(SharpnessW))
            result[SharpnessW] = Sharpness.Weights(loss, [.. model.OrderedParameters], options.SharpnessSteps, options.SharpnessStep);
        if (wanted.Wants(SharpnessX))
            result[SharpnessX] = Sharpness.Inputs(ConstituentLoss(model), x, y, options.BatchSize, options.SharpnessSteps, options.SharpnessStep);
        return result;
    }

    /// <summary>reduced_hessian_x over the rows with <paramref name="label"/> (all rows when null); NaN when there are none.</summary>
    private static double InputTop(JetMlp model, Tensor x, Tensor y, int features, float? label)
    {
        using var scope = torch.NewDisposeScope();
        var rows = label is { } l ? torch.nonzero(y.eq(l)).reshape(-1) : torch.arange(y.shape[0], device: y.device);
        if (rows.shape[0] == 0) return double.NaN;
        var labels = y.index_select(0, rows);
        return ReducedHessian.InputTop(ClassifierLoss.PerSampleOfInputs(model, labels), x.index_select(0, rows), features);
    }

    /// <summary>Mean BCE of a batch whose gradient vanishes outside the real constituents' features: the entries the
    /// attacks may move. The mask comes from the batch itself (padding stays exactly 0, since its gradient is 0).</summary>
    private static Func<Tensor, Tensor, Tensor> ConstituentLoss(JetMlp model) => (inputs, labels) =>
    {
        var mask = JetLayout.ConstituentMask(inputs);
        var masked = inputs * mask + inputs.detach() * (1 - mask);
        return nn.functional.binary_cross_entropy_with_logits(model.call(masked), labels);
    };

    /// <summary>AUC under the same masked FGSM the fgsm attack trains with, in chunks.</summary>
    private static double FgsmAuc(JetMlp model, Tensor inputs, Tensor labels, double epsilon)
    {
        const int chunk = 4096;
        using var scope = torch.NewDisposeScope();
        var attacked = new List<Tensor>();
        for (long start = 0; start < inputs.shape[0]; start += chunk)
        {
            var length = Math.Min(chunk, inputs.shape[0] - start);
            attacked.Add(FeatureAttack.Fgsm(model, inputs.narrow(0, start, length), labels.narrow(0, start, length), epsilon));
        }
        return ClassifierEvaluation.Evaluate(model, torch.cat(attacked, 0), labels).Auc;
    }
}
