namespace Goldstone.Trainer.Optimizers;

/// <summary>The optimisers a spec can name in <c>optimizer</c>.</summary>
public enum OptimizerKind
{
    /// <summary><c>sgd</c>: torch's SGD with <c>momentum</c>.</summary>
    Sgd,

    /// <summary><c>adam</c>: torch's Adam (β = 0.9, 0.999; ε = 1e-8; no weight decay).</summary>
    Adam,

    /// <summary><c>adamw</c>: torch's AdamW with decoupled <c>weight_decay</c>.</summary>
    AdamW,

    /// <summary><c>sam</c>: sharpness-aware minimisation (radius <c>rho</c>) around a base optimiser (<c>sam_base</c>).</summary>
    Sam,

    /// <summary><c>rolling_ball</c>: the rolling-ball update of WORKLOADS.md D (<c>radius</c>, <c>inner_steps</c>, <c>inner_lr</c>).</summary>
    RollingBall,
}
