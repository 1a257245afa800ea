using Goldstone.Trainer.Optimizers;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using OptimizerHelper = TorchSharp.Modules.OptimizerHelper;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>
/// sgd, adam or adamw with the reference's learning-rate warm-up (mattstools' WarmupToConstant, configured by
/// configs/model/scheduler/warmup.yaml with num_steps 50 000 and stepped after every batch): the step that follows
/// t earlier steps runs at lr·min(t, W)/W, so the very first step has learning rate 0 and the full rate is reached
/// after W steps; W = 0 is no warm-up. Otherwise the same pass as the shared torch step: one forward and backward
/// pass, the gradient clipped to a total L2 norm of <c>gradClip</c> (0: off), then the optimiser's step.
/// </summary>
public sealed class WarmupStep : ITrainingStep
{
    private readonly OptimizerHelper _optimizer;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly double _learningRate;
    private readonly int _warmupSteps;
    private readonly double _gradClip;

    /// <summary>Creates the torch optimiser <paramref name="options"/> name over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The optimiser is not sgd, adam or adamw.</exception>
    public WarmupStep(OptimizerOptions options, IReadOnlyList<Parameter> parameters, int warmupSteps, double gradClip)
    {
        _optimizer = options.Optimizer switch
        {
            OptimizerKind.Sgd => torch.optim.SGD(parameters, options.LearningRate, momentum: options.Momentum),
            OptimizerKind.Adam => torch.optim.Adam(parameters, options.LearningRate),
            OptimizerKind.AdamW => torch.optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay),
            var other => throw new ArgumentException($"{OptimizerOptions.NameOf(other)} is not a torch optimiser", nameof(options)),
        };
        _parameters = parameters;
        _learningRate = options.LearningRate;
        _warmupSteps = warmupSteps;
        _gradClip = gradClip;
    }

    /// <summary>Steps taken so far over the whole trial; the trainer sets it at the start of every epoch, so a
    /// resumed trial continues the warm-up where it stopped.</summary>
    public long StepsTaken { get; set; }

    /// <summary>True for the optimisers this step runs (sgd, adam, adamw).</summary>
    public static bool Supports(OptimizerKind kind) => kind is OptimizerKind.Sgd or OptimizerKind.Adam or OptimizerKind.AdamW;

    /// <summary>The learning rate of the step after <paramref name="stepsTaken"/> steps: (lr/W)·t up to t = W, then lr
    /// (the division first, as the reference computes it).</summary>
    public static double LearningRateAt(double learningRate, int warmupSteps, long stepsTaken) =>
        warmupSteps == 0 || stepsTaken >= warmupSteps ? learningRate : learningRate / warmupSteps * stepsTaken;

    /// <inheritdoc />
    public double Step(Func<Tensor> lossOfCurrentBatch)
    {
        var rate = LearningRateAt(_learningRate, _warmupSteps, StepsTaken);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = rate;
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        var loss = lossOfCurrentBatch();
        if (loss.numel() != 1) throw new ArgumentException($"the loss must be a scalar, got shape [{string.Join(", ", loss.shape)}]", nameof(lossOfCurrentBatch));
        var value = loss.detach().to_type(ScalarType.Float64).item<double>();
        loss.backward();
        if (_gradClip > 0) torch.nn.utils.clip_grad_norm_(_parameters, _gradClip);
        _optimizer.step();
        StepsTaken++;
        return value;
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer) => _optimizer.save_state_dict(writer);

    /// <inheritdoc />
    public void LoadState(BinaryReader reader) => _optimizer.load_state_dict(reader);

    /// <inheritdoc />
    public void Dispose() => _optimizer.Dispose();
}
