using Goldstone.Contracts;
using YamlDotNet.RepresentationModel;

namespace Goldstone.Grains.Specs;

/// <summary>The table block's statistics keys: <c>correction</c>, <c>trend</c> and <c>log_scale</c>.</summary>
public sealed partial class SpecParser
{
    /// <summary>The names <c>table.correction</c> and <c>--correction</c> accept, in the order they are listed.</summary>
    public static readonly IReadOnlyList<(string Name, MultipleTestCorrection Correction)> Corrections =
        [("holm", MultipleTestCorrection.Holm), ("bh", MultipleTestCorrection.BenjaminiHochberg), ("none", MultipleTestCorrection.None)];

    /// <summary>The correction called <paramref name="name"/>, or null when there is none by that name.</summary>
    public static MultipleTestCorrection? CorrectionNamed(string name) =>
        Corrections.Where(c => c.Name == name).Select(c => (MultipleTestCorrection?)c.Correction).FirstOrDefault();

    /// <summary>The spec's name of a correction (holm, bh, none).</summary>
    public static string CorrectionName(MultipleTestCorrection correction) => Corrections.First(c => c.Correction == correction).Name;

    /// <summary>The allowed correction names, for messages.</summary>
    public static string DescribeCorrections() => string.Join(", ", Corrections.Select(c => c.Name));

    private MultipleTestCorrection ParseCorrection(Dictionary<string, YamlNode> keys)
    {
        if (!keys.TryGetValue("correction", out var node)) return MultipleTestCorrection.Holm;
        var name = String(node, "table.correction");
        if (name is null) return MultipleTestCorrection.Holm;
        if (CorrectionNamed(name) is { } correction) return correction;
        Error(Line(node), "table.correction", $"'{name}' is not a correction (allowed: {DescribeCorrections()})");
        return MultipleTestCorrection.Holm;
    }

    /// <summary>The trend parameter: swept, numeric, and with at least three values a grid can order.</summary>
    private string? ParseTrend(Dictionary<string, YamlNode> keys, SearchSpec search)
    {
        if (!keys.TryGetValue("trend", out var node)) return null;
        var name = String(node, "table.trend");
        if (name is null) return null;
        var candidates = search.Space.Where(IsOrdered).Select(p => p.Name).ToList();
        if (candidates.Contains(name)) return name;
        var allowed = candidates.Count == 0 ? "none: no swept parameter has three or more numeric values" : string.Join(", ", candidates);
        var why = search.Space.All(p => p.Name != name) ? "is not a swept parameter" : "is not a swept parameter with three or more numeric values";
        Error(Line(node), "table.trend", $"'{name}' {why} (allowed: {allowed})");
        return null;
    }

    private static bool IsOrdered(SpaceParam parameter) => parameter.Distribution switch
    {
        Distribution.Values => parameter.Values.Count >= 3 && parameter.Values.All(v => v.Type == ParamType.Number),
        _ => true,
    };

    private List<string> ParseLogScale(Dictionary<string, YamlNode> keys, IReadOnlyList<string> metrics)
    {
        var names = new List<string>();
        if (!keys.TryGetValue("log_scale", out var node)) return names;
        if (node is not YamlSequenceNode sequence)
        {
            Error(Line(node), "table.log_scale", $"expected a list of the table's metrics, got a {Describe(node)} (allowed: {string.Join(", ", metrics)})");
            return names;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"table.log_scale[{i}]";
            var metric = String(sequence.Children[i], path);
            if (metric is null) continue;
            if (!metrics.Contains(metric))
                Error(Line(sequence.Children[i]), path, $"'{metric}' is not a metric of the table (allowed: {string.Join(", ", metrics)})");
            else if (names.Contains(metric))
                Error(Line(sequence.Children[i]), path, $"duplicate metric '{metric}' (allowed: each metric once)");
            else names.Add(metric);
        }
        return names;
    }
}
