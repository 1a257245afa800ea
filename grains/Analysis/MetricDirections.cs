using Goldstone.Contracts;
using Goldstone.Schema;

namespace Goldstone.Grains.Analysis;

/// <summary>Which way each metric improves, by name (parametric metrics by the part before '@'), as the contracts' <see cref="MetricDirection"/>; the table is the schema's.</summary>
public static class MetricDirections
{
    /// <summary>The direction of <paramref name="metric"/> (the shared table, <see cref="MetricGoals"/>);
    /// <see cref="MetricDirection.None"/> when unknown.</summary>
    public static MetricDirection Of(string metric) => MetricGoals.Of(metric) switch
    {
        MetricGoal.Higher => MetricDirection.Higher,
        MetricGoal.Lower => MetricDirection.Lower,
        _ => MetricDirection.None,
    };

    /// <summary>True when <paramref name="a"/> is strictly better than <paramref name="b"/> in <paramref name="direction"/>.</summary>
    public static bool Better(MetricDirection direction, double a, double b) => direction switch
    {
        MetricDirection.Higher => a > b,
        MetricDirection.Lower => a < b,
        _ => false,
    };
}
