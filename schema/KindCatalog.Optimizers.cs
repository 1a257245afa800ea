namespace Goldstone.Schema;

/// <summary>
/// The defaults a kind gives the shared optimiser parameters (<see cref="KindCatalog.OptimizerParamsWith"/>). The
/// property initialisers are the general defaults (adam at lr 0.001, torch's AdamW weight decay 0.01, the rolling
/// ball's 0.1, 20 and 0.05 from the paper).
/// </summary>
public sealed record OptimizerDefaults
{
    /// <summary>The default <c>optimizer</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>The default <c>lr</c>; null when it depends on another parameter (<see cref="LearningRateNote"/>).</summary>
    public double? LearningRate { get; init; } = 1e-3;

    /// <summary>How <c>lr</c>'s default is chosen when <see cref="LearningRate"/> is null.</summary>
    public string? LearningRateNote { get; init; }

    /// <summary>The default <c>weight_decay</c>.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>The default <c>grad_clip</c> (0: off).</summary>
    public double GradClip { get; init; }
}

public static partial class KindCatalog
{
    /// <summary>
    /// The optimiser parameters every TorchSharp kind reads (trainer/Optimizers/OptimizerOptions) with the general
    /// defaults. A property, not a field: the kinds' fields in other files of this partial class initialise in an order
    /// nobody chooses, and a field could still be null.
    /// </summary>
    public static IReadOnlyList<ParamSchema> OptimizerParams => OptimizerParamsWith(new OptimizerDefaults());

    /// <summary>The optimiser parameters with a kind's own defaults: a kind's entry lists them with
    /// <c>Params: [.. own, .. OptimizerParamsWith(new() { … })]</c>.</summary>
    public static IReadOnlyList<ParamSchema> OptimizerParamsWith(OptimizerDefaults defaults) =>
    [
        new("optimizer", ParamKind.Choice, Choices: ["sgd", "adam", "adamw", "sam", "rolling_ball"], Default: defaults.Optimizer,
            Help: "the optimiser"),
        new("lr", ParamKind.Real, Min: 0, MinExclusive: true, Default: defaults.LearningRate, DefaultNote: defaults.LearningRateNote,
            Help: "learning rate: sgd/adam/adamw's, sam's base optimiser's, rolling_ball's descent step of the centre"),
        new("momentum", ParamKind.Real, Min: 0, Max: 1, Default: 0.0, Help: "SGD momentum (sgd, and sam over sgd)"),
        new("weight_decay", ParamKind.Real, Min: 0, Default: defaults.WeightDecay,
            Help: "decoupled weight decay (adamw, and sam over adamw; sgd and adam run without)"),
        new("rho", ParamKind.Real, Min: 0, Default: 0.05, Help: "SAM's radius: the weights move by rho·g/(‖g‖ + 1e-7) before the step's gradient"),
        new("sam_base", ParamKind.Choice, Choices: ["sgd", "adam", "adamw"], Default: "sgd", Help: "the optimiser SAM steps with"),
        new("radius", ParamKind.Real, Min: 0, Default: 0.1, Help: "the rolling ball's radius (0: gradient descent)"),
        new("inner_steps", ParamKind.Integer, Min: 1, Max: 10_000, Default: 20, Help: "the rolling ball's projection steps K"),
        new("inner_lr", ParamKind.Real, Min: 0, MinExclusive: true, Default: 0.05,
            Help: "the rolling ball's projection step size γ (converges when γ·(1 + ‖g‖²) < 2)"),
        new("inner_horizon", ParamKind.Real, Min: 0, MinExclusive: true, DefaultNote: "absent: inner_lr applies",
            Help: "the projection length T = K·γ; sets inner_lr = inner_horizon / inner_steps (not with inner_lr)"),
        new("grad_clip", ParamKind.Real, Min: 0, Default: defaults.GradClip,
            Help: "largest gradient L2 norm before a torch optimiser steps (0: off; rolling_ball ignores it)"),
    ];
}
