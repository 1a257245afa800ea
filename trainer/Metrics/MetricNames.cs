using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Metrics;

/// <summary>The metric names a kind understands: plain ones, and parametric ones such as <c>robust_noise@0.1</c>.</summary>
public sealed record MetricNames(string Kind, IReadOnlyList<string> AlwaysReported, IReadOnlyList<string> Optional, IReadOnlyList<ParametricMetric> Parametric)
{
    /// <summary>Splits a request's metric names into plain names and parametric instances with their numbers.</summary>
    /// <exception cref="TrialRequestException">A name is unknown, or the number of a parametric one is malformed or out of range.</exception>
    public (HashSet<string> Named, List<(string Name, ParametricMetric Metric, double Value)> Parametric) Parse(IEnumerable<string> names)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var parametric = new List<(string, ParametricMetric, double)>();
        foreach (var name in names)
        {
            if (AlwaysReported.Contains(name, StringComparer.Ordinal) || Optional.Contains(name, StringComparer.Ordinal))
            {
                named.Add(name);
                continue;
            }
            var metric = Parametric.FirstOrDefault(p => name.StartsWith(p.Prefix, StringComparison.Ordinal))
                ?? throw new TrialRequestException($"metrics: unknown metric '{name}' for kind {Kind} {DescribeAllowed()}");
            double value;
            try
            {
                value = metric.Parse(name)!.Value;
            }
            catch (FormatException e)
            {
                throw new TrialRequestException($"metrics: {e.Message}");
            }
            if (!parametric.Any(p => p.Item1 == name)) parametric.Add((name, metric, value));
        }
        return (named, parametric);
    }

    /// <summary>"(allowed: …)" with every name, the parametric ones as their prefix, then what their numbers mean.</summary>
    public string DescribeAllowed() =>
        $"(allowed: {string.Join(", ", AlwaysReported.Concat(Optional).Concat(Parametric.Select(p => p.Prefix)))}); "
        + $"after @ a number: {string.Join("; ", Parametric.Select(p => $"{p.Prefix} {p.Description}, e.g. {p.Example}"))}";
}
