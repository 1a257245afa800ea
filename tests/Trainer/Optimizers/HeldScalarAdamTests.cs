using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Optimizers;

/// <summary>The Adam that holds its Scalars is TorchSharp's Adam, bit for bit and file for file.</summary>
public sealed class HeldScalarAdamTests
{
    public HeldScalarAdamTests() => TorchTestSetup.Ensure();

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Step_FiftySteps_EqualTorchsAdamBitForBit(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        using var ours = new TinyMlpProblem(dtype);
        using var reference = new TinyMlpProblem(dtype);
        using var held = new Goldstone.Trainer.Optimizers.HeldScalars.Adam(ours.Parameters, 0.01);
        using var adam = torch.optim.Adam(reference.Parameters, 0.01);

        for (var i = 0; i < 50; i++)
        {
            using var batch = torch.NewDisposeScope();
            foreach (var (problem, optimizer) in new (TinyMlpProblem, optim.Optimizer)[] { (ours, held), (reference, adam) })
            {
                optimizer.zero_grad();
                problem.Loss().backward();
                optimizer.step();
            }
        }

        Assert.NotEqual(new TinyMlpProblem(dtype).Snapshot(), ours.Snapshot());
        Assert.Equal(reference.Snapshot(), ours.Snapshot());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadStateDict_FromTheOtherAdam_ContinuesBitForBit(bool torchWrites)
    {
        var file = Path.GetTempFileName();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var ours = new TinyMlpProblem(ScalarType.Float32);
            using var reference = new TinyMlpProblem(ScalarType.Float32);
            using var writer = Create(ours, torchWrites);
            using var adam = torch.optim.Adam(reference.Parameters, 0.01);
            for (var i = 0; i < 5; i++)
            {
                Step(ours, writer);
                Step(reference, adam);
            }
            writer.save_state_dict(file);
            using var reader = Create(ours, !torchWrites);
            reader.load_state_dict(file);

            for (var i = 0; i < 5; i++)
            {
                Step(ours, reader);
                Step(reference, adam);
            }

            Assert.Equal(reference.Snapshot(), ours.Snapshot());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static TorchSharp.Modules.OptimizerHelper Create(TinyMlpProblem problem, bool torchs) => torchs
        ? torch.optim.Adam(problem.Parameters, 0.01)
        : new Goldstone.Trainer.Optimizers.HeldScalars.Adam(problem.Parameters, 0.01);

    private static void Step(TinyMlpProblem problem, optim.Optimizer optimizer)
    {
        using var batch = torch.NewDisposeScope();
        optimizer.zero_grad();
        problem.Loss().backward();
        optimizer.step();
    }
}
