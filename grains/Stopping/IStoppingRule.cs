using Goldstone.Contracts;

namespace Goldstone.Grains.Stopping;

/// <summary>
/// An early-stopping rule (a pruner, in Optuna's words): where its rungs are, and whether a trial that reaches one
/// goes on, given the entries other trials brought to that rung before it. Pure, so a decision is a function of its
/// inputs; the rung grain supplies those in the order it decided them and persists each decision.
/// </summary>
public interface IStoppingRule
{
    /// <summary>The rung at <paramref name="epoch"/>, or null when the rule decides nothing there.</summary>
    int? RungAt(int epoch);

    /// <summary>The decision on <paramref name="candidate"/> at <paramref name="rung"/> against the entries recorded there before it.</summary>
    StopVerdict Decide(int rung, int epoch, RungEntry candidate, IReadOnlyList<RungEntry> earlier);
}

/// <summary>Builds the rule a <see cref="StoppingConfig"/> names.</summary>
public static class StoppingRules
{
    /// <summary>The algorithm names a spec may give.</summary>
    public static readonly string[] Algorithms = [AshaRule.Name, MedianRule.Name];

    /// <summary>The rule of <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">The algorithm is unknown.</exception>
    public static IStoppingRule For(StoppingConfig config) => config.Algorithm switch
    {
        AshaRule.Name => new AshaRule(config.MinEpochs, config.ReductionFactor, config.Maximize),
        MedianRule.Name => new MedianRule(config.MinEpochs, config.Maximize),
        _ => throw new ArgumentException($"unknown stopping algorithm '{config.Algorithm}'", nameof(config)),
    };

    /// <summary>True when <paramref name="a"/> is strictly worse than <paramref name="b"/> in the given direction.</summary>
    public static bool Worse(double a, double b, bool maximize) => maximize ? a < b : a > b;

    /// <summary>A number as reasons print it: short, invariant.</summary>
    public static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
