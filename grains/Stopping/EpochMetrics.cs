namespace Goldstone.Grains.Stopping;

/// <summary>
/// The metrics each kind reports after every epoch (the trainer's <c>epoch</c> lines), which are what a stopping rule
/// can compare: mostly not the final metrics the kind catalogue lists (soft_symmetry's per-epoch <c>val_auc</c> is no
/// final metric; its final <c>auc</c> is never reported per epoch). Read from trainer/Kinds/*Kind.cs; to move to
/// schema/ once the kind catalogue lists per-epoch metrics.
/// </summary>
public static class EpochMetrics
{
    private static readonly Dictionary<string, string[]> ByKind = new(StringComparer.Ordinal)
    {
        ["synthetic"] = ["loss"],
        ["soft_symmetry"] = ["loss", "bce", "penalty", "val_auc"],
        ["rg_clt"] = ["loss", "val_mse"],
        ["adversarial"] = ["loss", "val_auc", "epoch_seconds"],
        ["landscape"] = ["loss", "distance"],
    };

    /// <summary>The per-epoch metrics of <paramref name="kind"/>, or null for a kind not listed here.</summary>
    public static IReadOnlyList<string>? Of(string kind) => ByKind.GetValueOrDefault(kind);
}
