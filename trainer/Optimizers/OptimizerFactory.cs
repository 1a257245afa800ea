using TorchSharp;
using TorchSharp.Modules;

namespace Goldstone.Trainer.Optimizers;

/// <summary>Creates the <see cref="ITrainingStep"/> that <see cref="OptimizerOptions"/> describe.</summary>
public static class OptimizerFactory
{
    /// <summary>An optimiser over <paramref name="parameters"/>; dispose it with the model.</summary>
    /// <exception cref="ArgumentException">No parameters.</exception>
    public static ITrainingStep Create(OptimizerOptions options, IEnumerable<Parameter> parameters)
    {
        var list = parameters.ToArray();
        if (list.Length == 0) throw new ArgumentException("no parameters to optimise", nameof(parameters));
        return options.Optimizer switch
        {
            OptimizerKind.Sam => new SamStep(TorchOptimizer(options.SamBase, options, list), list, options.Rho, options.GradClip),
            OptimizerKind.RollingBall => new RollingBallStep(list, options.LearningRate, options.Radius, options.InnerSteps, options.InnerLearningRate),
            var kind => new TorchOptimizerStep(TorchOptimizer(kind, options, list), list, options.GradClip),
        };
    }

    private static OptimizerHelper TorchOptimizer(OptimizerKind kind, OptimizerOptions options, IReadOnlyList<Parameter> parameters) => kind switch
    {
        OptimizerKind.Sgd => torch.optim.SGD(parameters, options.LearningRate, momentum: options.Momentum),
        // Torch's update with its Scalars held through each native call (the GC race of Common.RootedScalars); same bits.
        OptimizerKind.Adam => new HeldScalars.Adam(parameters, options.LearningRate),
        OptimizerKind.AdamW => torch.optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a torch optimiser"),
    };
}
