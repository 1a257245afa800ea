using Goldstone.Contracts;

namespace Goldstone.Grains.Search;

/// <summary>
/// An adaptive searcher: what to try next given what was observed. Pure and deterministic: the same history and the
/// same suggestion number give the same point, so a campaign needs to persist only how many suggestions it made.
/// </summary>
public interface ISearcher
{
    /// <summary>
    /// The point of suggestion number <paramref name="suggestion"/> (0, 1, …), one value per swept parameter in space
    /// order, from the finished trials in <paramref name="history"/> (trial order; failed and running ones left out).
    /// </summary>
    IReadOnlyList<ParamValue> Suggest(IReadOnlyList<Observation> history, int suggestion);
}

/// <summary>
/// One finished trial as a searcher sees it: its swept values (space order) and its objectives as losses, to minimise
/// (one for a single-objective search, in <c>search.objectives</c> order for several).
/// </summary>
public sealed record Observation(IReadOnlyList<ParamValue> Point, IReadOnlyList<double> Losses)
{
    /// <summary>A trial of a single-objective search.</summary>
    public Observation(IReadOnlyList<ParamValue> point, double loss) : this(point, [loss]) { }

    /// <summary>The first objective's loss: the only one of a single-objective search.</summary>
    public double Loss => Losses[0];

    /// <summary>
    /// Null for a trial that ran to the end; for one an early-stopping rule stopped, the epoch it stopped after (its
    /// loss is the objective's value reported then, or +∞). A single-objective search ranks such trials after every
    /// finished one, those that got further first (Optuna's treatment of pruned trials); several objectives ignore them.
    /// </summary>
    public int? StoppedEpoch { get; init; }
}
