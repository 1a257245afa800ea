using Goldstone.Trainer.Data;
using Goldstone.Trainer.Models;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>The parameters of a <c>soft_symmetry</c> trial; every one is optional.</summary>
public sealed record SoftSymmetryOptions
{
    /// <summary>Largest train or test size accepted, so that a file's train and test features together fit one managed array.</summary>
    public const int MaxEvents = 30_000_000;

    /// <summary>Hidden units per layer (<c>width</c>, default 32, 1 to 4096).</summary>
    public int Width { get; init; } = 32;

    /// <summary>Hidden layers (<c>depth</c>, default 2, 1 to 64).</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Hidden nonlinearity (<c>activation</c>: relu, tanh or silu; default relu).</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>λ, the weight of the symmetry penalty (<c>penalty</c>, default 0, ≥ 0).</summary>
    public double Penalty { get; init; }

    /// <summary>The symmetry the penalty enforces (<c>symmetry</c>: rotation or zflip; default rotation).</summary>
    public HiggsSymmetry Symmetry { get; init; } = HiggsSymmetry.Rotation;

    /// <summary>Adam's learning rate (<c>lr</c>, default 0.001, &gt; 0).</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Events per batch (<c>batch_size</c>, default 256, ≥ 1).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Training events (<c>train_size</c>, default 4000, 1 to <see cref="MaxEvents"/>).</summary>
    public int TrainSize { get; init; } = 4000;

    /// <summary>Test events, nominal and shifted each (<c>test_size</c>, default 4000, 1 to <see cref="MaxEvents"/>).</summary>
    public int TestSize { get; init; } = 4000;

    /// <summary>Shift of the evaluation-only tune (<c>shift_scale</c>, default 0.05, −0.9 to 10): jet scale 1 + s, extra smearing |s|.</summary>
    public double ShiftScale { get; init; } = 0.05;

    /// <summary>A HIGGS CSV file to read instead of generating (<c>data_path</c>, default empty: generate); a relative
    /// path resolves against the trainer's working directory.</summary>
    public string DataPath { get; init; } = "";

    /// <summary>Most power-iteration steps for <c>hessian_top</c> (<c>hessian_iterations</c>, default 20, 1 to 1000).</summary>
    public int HessianIterations { get; init; } = 20;

    /// <summary>Training events in the fixed batch of <c>hessian_top</c> (<c>hessian_batch</c>, default 1024, ≥ 1).</summary>
    public int HessianBatch { get; init; } = 1024;

    /// <summary>Reads the options from a request's parameters.</summary>
    /// <exception cref="TrialRequestException">A parameter is unknown, mistyped or out of range.</exception>
    public static SoftSymmetryOptions Parse(TrialParameters p)
    {
        var defaults = new SoftSymmetryOptions();
        var options = new SoftSymmetryOptions
        {
            Width = p.Int("width", defaults.Width, min: 1, max: 4096),
            Depth = p.Int("depth", defaults.Depth, min: 1, max: 64),
            Activation = Enum.Parse<Activation>(p.String("activation", "relu", "relu", "tanh", "silu"), ignoreCase: true),
            Penalty = p.Double("penalty", defaults.Penalty, min: 0),
            Symmetry = p.String("symmetry", "rotation", "rotation", "zflip") == "zflip" ? HiggsSymmetry.ZFlip : HiggsSymmetry.Rotation,
            LearningRate = p.Double("lr", defaults.LearningRate, min: 0),
            BatchSize = p.Int("batch_size", defaults.BatchSize, min: 1),
            TrainSize = p.Int("train_size", defaults.TrainSize, min: 1, max: MaxEvents),
            TestSize = p.Int("test_size", defaults.TestSize, min: 1, max: MaxEvents),
            ShiftScale = p.Double("shift_scale", defaults.ShiftScale, min: -0.9, max: 10),
            DataPath = p.String("data_path", defaults.DataPath),
            HessianIterations = p.Int("hessian_iterations", defaults.HessianIterations, min: 1, max: 1000),
            HessianBatch = p.Int("hessian_batch", defaults.HessianBatch, min: 1),
        };
        p.RejectUnknown();
        if (options.LearningRate == 0) throw new TrialRequestException("params.lr: must be greater than 0");
        if (double.IsInfinity(options.Penalty) || double.IsInfinity(options.LearningRate))
            throw new TrialRequestException("params: penalty and lr must be finite");
        return options;
    }
}
