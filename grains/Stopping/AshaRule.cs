using Goldstone.Contracts;

namespace Goldstone.Grains.Stopping;

/// <summary>
/// Asynchronous successive halving (Li et al. 2018, "A System for Massively Parallel Hyperparameter Tuning"), in
/// the stopping form of Optuna's SuccessiveHalvingPruner: rung k sits at epoch <c>min_epochs·η^k</c>. A trial
/// that reaches a rung goes on when its value is at least as good as the ⌊n/η⌋-th best (at least the best) of the n
/// values recorded at that rung so far, its own included; otherwise it stops. Ties go on.
/// </summary>
public sealed class AshaRule(int minEpochs, int reductionFactor, bool maximize) : IStoppingRule
{
    /// <summary>The spec's name of the algorithm.</summary>
    public const string Name = "asha";

    /// <inheritdoc />
    public int? RungAt(int epoch)
    {
        if (epoch < minEpochs) return null;
        long rungEpoch = minEpochs;
        for (var rung = 0; rungEpoch <= epoch; rung++, rungEpoch *= reductionFactor)
            if (rungEpoch == epoch) return rung;
        return null;
    }

    /// <inheritdoc />
    public StopVerdict Decide(int rung, int epoch, RungEntry candidate, IReadOnlyList<RungEntry> earlier)
    {
        var values = earlier.Select(e => e.Value).Append(candidate.Value).ToList();
        values.Sort();
        if (maximize) values.Reverse();
        var kept = Math.Max(1, values.Count / reductionFactor);
        var cutoff = values[kept - 1];
        if (!StoppingRules.Worse(candidate.Value, cutoff, maximize)) return new StopVerdict(false, null);
        return new StopVerdict(true,
            $"asha rung {rung} (epoch {epoch}): {StoppingRules.Format(candidate.Value)} is not in the best {kept} of {values.Count} (cutoff {StoppingRules.Format(cutoff)})");
    }
}
