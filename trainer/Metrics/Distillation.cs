using Goldstone.Trainer.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Metrics;

/// <summary>How <see cref="Distillation.Run"/> trains the student.</summary>
public sealed record DistillationOptions
{
    /// <summary>Passes over the transfer set (default 5).</summary>
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

/// <summary>The outcome of a distillation: <c>distill_ratio</c> = <see cref="Ratio"/> (of its control: <c>distill_control_ratio</c>).</summary>
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
    /// Adam on the transfer set, shuffled per epoch from <paramref name="seed"/>, against the teacher's logits on it and
    /// its labels, then compares both models' test AUC. The transfer set should lie apart from the teacher's training
    /// data, so that the student learns the teacher's function and not the labels the teacher memorised.
    /// </summary>
    public static DistillationResult Run(nn.Module<Tensor, Tensor> teacher, nn.Module<Tensor, Tensor> student,
        Tensor transferInputs, Tensor transferLabels, Tensor testInputs, Tensor testLabels, DistillationOptions options, long seed)
    {
        Validate(options);
        using var scope = torch.NewDisposeScope();
        var teacherLogits = torch.tensor(ClassifierEvaluation.Evaluate(teacher, transferInputs, transferLabels).Logits, device: transferInputs.device)
            .to(transferInputs.dtype);
        Train(student, transferInputs, transferLabels, teacherLogits, options, seed);
        return Compare(teacher, student, testInputs, testLabels);
    }

    /// <summary>
    /// The control of <see cref="Run"/>: the same student, transfer set, schedule and shuffles, trained on the labels
    /// alone (the BCE, no teacher term; <see cref="DistillationOptions.Beta"/> and the temperature are not used). Its
    /// AUC over the teacher's says how much of <c>distill_ratio</c> a student reaches without any teacher.
    /// </summary>
    public static DistillationResult Control(nn.Module<Tensor, Tensor> teacher, nn.Module<Tensor, Tensor> student,
        Tensor transferInputs, Tensor transferLabels, Tensor testInputs, Tensor testLabels, DistillationOptions options, long seed)
    {
        Validate(options);
        using var scope = torch.NewDisposeScope();
        Train(student, transferInputs, transferLabels, teacherLogits: null, options, seed);
        return Compare(teacher, student, testInputs, testLabels);
    }

    private static void Validate(DistillationOptions options)
    {
        if (!(options.Beta is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.Beta, "beta must be in [0, 1]");
        if (!(options.Temperature > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "temperature must be > 0");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
    }

    /// <summary>Adam on the distillation loss, or on the BCE alone when <paramref name="teacherLogits"/> is null.</summary>
    private static void Train(nn.Module<Tensor, Tensor> student, Tensor inputs, Tensor labels, Tensor? teacherLogits,
        DistillationOptions options, long seed)
    {
        var rows = inputs.shape[0];
        using var optimizer = torch.optim.Adam(student.parameters(), options.LearningRate);
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            student.train();
            using var order = torch.tensor(SplitMix64.Derive(seed, epoch).Permutation(rows), device: inputs.device);
            for (long start = 0; start < rows; start += options.BatchSize)
            {
                using var batchScope = torch.NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(options.BatchSize, rows - start));
                optimizer.zero_grad();
                var logits = student.call(inputs.index_select(0, index));
                var y = labels.index_select(0, index);
                var loss = teacherLogits is null
                    ? nn.functional.binary_cross_entropy_with_logits(logits, y)
                    : Loss(logits, teacherLogits.index_select(0, index), y, options.Beta, options.Temperature);
                loss.backward();
                optimizer.step();
            }
        }
    }

    private static DistillationResult Compare(nn.Module<Tensor, Tensor> teacher, nn.Module<Tensor, Tensor> student, Tensor testInputs, Tensor testLabels) =>
        new(ClassifierEvaluation.Evaluate(student, testInputs, testLabels).Auc, ClassifierEvaluation.Evaluate(teacher, testInputs, testLabels).Auc);
}
