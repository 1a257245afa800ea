using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>A classifier's logits on a set, with its mean BCE and ROC AUC (taken on logits, which saturate later
/// than probabilities and so tie less).</summary>
/// <param name="Loss">Mean binary cross-entropy.</param>
/// <param name="Auc">ROC AUC (<see cref="RocAuc"/>).</param>
/// <param name="Logits">One logit per event.</param>
/// <param name="Labels">The 0/1 labels.</param>
public sealed record ClassifierScores(double Loss, double Auc, float[] Logits, float[] Labels)
{
    /// <summary><see cref="Metrics.BackgroundRejection.Compute"/> at signal efficiency <paramref name="signalEfficiency"/>.</summary>
    public double BackgroundRejection(double signalEfficiency) => Metrics.BackgroundRejection.Compute(Logits, Labels, signalEfficiency);
}

/// <summary>Evaluates a one-logit classifier on a whole set in chunks, without a graph, on the inputs' device; the
/// logits are read back to the CPU for the ROC.</summary>
public static class ClassifierEvaluation
{
    private const int Chunk = 65_536;

    /// <summary>Puts <paramref name="model"/> in eval mode and scores inputs [N, …] against float labels [N].</summary>
    public static ClassifierScores Evaluate(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels)
    {
        var rows = inputs.shape[0];
        if (labels.ndim != 1 || labels.shape[0] != rows)
            throw new ArgumentException($"labels must be [{rows}], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = new float[rows];
        double lossSum = 0;
        for (long start = 0; start < rows; start += Chunk)
        {
            using var chunkScope = torch.NewDisposeScope();
            var length = Math.Min(Chunk, rows - start);
            var part = model.call(inputs.narrow(0, start, length)).to(ScalarType.Float32);
            if (!part.shape.SequenceEqual([length]))
                throw new ArgumentException($"the model must return one logit per event, got [{string.Join(", ", part.shape)}]", nameof(model));
            lossSum += nn.functional.binary_cross_entropy_with_logits(part, labels.narrow(0, start, length).to(ScalarType.Float32),
                reduction: nn.Reduction.Sum).to(ScalarType.Float64).item<double>();
            part.cpu().data<float>().CopyTo(logits, (int)start);
        }
        var labelValues = labels.to(ScalarType.Float32).cpu().data<float>().ToArray();
        return new ClassifierScores(lossSum / rows, RocAuc.Compute(logits, labelValues), logits, labelValues);
    }
}
