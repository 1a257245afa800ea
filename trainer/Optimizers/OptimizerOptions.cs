using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Optimizers;

/// <summary>
/// The optimiser of a trial and its settings, read from the request's parameters by <see cref="Parse"/>. The
/// property initialisers are the general defaults of <see cref="KindCatalog.OptimizerParams"/>; <see cref="Parse"/>
/// takes a kind's own defaults (e.g. adamw with weight_decay 1e-5) from that kind's catalog entries.
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
    public static readonly IReadOnlyList<string> ParameterNames = [.. KindCatalog.OptimizerParams.Select(p => p.Name)];

    /// <summary>Spec names of <see cref="OptimizerKind"/>, in enum order.</summary>
    public static readonly IReadOnlyList<string> OptimizerNames = ["sgd", "adam", "adamw", "sam", "rolling_ball"];

    /// <summary>Spec names of the optimisers <c>sam_base</c> accepts.</summary>
    public static readonly IReadOnlyList<string> SamBaseNames = ["sgd", "adam", "adamw"];

    /// <summary>Added to ‖g‖₂ in SAM's perturbation, so that a zero gradient gives a zero perturbation.</summary>
    public const double SamNormEpsilon = 1e-7;

    /// <summary>The optimiser (<c>optimizer</c>).</summary>
    public OptimizerKind Optimizer { get; init; } = FromName(General["optimizer"].DefaultText);

    /// <summary>The learning rate (<c>lr</c>): sgd/adam/adamw's, sam's base optimiser's, and
    /// rolling_ball's descent step η of the centre.</summary>
    public double LearningRate { get; init; } = General["lr"].DefaultNumber;

    /// <summary>SGD momentum (<c>momentum</c>); used by sgd and by sam over sgd.</summary>
    public double Momentum { get; init; } = General["momentum"].DefaultNumber;

    /// <summary>AdamW's decoupled weight decay (<c>weight_decay</c>; the general default is torch's); used by adamw
    /// and by sam over adamw only (sgd and adam run without weight decay).</summary>
    public double WeightDecay { get; init; } = General["weight_decay"].DefaultNumber;

    /// <summary>SAM's radius ρ (<c>rho</c>): the weights move by e = ρ·g/(‖g‖₂ + 1e-7) over all
    /// parameters before the gradient that the base optimiser steps with is taken.</summary>
    public double Rho { get; init; } = General["rho"].DefaultNumber;

    /// <summary>The optimiser SAM steps with (<c>sam_base</c>; the default sgd as in Foret et al.);
    /// momentum, weight_decay and grad_clip apply to it as they would on its own.</summary>
    public OptimizerKind SamBase { get; init; } = FromName(General["sam_base"].DefaultText);

    /// <summary>The rolling ball's radius ρ (<c>radius</c>); 0 gives gradient descent up to
    /// O(η²·‖g‖²·curvature) per step, and only when the projection converges (see <see
    /// cref="InnerLearningRate"/>).</summary>
    public double Radius { get; init; } = General["radius"].DefaultNumber;

    /// <summary>The rolling ball's projection steps K (<c>inner_steps</c>): each is a forward and backward pass per
    /// batch.</summary>
    public int InnerSteps { get; init; } = General["inner_steps"].DefaultInteger;

    /// <summary>The rolling ball's projection step size γ (<c>inner_lr</c>), or
    /// <see cref="InnerHorizon"/>/K when <c>inner_horizon</c> is given. The projection converges when
    /// γ·(1 + ‖g‖²) &lt; 2 near the contact point; larger gradients need a smaller γ.</summary>
    public double InnerLearningRate { get; init; } = General["inner_lr"].DefaultNumber;

    /// <summary>The rolling ball's projection length T = K·γ (<c>inner_horizon</c>). When given, γ = T/K: the K inner
    /// steps follow the same gradient flow of the projection for the
    /// same time T, more finely as K grows, so that a grid over <c>inner_steps</c> alone compares a coarse and a fine
    /// projection (the paper's K = 20, γ = 0.05 is T = 1; K = 200 at T = 1 is γ = 0.005). Giving it together with
    /// <c>inner_lr</c> is an error.</summary>
    public double? InnerHorizon { get; init; }

    /// <summary>Largest L2 norm of the gradient over all parameters before a torch optimiser steps (<c>grad_clip</c>; 0
    /// is off).
    /// Applies to sgd, adam, adamw and sam's base step; rolling_ball ignores it, since clipping
    /// would tilt the ball's normal and change the geometry of the update.</summary>
    public double GradClip { get; init; } = General["grad_clip"].DefaultNumber;

    /// <summary>Reads the optimiser parameters against <paramref name="kind"/>'s catalog entries (bounds and defaults);
    /// <paramref name="learningRate"/> is lr's default where the kind's depends on other parameters (adversarial's on
    /// the attack). Does not reject unknown parameters: the kind calls <see cref="TrialParameters.RejectUnknown"/> once
    /// it has read its own.</summary>
    /// <exception cref="TrialRequestException">A parameter is mistyped or out of range; the message names it and the
    /// allowed values.</exception>
    public static OptimizerOptions Parse(TrialParameters p, KindDefinition kind, double? learningRate = null)
    {
        var lr = kind["lr"];
        var options = new OptimizerOptions
        {
            Optimizer = FromName(p.Choice(kind["optimizer"])),
            LearningRate = learningRate is { } fallback ? p.Double(lr, fallback) : p.Double(lr),
            Momentum = p.Double(kind["momentum"]),
            WeightDecay = p.Double(kind["weight_decay"]),
            Rho = p.Double(kind["rho"]),
            SamBase = FromName(p.Choice(kind["sam_base"])),
            Radius = p.Double(kind["radius"]),
            InnerSteps = p.Int(kind["inner_steps"]),
            InnerLearningRate = p.Double(kind["inner_lr"]),
            GradClip = p.Double(kind["grad_clip"]),
        };
        if (p.OptionalDouble(kind["inner_horizon"]) is not { } horizon) return options;
        if (p.OptionalDouble(kind["inner_lr"]) is not null)
            throw new TrialRequestException("params.inner_horizon: given together with inner_lr (allowed: one of the two; inner_horizon sets inner_lr = inner_horizon / inner_steps)");
        return options with { InnerHorizon = horizon, InnerLearningRate = horizon / options.InnerSteps };
    }

    /// <summary>The options of a request that gives no optimiser parameter: <paramref name="kind"/>'s
    /// defaults.</summary>
    public static OptimizerOptions DefaultsOf(KindDefinition kind, double? learningRate = null) =>
        Parse(new TrialParameters(new Dictionary<string, JsonElement>()), kind, learningRate);

    /// <summary>The spec name of <paramref name="kind"/>.</summary>
    public static string NameOf(OptimizerKind kind) => OptimizerNames[(int)kind];

    private static OptimizerKind FromName(string name) => (OptimizerKind)OptimizerNames.ToList().IndexOf(name);

    /// <summary>The shared parameters with their general defaults (<see cref="KindCatalog.OptimizerParams"/>) as a
    /// definition of their own, for <see cref="Parse"/> outside a kind (tests) and for this record's
    /// initialisers.</summary>
    public static KindDefinition General => GeneralDefinition.Value;

    private static readonly Lazy<KindDefinition> GeneralDefinition = new(() => new("optimizer", KindCatalog.OptimizerParams, [], [], []));
}
