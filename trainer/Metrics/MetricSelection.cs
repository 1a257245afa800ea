using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// The metrics one request names, read by its kind's <see cref="MetricNames"/>. A kind's metrics class derives from it
/// and adds what the names imply (which data sets and extra trainings they need).
/// </summary>
public abstract class MetricSelection
{
    private readonly HashSet<string> _named;
    private readonly List<(string Name, ParametricMetric Metric, double Value)> _parametric;

    /// <summary>Reads <paramref name="requested"/> with <paramref name="names"/>.</summary>
    /// <exception cref="TrialRequestException">A name is unknown, or the number of a parametric one is malformed or out of range.</exception>
    protected MetricSelection(MetricNames names, IEnumerable<string> requested) => (_named, _parametric) = names.Parse(requested);

    /// <summary>True when the request names <paramref name="metric"/> (a metric without parameter).</summary>
    public bool Wants(string metric) => _named.Contains(metric);

    /// <summary>The requested instances of a parametric metric: the name to report under and its number.</summary>
    public IEnumerable<(string Name, double Value)> Instances(ParametricMetric metric) =>
        _parametric.Where(p => p.Metric == metric).Select(p => (p.Name, p.Value));
}
