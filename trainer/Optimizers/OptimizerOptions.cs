using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Optimizers;

/// <summary>
/// The optimiser of a trial and its settings, read from the request's parameters by <see cref="Parse"/>. The
/// property initialisers are the general defaults; a kind passes its own defaults (e.g. adam with lr 1e-3) to
/// <see cref="Parse"/> as an instance of this record.
/// </summary>
/// <remarks>
/// A parameter that does not apply to the chosen optimiser (say <c>radius</c> with <c>optimizer: sgd</c>) is
/// accepted and ignored, not rejected: a grid spec is a Cartesian product, so a sweep of
/// <c>optimizer: [sgd, rolling_ball]</c> × <c>radius: [...]</c> necessarily hands a radius to its sgd trials, and
/// rejecting it would make that comparison impossible to write. Every value is still range-checked.
/// </remarks>
public sealed record OptimizerOptions
{
    /// <summary>The parameter names this record reads, in the order a catalog lists them.</summary>
    public static readonly IReadOnlyList<string> ParameterNames =
        ["optimizer", "lr", "momentum", "weight_decay", "rho", "sam_base", "radius", "inner_steps", "inner_lr", "inner_horizon", "grad_clip"];

    /// <summary>Spec names of <see cref="OptimizerKind"/>, in enum order.</summary>
    public static readonly IReadOnlyList<string> OptimizerNames = ["sgd", "adam", "adamw", "sam", "rolling_ball"];

    /// <summary>Spec names of the optimisers <c>sam_base</c> accepts.</summary>
    public static readonly IReadOnlyList<string> SamBaseNames = ["sgd", "adam", "adamw"];

    /// <summary>Added to ‖g‖₂ in SAM's perturbation, so that a zero gradient gives a zero perturbation.</summary>
    public const double SamNormEpsilon = 1e-7;

    /// <summary>Largest <c>inner_steps</c>: each is a forward and backward pass per batch.</summary>
    public const int MaxInnerSteps = 10_000;

    /// <summary>The optimiser (<c>optimizer</c>: sgd, adam, adamw, sam or rolling_ball; default adam).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The learning rate (<c>lr</c>, default 0.001, &gt; 0): sgd/adam/adamw's, sam's base optimiser's, and
    /// rolling_ball's descent step η of the centre.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD momentum (<c>momentum</c>, default 0, 0 to 1); used by sgd and by sam over sgd.</summary>
    public double Momentum { get; init; }

    /// <summary>AdamW's decoupled weight decay (<c>weight_decay</c>, default 0.01 as in torch, ≥ 0); used by adamw
    /// and by sam over adamw only (sgd and adam run without weight decay).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>SAM's radius ρ (<c>rho</c>, default 0.05, ≥ 0): the weights move by e = ρ·g/(‖g‖₂ + 1e-7) over all
    /// parameters before the gradient that the base optimiser steps with is taken.</summary>
    public double Rho { get; init; } = 0.05;

    /// <summary>The optimiser SAM steps with (<c>sam_base</c>: sgd, adam or adamw; default sgd, as in Foret et al.);
    /// momentum, weight_decay and grad_clip apply to it as they would on its own.</summary>
    public OptimizerKind SamBase { get; init; } = OptimizerKind.Sgd;

    /// <summary>The rolling ball's radius ρ (<c>radius</c>, default 0.1, ≥ 0); 0 gives gradient descent up to
    /// O(η²·‖g‖²·curvature) per step, and only when the projection converges (see <see cref="InnerLearningRate"/>).</summary>
    public double Radius { get; init; } = 0.1;

    /// <summary>The rolling ball's projection steps K (<c>inner_steps</c>, default 20, 1 to
    /// <see cref="MaxInnerSteps"/>).</summary>
    public int InnerSteps { get; init; } = 20;

    /// <summary>The rolling ball's projection step size γ (<c>inner_lr</c>, default 0.05, &gt; 0), or
    /// <see cref="InnerHorizon"/>/K when <c>inner_horizon</c> is given. The projection converges when
    /// γ·(1 + ‖g‖²) &lt; 2 near the contact point; larger gradients need a smaller γ.</summary>
    public double InnerLearningRate { get; init; } = 0.05;

