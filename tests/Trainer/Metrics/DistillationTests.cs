using Goldstone.Trainer.Metrics;
using Goldstone.Trainer.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class DistillationTests
{
    public DistillationTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Loss_BetaZero_IsTheBinaryCrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        var student = torch.tensor(new double[] { 0.3, -1.2, 2 });
        var teacher = torch.tensor(new double[] { -4, 1, 0 });
        var labels = torch.tensor(new double[] { 1, 0, 1 });

        var loss = Distillation.Loss(student, teacher, labels, beta: 0, temperature: 2);

        Assert.Equal(nn.functional.binary_cross_entropy_with_logits(student, labels).item<double>(), loss.item<double>(), 15);
    }

    [Fact]
    public void Loss_StudentEqualsTeacher_HasNoDistillationTerm()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new double[] { 0.3, -12, 25 });

        var loss = Distillation.Loss(logits, logits.clone(), torch.tensor(new double[] { 1, 0, 1 }), beta: 1, temperature: 3);

        Assert.Equal(0, loss.item<double>(), 12);
    }

    [Fact]
    public void Loss_OneEvent_IsTheHandComputedBinaryKl()
    {
        using var scope = torch.NewDisposeScope();
        // T = 2: p_t = σ(1), p_s = σ(−0.5); KL = p_t ln(p_t/p_s) + (1 − p_t) ln((1 − p_t)/(1 − p_s)), times T² = 4.
        var pt = 1 / (1 + Math.Exp(-1));
        var ps = 1 / (1 + Math.Exp(0.5));
        var kl = pt * Math.Log(pt / ps) + (1 - pt) * Math.Log((1 - pt) / (1 - ps));
        var bce = -Math.Log(1 / (1 + Math.Exp(-1)));

        var loss = Distillation.Loss(torch.tensor(new[] { -1.0 }), torch.tensor(new[] { 2.0 }), torch.tensor(new[] { 0.0 }), beta: 0.25, temperature: 2);

        Assert.Equal(0.75 * bce + 0.25 * 4 * kl, loss.item<double>(), 12);
    }

    [Fact]
    public void Run_SameSeedAndInitialisation_GivesTheSameRatioAndLeavesTheTeacher()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([600, 4], generator: new Generator(1));
        var y = (x[.., 0] * x[.., 1] + x[.., 2]).gt(0).to(ScalarType.Float32);
        torch.manual_seed(2);
        using var teacher = new Mlp(torch.zeros(4), torch.ones(4), 16, 2, Activation.Relu);
        var teacherBefore = teacher.parameters().Select(p => p.detach().clone()).ToArray();
        var options = new DistillationOptions { Epochs = 2, BatchSize = 64 };

        var first = RunOnce(teacher, x, y, options);
        var second = RunOnce(teacher, x, y, options);

        Assert.Equal(first, second);
        Assert.InRange(first.StudentAuc, 0, 1);
        Assert.Equal(first.StudentAuc / first.TeacherAuc, first.Ratio);
        Assert.All(teacher.parameters().Zip(teacherBefore), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
    }

    [Fact]
    public void Control_IsTheSameStudentTrainedOnLabelsAlone()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([600, 4], generator: new Generator(1));
        var y = (x[.., 0] * x[.., 1] + x[.., 2]).gt(0).to(ScalarType.Float32);
        torch.manual_seed(2);
        using var teacher = new Mlp(torch.zeros(4), torch.ones(4), 16, 2, Activation.Relu);
        var options = new DistillationOptions { Epochs = 2, BatchSize = 64 };

        var control = Once(teacher, x, y, options, control: true);
        var labelsOnly = Once(teacher, x, y, options with { Beta = 0 }, control: false);
        var distilled = Once(teacher, x, y, options with { Beta = 1 }, control: false);

        // β = 0 leaves the BCE alone (1·BCE + 0·KL): the same updates, bit for bit, as the control's.
        Assert.Equal(labelsOnly, control);
        Assert.Equal(control, Once(teacher, x, y, options with { Beta = 0.7, Temperature = 5 }, control: true));
        Assert.NotEqual(distilled.StudentAuc, control.StudentAuc);
        Assert.Equal(distilled.TeacherAuc, control.TeacherAuc);
    }

    [Fact]
    public void Run_BetaOutOfRange_Throws()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Mlp(torch.zeros(2), torch.ones(2), 2, 1, Activation.Relu);
        var x = torch.zeros([4, 2]);
        var y = torch.tensor(new float[] { 0, 1, 0, 1 });

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Distillation.Run(model, model, x, y, x, y, new DistillationOptions { Beta = 1.5 }, 1));
    }

    private static DistillationResult Once(Mlp teacher, Tensor x, Tensor y, DistillationOptions options, bool control)
    {
        torch.manual_seed(3);
        using var student = new Mlp(torch.zeros(4), torch.ones(4), 4, 1, Activation.Relu);
        var (transferX, transferY, testX, testY) = (x.narrow(0, 0, 400), y.narrow(0, 0, 400), x.narrow(0, 400, 200), y.narrow(0, 400, 200));
        return control
            ? Distillation.Control(teacher, student, transferX, transferY, testX, testY, options, 9)
            : Distillation.Run(teacher, student, transferX, transferY, testX, testY, options, 9);
    }

    private static DistillationResult RunOnce(Mlp teacher, Tensor x, Tensor y, DistillationOptions options)
    {
        torch.manual_seed(3);
        using var student = new Mlp(torch.zeros(4), torch.ones(4), 4, 1, Activation.Relu);
        return Distillation.Run(teacher, student, x.narrow(0, 0, 400), y.narrow(0, 0, 400), x.narrow(0, 400, 200), y.narrow(0, 400, 200), options, 9);
    }
}
