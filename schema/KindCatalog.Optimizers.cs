namespace Goldstone.Schema;

public static partial class KindCatalog
{
    /// <summary>
    /// The optimiser parameters every TorchSharp kind reads (trainer/Optimizers/OptimizerOptions): a kind's entry
    /// lists them with <c>Params: [.. own, .. OptimizerParams]</c>. A property, not a field: the kinds' fields in
    /// other files of this partial class initialise in an order nobody chooses, and a field could still be null.
    /// </summary>
    public static IReadOnlyList<ParamSchema> OptimizerParams =>
    [
        new("optimizer", ParamKind.Choice, Choices: ["sgd", "adam", "adamw", "sam", "rolling_ball"]),
        new("lr", ParamKind.Real, Min: 0, MinExclusive: true),
        new("momentum", ParamKind.Real, Min: 0, Max: 1),
        new("weight_decay", ParamKind.Real, Min: 0),
        new("rho", ParamKind.Real, Min: 0),
        new("sam_base", ParamKind.Choice, Choices: ["sgd", "adam", "adamw"]),
        new("radius", ParamKind.Real, Min: 0),
        new("inner_steps", ParamKind.Integer, Min: 1, Max: 10_000),
        new("inner_lr", ParamKind.Real, Min: 0, MinExclusive: true),
        new("inner_horizon", ParamKind.Real, Min: 0, MinExclusive: true),
        new("grad_clip", ParamKind.Real, Min: 0),
    ];
}
