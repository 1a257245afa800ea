using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>The metrics of a <c>landscape</c> trial: all cheap, so all are always reported.</summary>
public static class LandscapeMetrics
{
    /// <summary>f(θ) at the end point.</summary>
    public const string FinalLoss = "final_loss";

    /// <summary>f''(θ) on 1-D surfaces, the top eigenvalue of the 2×2 Hessian on 2-D ones, at the end point.</summary>
    public const string Curvature = "curvature";

    /// <summary>1 if the loss or θ became non-finite or some |θᵢ| exceeded divergence_bound, else 0.</summary>
    public const string Diverged = "diverged";

    /// <summary>‖θ_end − θ₀‖₂.</summary>
    public const string Distance = "distance";

    /// <summary>Every metric, in the order a catalog lists them.</summary>
    public static readonly IReadOnlyList<string> All = [FinalLoss, Curvature, Diverged, Distance];

    /// <summary>Checks the names a request asks for.</summary>
    /// <exception cref="TrialRequestException">A name is not a metric of this kind.</exception>
    public static void Validate(IEnumerable<string> names)
    {
        foreach (var name in names)
            if (!All.Contains(name, StringComparer.Ordinal))
                throw new TrialRequestException($"metrics: unknown metric '{name}' for kind landscape (allowed: {string.Join(", ", All)})");
    }
}
