using Goldstone.Contracts;
using Goldstone.Grains.Stopping;
using Goldstone.Schema;
using YamlDotNet.RepresentationModel;

namespace Goldstone.Grains.Specs;

/// <summary>The <c>stopping:</c> block: an early-stopping rule over a metric the trials report per epoch.</summary>
public sealed partial class SpecParser
{
    private static readonly string[] StoppingKeys = ["algorithm", "metric", "mode", "min_epochs", "reduction_factor"];
    private static readonly string[] Modes = ["min", "max"];

    private StoppingConfig? ParseStopping(YamlNode node, KindDefinition? kind, int epochs)
    {
        if (!Mapping(node, "stopping", out var mapping)) return null;
        var keys = Keys(mapping, "stopping", StoppingKeys);
        var algorithm = RequiredChoice(mapping, keys, "algorithm", StoppingRules.Algorithms);
        var mode = RequiredChoice(mapping, keys, "mode", Modes);
        var metric = ParseStoppingMetric(mapping, keys, kind);
        var minEpochs = SpecDefaults.StoppingMinEpochs;
        if (keys.TryGetValue("min_epochs", out var minNode))
        {
            // A rule whose first rung is the last epoch never stops anything: surely not what was meant.
            var maximum = Math.Max(1, epochs - 1);
            minEpochs = (int)(Integer(minNode, "stopping.min_epochs", 1, maximum) ?? minEpochs);
        }
        var reduction = SpecDefaults.ReductionFactor;
        if (keys.TryGetValue("reduction_factor", out var reductionNode))
        {
            if (algorithm == MedianRule.Name)
                Error(Line(reductionNode), "stopping.reduction_factor", "the median rule has no reduction factor (allowed: reduction_factor with algorithm: asha)");
            else reduction = (int)(Integer(reductionNode, "stopping.reduction_factor", 2, 100) ?? reduction);
        }
        if (epochs < 2) Error(Line(mapping), "stopping", $"with epochs: {epochs} no trial has an epoch to stop after (allowed: stopping with epochs >= 2)");
        if (algorithm is null || mode is null || metric is null) return null;
        return new StoppingConfig(algorithm, metric, mode == "max", minEpochs, reduction);
    }

    /// <summary>The names <c>table.stopped</c> and <c>--stopped</c> accept.</summary>
    public static readonly IReadOnlyList<(string Name, StoppedTrials Stopped)> StoppedChoices = [("exclude", StoppedTrials.Exclude), ("last", StoppedTrials.Last)];

    /// <summary>The choice called <paramref name="name"/>, or null.</summary>
    public static StoppedTrials? StoppedNamed(string name) =>
        StoppedChoices.Where(c => c.Name == name).Select(c => (StoppedTrials?)c.Stopped).FirstOrDefault();

    private StoppedTrials ParseStoppedTrials(Dictionary<string, YamlNode> keys)
    {
        if (!keys.TryGetValue("stopped", out var node)) return StoppedTrials.Exclude;
        var name = String(node, "table.stopped");
        if (name is null) return StoppedTrials.Exclude;
        if (StoppedNamed(name) is { } stopped) return stopped;
        Error(Line(node), "table.stopped", $"'{name}' is not allowed (allowed: {string.Join(", ", StoppedChoices.Select(c => c.Name))})");
        return StoppedTrials.Exclude;
    }

    /// <summary>A metric the kind reports per epoch (<see cref="KindDefinition.EpochMetrics"/>), or for a kind that lists none one of its metrics.</summary>
    private string? ParseStoppingMetric(YamlMappingNode mapping, Dictionary<string, YamlNode> keys, KindDefinition? kind)
    {
        var perEpoch = kind is { EpochMetrics.Count: > 0 } ? kind.EpochMetrics : null;
        var allowed = perEpoch is not null ? string.Join(", ", perEpoch) : kind?.DescribeMetrics() ?? "a metric the kind reports per epoch";
        if (!keys.TryGetValue("metric", out var node))
        {
            Error(Line(mapping), "stopping.metric", $"required (allowed: {allowed})");
            return null;
        }
        var metric = String(node, "stopping.metric");
        if (metric is null || kind is null) return metric;
        if (perEpoch is null ? kind.HasMetric(metric) : perEpoch.Contains(metric)) return metric;
        Error(Line(node), "stopping.metric", $"'{metric}' is not reported per epoch by kind {kind.Name} (allowed: {allowed})");
        return null;
    }

    private string? RequiredChoice(YamlMappingNode mapping, Dictionary<string, YamlNode> keys, string key, string[] allowed)
    {
        var path = $"stopping.{key}";
        if (!keys.TryGetValue(key, out var node))
        {
            Error(Line(mapping), path, $"required (allowed: {string.Join(", ", allowed)})");
            return null;
        }
        var text = String(node, path);
        if (text is null) return null;
        if (allowed.Contains(text)) return text;
        Error(Line(node), path, $"'{text}' is not allowed (allowed: {string.Join(", ", allowed)})");
        return null;
    }
}
