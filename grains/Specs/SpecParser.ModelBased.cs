using Goldstone.Schema;
using YamlDotNet.RepresentationModel;

namespace Goldstone.Grains.Specs;

/// <summary>The keys of a model-based search (<c>algorithm: tpe</c>): trials, parallel and the objective.</summary>
public sealed partial class SpecParser
{
    private static readonly string[] ObjectiveKeys = ["metric", "mode"];

    private SearchSpec ParseModelBased(YamlMappingNode mapping, Dictionary<string, YamlNode> keys, KindDefinition? kind, SearchSpec search)
    {
        var tpe = search.Algorithm == SearchAlgorithm.Tpe;
        foreach (var key in (string[])["trials", "parallel", "objective"])
            if (!tpe && keys.TryGetValue(key, out var node))
                Error(Line(node), $"search.{key}", "only used with algorithm: tpe (allowed: remove it, or set algorithm: tpe)");
        if (!tpe) return search;

        var trials = 0;
        if (keys.TryGetValue("trials", out var trialsNode))
            trials = (int)(Integer(trialsNode, "search.trials", 1, SpecDefaults.MaxTpeTrials) ?? 0);
        else Error(Line(mapping), "search.trials", $"required with algorithm: tpe (allowed: an integer from 1 to {SpecDefaults.MaxTpeTrials})");

        var parallel = SpecDefaults.Parallel;
        if (keys.TryGetValue("parallel", out var parallelNode))
            parallel = (int)(Integer(parallelNode, "search.parallel", 1, 1000) ?? SpecDefaults.Parallel);

        ObjectiveSpec? objective = null;
        if (!keys.TryGetValue("objective", out var objectiveNode))
            Error(Line(mapping), "search.objective", "required with algorithm: tpe (allowed: {metric: M, mode: min | max})");
        else if (Mapping(objectiveNode, "search.objective", out var objectiveMapping))
            objective = ParseObjective(objectiveMapping, kind);
        return search with { Trials = trials, Parallel = parallel, Objective = objective };
    }

    private ObjectiveSpec? ParseObjective(YamlMappingNode mapping, KindDefinition? kind)
    {
        var keys = Keys(mapping, "search.objective", ObjectiveKeys);
        string? metric = null;
        if (!keys.TryGetValue("metric", out var metricNode))
            Error(Line(mapping), "search.objective.metric", $"required (allowed: {kind?.DescribeMetrics() ?? "one of the kind's metrics"})");
        else if (String(metricNode, "search.objective.metric") is { } name)
        {
            if (kind is not null && !kind.HasMetric(name))
                Error(Line(metricNode), "search.objective.metric", $"unknown metric '{name}' for kind {kind.Name} (allowed: {kind.DescribeMetrics()})");
            else metric = name;
        }
        ObjectiveMode? mode = null;
        if (!keys.TryGetValue("mode", out var modeNode))
            Error(Line(mapping), "search.objective.mode", "required (allowed: min, max)");
        else if (String(modeNode, "search.objective.mode") is { } text)
        {
            mode = text switch { "min" => ObjectiveMode.Min, "max" => ObjectiveMode.Max, _ => null };
            if (mode is null) Error(Line(modeNode), "search.objective.mode", $"unknown mode '{text}' (allowed: min, max)");
        }
        return metric is not null && mode is not null ? new ObjectiveSpec(metric, mode.Value) : null;
    }
}
