using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>How <see cref="Distillation.Run"/> trains the student.</summary>
public sealed record DistillationOptions
{
    /// <summary>Passes over the training set (default 5).</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Events per batch (default 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's learning rate (default 0.01).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>β, the weight of the distillation term against the label term (default 0.5, in [0, 1]).</summary>
    public double Beta { get; init; } = 0.5;

    /// <summary>T, the temperature that softens both models' probabilities (default 2, &gt; 0).</summary>
    public double Temperature { get; init; } = 2;
}

/// <summary>The outcome of a distillation: <c>distill_ratio</c> = <see cref="Ratio"/>.</summary>
/// <param name="StudentAuc">The student's AUC on the test set.</param>
/// <param name="TeacherAuc">The teacher's AUC on the test set.</param>
public sealed record DistillationResult(double StudentAuc, double TeacherAuc)
{
    /// <summary>Student AUC / teacher AUC.</summary>
    public double Ratio => StudentAuc / TeacherAuc;
}

/// <summary>
/// Knowledge distillation of a one-logit teacher into a smaller student with
/// L = (1−β)·BCE(z_s, y) + β·T²·KL(σ(z_t/T) ‖ σ(z_s/T)), the KL between the two Bernoulli distributions.
/// The teacher is not changed (its logits are computed once, in eval mode).
/// </summary>
public static class Distillation
{
    /// <summary>The distillation loss of one batch, averaged over it.</summary>
    public static Tensor Loss(Tensor studentLogits, Tensor teacherLogits, Tensor labels, double beta, double temperature)
    {
        using var scope = torch.NewDisposeScope();
        var bce = nn.functional.binary_cross_entropy_with_logits(studentLogits, labels);
        var student = studentLogits / temperature;
        var teacher = teacherLogits.detach() / temperature;
        // log σ(z) and log(1 − σ(z)) = log σ(−z), both stable for large |z|.
        var teacherP = torch.sigmoid(teacher);
        var kl = teacherP * (nn.functional.logsigmoid(teacher) - nn.functional.logsigmoid(student))
            + (1 - teacherP) * (nn.functional.logsigmoid(-teacher) - nn.functional.logsigmoid(-student));
        return ((1 - beta) * bce + beta * temperature * temperature * kl.mean()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Trains <paramref name="student"/> (freshly initialised by the caller, who seeds it, and on the data's device) with
    /// Adam on the training set, shuffled per epoch from <paramref name="seed"/>, then compares both models' test AUC.
    /// </summary>
    public static DistillationResult Run(nn.Module<Tensor, Tensor> teacher, nn.Module<Tensor, Tensor> student,
        Tensor trainInputs, Tensor trainLabels, Tensor testInputs, Tensor testLabels, DistillationOptions options, long seed)
    {
        if (!(options.Beta is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.Beta, "beta must be in [0, 1]");
        if (!(options.Temperature > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "temperature must be > 0");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        using var scope = torch.NewDisposeScope();
        var teacherLogits = torch.tensor(ClassifierEvaluation.Evaluate(teacher, trainInputs, trainLabels).Logits, device: trainInputs.device)
            .to(trainInputs.dtype);
        var rows = trainInputs.shape[0];
        using var optimizer = torch.optim.Adam(student.parameters(), options.LearningRate);
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            student.train();
            using var order = torch.tensor(SplitMix64.Derive(seed, epoch).Permutation(rows), device: trainInputs.device);
            for (long start = 0; start < rows; start += options.BatchSize)
            {
                using var batchScope = torch.NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(options.BatchSize, rows - start));
                optimizer.zero_grad();
                var loss = Loss(student.call(trainInputs.index_select(0, index)), teacherLogits.index_select(0, index),
                    trainLabels.index_select(0, index), options.Beta, options.Temperature);
                loss.backward();
                optimizer.step();
            }
        }
        return new DistillationResult(
            ClassifierEvaluation.Evaluate(student, testInputs, testLabels).Auc,
            ClassifierEvaluation.Evaluate(teacher, testInputs, testLabels).Auc);
    }
}
