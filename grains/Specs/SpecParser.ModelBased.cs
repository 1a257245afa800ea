using Goldstone.Schema;
using YamlDotNet.RepresentationModel;

namespace Goldstone.Grains.Specs;

/// <summary>The keys of a model-based search (<c>algorithm: tpe</c>): trials, parallel and the objective or objectives.</summary>
public sealed partial class SpecParser
{
    private static readonly string[] ObjectiveKeys = ["metric", "mode"];
    private const string ObjectiveShape = "{metric: M, mode: min | max}";

    private SearchSpec ParseModelBased(YamlMappingNode mapping, Dictionary<string, YamlNode> keys, KindDefinition? kind, SearchSpec search)
    {
        var tpe = search.Algorithm == SearchAlgorithm.Tpe;
        foreach (var key in (string[])["trials", "parallel", "objective", "objectives"])
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

        var objectives = new List<ObjectiveSpec>();
        var hasOne = keys.TryGetValue("objective", out var objectiveNode);
        var hasMany = keys.TryGetValue("objectives", out var objectivesNode);
        if (hasOne && hasMany)
            Error(Line(objectivesNode!), "search.objectives", "give search.objective or search.objectives, not both (allowed: objective for one metric, objectives for 2 or 3)");
        else if (hasOne)
        {
            if (Mapping(objectiveNode!, "search.objective", out var objectiveMapping) && ParseObjective(objectiveMapping, "search.objective", kind) is { } objective)
                objectives.Add(objective);
        }
        else if (hasMany) objectives = ParseObjectives(objectivesNode!, kind);
        else
            Error(Line(mapping), "search.objective",
                $"required with algorithm: tpe (allowed: {ObjectiveShape}; or search.objectives: a list of {SpecDefaults.MinObjectives} or {SpecDefaults.MaxObjectives} of them)");
        return search with { Trials = trials, Parallel = parallel, Objectives = objectives };
    }

    /// <summary><c>search.objectives</c>: 2 or 3 objectives over distinct metrics, in the order given (the table's Pareto metrics).</summary>
    private List<ObjectiveSpec> ParseObjectives(YamlNode node, KindDefinition? kind)
    {
        var objectives = new List<ObjectiveSpec>();
        var allowed = $"a list of {SpecDefaults.MinObjectives} or {SpecDefaults.MaxObjectives} entries {ObjectiveShape}; one objective goes in search.objective";
        if (node is not YamlSequenceNode sequence)
        {
            Error(Line(node), "search.objectives", $"expected a list, got a {Describe(node)} (allowed: {allowed})");
            return objectives;
        }
        if (sequence.Children.Count is < SpecDefaults.MinObjectives or > SpecDefaults.MaxObjectives)
        {
            Error(Line(node), "search.objectives", $"expected {SpecDefaults.MinObjectives} or {SpecDefaults.MaxObjectives} objectives, got {sequence.Children.Count} (allowed: {allowed})");
            return objectives;
        }
        var complete = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"search.objectives[{i}]";
            if (!Mapping(sequence.Children[i], path, out var entry) || ParseObjective(entry, path, kind) is not { } objective)
            {
                complete = false;
                continue;
            }
            if (objectives.Any(o => o.Metric == objective.Metric))
            {
                Error(Line(entry.Children[new YamlScalarNode("metric")]), $"{path}.metric", $"duplicate metric '{objective.Metric}' (allowed: each metric once)");
                complete = false;
                continue;
            }
            objectives.Add(objective);
        }
        return complete ? objectives : [];
    }

    private ObjectiveSpec? ParseObjective(YamlMappingNode mapping, string path, KindDefinition? kind)
    {
        var keys = Keys(mapping, path, ObjectiveKeys);
        string? metric = null;
        if (!keys.TryGetValue("metric", out var metricNode))
            Error(Line(mapping), $"{path}.metric", $"required (allowed: {kind?.DescribeMetrics() ?? "one of the kind's metrics"})");
        else if (String(metricNode, $"{path}.metric") is { } name)
        {
            if (kind is not null && !kind.HasMetric(name))
                Error(Line(metricNode), $"{path}.metric", $"unknown metric '{name}' for kind {kind.Name} (allowed: {kind.DescribeMetrics()})");
            else metric = name;
        }
        ObjectiveMode? mode = null;
        if (!keys.TryGetValue("mode", out var modeNode))
            Error(Line(mapping), $"{path}.mode", "required (allowed: min, max)");
        else if (String(modeNode, $"{path}.mode") is { } text)
        {
            mode = text switch { "min" => ObjectiveMode.Min, "max" => ObjectiveMode.Max, _ => null };
            if (mode is null) Error(Line(modeNode), $"{path}.mode", $"unknown mode '{text}' (allowed: min, max)");
        }
        return metric is not null && mode is not null ? new ObjectiveSpec(metric, mode.Value) : null;
    }
}
