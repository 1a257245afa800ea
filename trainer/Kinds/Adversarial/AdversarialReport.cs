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
/// The end-of-trial metrics of <c>adversarial</c>, each computed only when requested. The sharpness and reduced-Hessian
/// metrics are measured per class (QCD, H→bb̄) and tune on metric_batches batches of metric_batch_size test jets of
/// that class (<see cref="AdversarialCurvature"/>); robust_fgsm@ε attacks every test jet's constituent inputs in
/// eval mode.
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
        if (wanted.Wants(ShiftAuc) || wanted.Wants(ShiftGap) || wanted.Instances(AdversarialMetrics.ShiftBackgroundRejectionAt).Any())
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

        foreach (var metric in AdversarialMetrics.CurvatureMetrics)
        {
            var bareWanted = wanted.Wants(metric);
            foreach (var shifted in new[] { false, true })
            {
                var values = new List<double>();
                foreach (var (suffix, label) in AdversarialMetrics.Classes)
                {
                    var name = AdversarialMetrics.PerClass(metric, shifted, suffix);
                    if (!wanted.Wants(name) && !(bareWanted && !shifted)) continue;
                    cancellationToken.ThrowIfCancellationRequested();
                    var value = Measure(model, metric, shifted ? data.ShiftedTestX! : data.TestX, shifted ? data.ShiftedTestY! : data.TestY, label, options);
                    if (wanted.Wants(name)) result[name] = value;
                    values.Add(value);
                }
                if (bareWanted && !shifted) result[metric] = values.Average();
            }
        }
        model.eval();
        return result;
    }

    private static double Measure(JetMlp model, string metric, Tensor x, Tensor y, float label, AdversarialOptions options)
    {
        using var scope = torch.NewDisposeScope();
        var batches = AdversarialCurvature.ClassBatches(x, y, label, options.MetricBatches, options.MetricBatchSize);
        return metric switch
        {
            SharpnessW => AdversarialCurvature.SharpnessW(model, batches, options.SharpnessSteps, options.SharpnessStep),
            SharpnessX => AdversarialCurvature.SharpnessX(model, batches, options.SharpnessSteps, options.SharpnessStep),
            ReducedHessianW => AdversarialCurvature.ReducedHessianW(model, batches),
            ReducedHessianX => AdversarialCurvature.ReducedHessianX(model, batches, options.InputHessianFeatures),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a curvature metric"),
        };
    }

    /// <summary>AUC under an FGSM of every jet's constituent inputs (padding included), eval mode, in chunks.</summary>
    private static double FgsmAuc(JetMlp model, Tensor inputs, Tensor labels, double epsilon)
    {
        const int chunk = 4096;
        using var scope = torch.NewDisposeScope();
        model.eval();
        var attacked = new List<Tensor>();
        for (long start = 0; start < inputs.shape[0]; start += chunk)
        {
            var length = Math.Min(chunk, inputs.shape[0] - start);
            attacked.Add(FeatureAttack.Fgsm(model, inputs.narrow(0, start, length), labels.narrow(0, start, length), epsilon));
        }
        return ClassifierEvaluation.Evaluate(model, torch.cat(attacked, 0), labels).Auc;
    }
}
