using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Goldstone.Tests.Deploy;

/// <summary>
/// Multi-document YAML (what <c>kubectl kustomize</c> prints) as JSON objects, typed the way the Kubernetes API
/// reads YAML: a plain scalar that looks like a number, a boolean or null is one; a quoted one is a string.
/// </summary>
public static partial class YamlDocuments
{
    /// <summary>Every non-empty document of <paramref name="yaml"/>, each a JSON object.</summary>
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Where(d => d.RootNode is YamlMappingNode)
            .Select(d => (JsonObject)Convert(d.RootNode)!)
            .ToList();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (Integer().IsMatch(text)) return JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture));
        if (Float().IsMatch(text)) return JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
