using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Analysis;

/// <summary>Hand-made table definitions and trial outcomes: trial p × seeds + s is point p with seed s, as in a campaign.</summary>
internal static class Campaigns
{
    public static ParamValue Num(string name, double value) => new(name, ParamType.Number, value, null, false);

    public static ParamValue Text(string name, string value) => new(name, ParamType.Text, 0, value, false);

    /// <summary>A definition over explicit points; width=8 is fixed, seeds are 1, 2, ….</summary>
    public static TableDefinition Define(string[] metrics, IReadOnlyList<ParamValue[]> points, int seeds, ParamValue[]? baseline,
        string[]? logScaled = null) =>
        new("grid", metrics, baseline, points.Select(p => (IReadOnlyList<ParamValue>)p).ToList(), seeds,
            points[0].Select(v => v.Name).ToList(), [Num("width", 8)], logScaled ?? [], Enumerable.Range(1, seeds).Select(s => (long)s).ToList());

    /// <summary>One swept parameter x over <paramref name="xs"/>.</summary>
    public static TableDefinition SweepX(string[] metrics, double[] xs, int seeds, double? baseline, bool logScaled = false) =>
        Define(metrics, xs.Select(x => new[] { Num("x", x) }).ToList(), seeds, baseline is { } b ? [Num("x", b)] : null, logScaled ? ["x"] : null);

    /// <summary>A succeeded trial with these metrics and no per-epoch reports.</summary>
    public static TrialOutcome Succeeded(TableDefinition definition, int index, params (string Metric, double Value)[] metrics) =>
        Outcome(definition, index, TrialStatus.Succeeded, metrics, []);

    /// <summary>A succeeded trial with per-epoch reports.</summary>
    public static TrialOutcome WithEpochs(TableDefinition definition, int index, IReadOnlyList<EpochReport> epochs, params (string Metric, double Value)[] metrics) =>
        Outcome(definition, index, TrialStatus.Succeeded, metrics, epochs);

    /// <summary>A trial a stopping rule stopped, with the metrics it reported at that epoch.</summary>
    public static TrialOutcome Stopped(TableDefinition definition, int index, params (string Metric, double Value)[] metrics) =>
        Outcome(definition, index, TrialStatus.Stopped, metrics, []);

    /// <summary>A trial that ended without metrics.</summary>
    public static TrialOutcome Ended(TableDefinition definition, int index, TrialStatus status) => Outcome(definition, index, status, [], []);

    private static TrialOutcome Outcome(TableDefinition definition, int index, TrialStatus status, (string Metric, double Value)[] metrics, IReadOnlyList<EpochReport> epochs)
    {
        var point = definition.Points[index / definition.SeedsPerSetting];
        return new TrialOutcome(definition.Campaign, index, ParamFormat.Setting(point), [.. definition.FixedParams, .. point],
            definition.Seeds[index % definition.SeedsPerSetting], status, metrics.ToDictionary(m => m.Metric, m => m.Value),
            status == TrialStatus.Failed ? "exit code 3" : null, status == TrialStatus.Failed ? 3 : 0, status == TrialStatus.Failed ? 3 : 1, epochs);
    }
}