    /// <summary>The rolling ball's projection length T = K·γ (<c>inner_horizon</c>, &gt; 0, default absent: γ is
    /// <c>inner_lr</c>). When given, γ = T/K: the K inner steps follow the same gradient flow of the projection for the
    /// same time T, more finely as K grows, so that a grid over <c>inner_steps</c> alone compares a coarse and a fine
    /// projection (the paper's K = 20, γ = 0.05 is T = 1; K = 200 at T = 1 is γ = 0.005). Giving it together with
    /// <c>inner_lr</c> is an error.</summary>
    public double? InnerHorizon { get; init; }

    /// <summary>Largest L2 norm of the gradient over all parameters before a torch optimiser steps (<c>grad_clip</c>,
    /// default 0: off, ≥ 0). Applies to sgd, adam, adamw and sam's base step; rolling_ball ignores it, since clipping
    /// would tilt the ball's normal and change the geometry of the update.</summary>
    public double GradClip { get; init; }

    /// <summary>Reads the optimiser parameters; absent ones take their value from <paramref name="defaults"/>.
    /// Does not reject unknown parameters: the kind calls <see cref="TrialParameters.RejectUnknown"/> once it has
    /// read its own.</summary>
    /// <exception cref="TrialRequestException">A parameter is mistyped, out of range or not finite; the message names it
    /// and the allowed values.</exception>
    public static OptimizerOptions Parse(TrialParameters p, OptimizerOptions defaults)
    {
        var options = new OptimizerOptions
        {
            Optimizer = Choice(p, "optimizer", defaults.Optimizer, OptimizerNames),
            LearningRate = Positive(p, "lr", defaults.LearningRate),
            Momentum = Finite(p, "momentum", defaults.Momentum, max: 1),
            WeightDecay = Finite(p, "weight_decay", defaults.WeightDecay),
            Rho = Finite(p, "rho", defaults.Rho),
            SamBase = Choice(p, "sam_base", defaults.SamBase, SamBaseNames),
            Radius = Finite(p, "radius", defaults.Radius),
            InnerSteps = p.Int("inner_steps", defaults.InnerSteps, min: 1, max: MaxInnerSteps),
            InnerLearningRate = Positive(p, "inner_lr", defaults.InnerLearningRate),
            GradClip = Finite(p, "grad_clip", defaults.GradClip),
        };
        // Absent reads as NaN: TrialParameters rejects a NaN that is written, so NaN can only mean "not given".
        var horizon = p.Double("inner_horizon", double.NaN, min: 0);
        if (double.IsNaN(horizon)) return options;
        if (!(horizon > 0 && double.IsFinite(horizon)))
            throw new TrialRequestException("params.inner_horizon: must be greater than 0 and finite (allowed: a finite number > 0)");
        if (!double.IsNaN(p.Double("inner_lr", double.NaN)))
            throw new TrialRequestException("params.inner_horizon: given together with inner_lr (allowed: one of the two; inner_horizon sets inner_lr = inner_horizon / inner_steps)");
        return options with { InnerHorizon = horizon, InnerLearningRate = horizon / options.InnerSteps };
    }

    /// <summary>The spec name of <paramref name="kind"/>.</summary>
    public static string NameOf(OptimizerKind kind) => OptimizerNames[(int)kind];

    private static OptimizerKind Choice(TrialParameters p, string name, OptimizerKind fallback, IReadOnlyList<string> allowed)
    {
        var text = p.String(name, NameOf(fallback), [.. allowed]);
        return (OptimizerKind)OptimizerNames.ToList().IndexOf(text);
    }

    private static double Finite(TrialParameters p, string name, double fallback, double max = double.PositiveInfinity)
    {
        var value = p.Double(name, fallback, min: 0, max: max);
        return double.IsFinite(value) ? value : throw new TrialRequestException($"params.{name}: must be finite (allowed: a number >= 0)");
    }

    private static double Positive(TrialParameters p, string name, double fallback)
    {
        var value = Finite(p, name, fallback);
        return value > 0 ? value : throw new TrialRequestException($"params.{name}: must be greater than 0 (allowed: a finite number > 0)");
    }
}
