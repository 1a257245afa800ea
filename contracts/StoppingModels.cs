namespace Goldstone.Contracts;

/// <summary>A campaign's early-stopping rule, as every trial of it carries it (the spec's <c>stopping:</c> block).</summary>
/// <param name="Algorithm"><c>asha</c> or <c>median</c>.</param>
/// <param name="Metric">The per-epoch metric the rule compares.</param>
/// <param name="Maximize">True for <c>mode: max</c>, false for <c>mode: min</c>.</param>
/// <param name="MinEpochs">ASHA: the first rung's epoch; median: the first epoch at which a trial may stop.</param>
/// <param name="ReductionFactor">ASHA's η: the share 1/η of a rung's trials goes on; unused by the median rule.</param>
[GenerateSerializer, Immutable, Alias("goldstone.StoppingConfig")]
public sealed record StoppingConfig(
    [property: Id(0)] string Algorithm,
    [property: Id(1)] string Metric,
    [property: Id(2)] bool Maximize,
    [property: Id(3)] int MinEpochs,
    [property: Id(4)] int ReductionFactor);

/// <summary>What one trial brings to a rung: its metric at the rung's epoch, its running average and best so far.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.RungEntry")]
public sealed record RungEntry(
    [property: Id(0)] int Trial,
    [property: Id(1)] double Value,
    [property: Id(2)] double RunningAverage,
    [property: Id(3)] double Best);

/// <summary>A rung's decision on one trial: go on, or stop with a reason.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.StopVerdict")]
public sealed record StopVerdict(
    [property: Id(0)] bool Stop,
    [property: Id(1)] string? Reason);

/// <summary>One record of a rung: the entry and the decision taken on it, persisted before the decision is answered.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.RungRecord")]
public sealed record RungRecord(
    [property: Id(0)] RungEntry Entry,
    [property: Id(1)] StopVerdict Verdict);

/// <summary>How rung grains are keyed.</summary>
public static class StoppingRungs
{
    /// <summary>Records per page grain: a full page is about 100 KB, far under a storage row.</summary>
    public const int PageSize = 1000;

    /// <summary>The key of rung <paramref name="rung"/> of <paramref name="campaign"/>.</summary>
    public static string Key(string campaign, int rung) => $"{campaign}/{rung}";

    /// <summary>The key of page <paramref name="page"/> of a rung.</summary>
    public static string PageKey(string rungKey, int page) => $"{rungKey}/{page}";
}
