using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Goldstone.Tests.Deploy;

/// <summary>The objects <c>kubectl kustomize</c> renders for one kustomization, with look-ups by kind and name.</summary>
public sealed partial class Rendered(string kustomization, IReadOnlyList<JsonObject> objects)
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The kustomization directory, relative to the repository root.</summary>
    public string Kustomization { get; } = kustomization;

    /// <summary>Every rendered object, in kustomize's order.</summary>
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    /// <summary>Renders <paramref name="kustomization"/> (relative to the repository root) with a real kubectl.</summary>
    /// <exception cref="InvalidOperationException">kubectl is missing, or the render failed.</exception>
    public static async Task<Rendered> RenderAsync(string kustomization)
    {
        var run = await ExternalProcess.RunAsync("kubectl", ["kustomize", Repository.PathOf(kustomization)],
            "kubectl is not installed (not on PATH): the deployment tests render k8s/ with `kubectl kustomize`, which works offline; install the kubectl client",
            RenderTimeout);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"kubectl kustomize {kustomization} exited {run.ExitCode}:\n{run.Stderr}");
        return new Rendered(kustomization, YamlDocuments.Parse(run.Stdout));
    }

    /// <summary>The objects of <paramref name="kind"/>.</summary>
    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    /// <summary>The one object of <paramref name="kind"/> named <paramref name="name"/>, or named so with a generator's hash suffix.</summary>
    public JsonObject Single(string kind, string name)
    {
        var found = OfKind(kind).Where(o => NameOf(o) == name || IsGeneratedName(NameOf(o), name)).ToList();
        Assert.True(found.Count == 1, $"{Kustomization}: expected one {kind} {name}, found {found.Count} (objects: {string.Join(", ", Objects.Select(Describe))})");
        return found[0];
    }

    /// <summary>Whether an object of <paramref name="kind"/> named <paramref name="name"/> (or with a hash suffix) is rendered.</summary>
    public bool Has(string kind, string name) =>
        OfKind(kind).Any(o => NameOf(o) == name || IsGeneratedName(NameOf(o), name));

    /// <summary>The object's <c>metadata.name</c>.</summary>
    public static string NameOf(JsonNode o) => (string)o["metadata"]!["name"]!;

    /// <summary><c>Kind/name</c>.</summary>
    public static string Describe(JsonNode o) => $"{(string?)o["kind"]}/{NameOf(o)}";

    /// <summary>The silo Deployment.</summary>
    public JsonObject Silo => Single("Deployment", "goldstone-silo");

    /// <summary>The silo Deployment's pod template spec.</summary>
    public JsonObject SiloPod => Silo["spec"]!["template"]!["spec"]!.AsObject();

    /// <summary>The container named <c>silo</c>.</summary>
    public JsonObject SiloContainer => Container(SiloPod, "silo");

    /// <summary>The ConfigMap the silo container takes its environment from, as name → value.</summary>
    public IReadOnlyDictionary<string, string> SiloConfig
    {
        get
        {
            var references = SiloContainer["envFrom"]!.AsArray().Select(e => (string)e!["configMapRef"]!["name"]!).ToList();
            var reference = Assert.Single(references);
            return Data(OfKind("ConfigMap").Single(c => NameOf(c) == reference));
        }
    }

    /// <summary>The container named <paramref name="name"/> (or init container) of a pod spec.</summary>
    public static JsonObject Container(JsonNode podSpec, string name, string list = "containers") =>
        podSpec[list]!.AsArray().Single(c => (string)c!["name"]! == name)!.AsObject();

    /// <summary>A ConfigMap's data, or a Secret's data decoded from base64.</summary>
    public static IReadOnlyDictionary<string, string> Data(JsonNode configMapOrSecret)
    {
        var data = configMapOrSecret["data"]?.AsObject() ?? [];
        var secret = (string?)configMapOrSecret["kind"] == "Secret";
        return data.ToDictionary(p => p.Key, p => secret
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)p.Value!))
            : (string?)p.Value ?? "");
    }

    /// <summary>A label map (<c>metadata.labels</c>, a selector's <c>matchLabels</c>…) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Labels(JsonNode? map) =>
        map?.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!) ?? [];

    /// <summary>Whether every pair of <paramref name="selector"/> is among <paramref name="labels"/>.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(p => labels.TryGetValue(p.Key, out var value) && value == p.Value);

    /// <summary>Every pod template of the render (Deployments, StatefulSets, Jobs) with its owner.</summary>
    public IEnumerable<(JsonObject Owner, JsonObject Template)> PodTemplates =>
        Objects.Where(o => o["spec"]?["template"]?["spec"] is not null)
            .Select(o => (o, o["spec"]!["template"]!.AsObject()));

    private static bool IsGeneratedName(string actual, string name) =>
        actual.StartsWith(name + "-", StringComparison.Ordinal) && HashSuffix().IsMatch(actual[(name.Length + 1)..]);

    // kustomize's generator suffix: ten characters of [bcdfghkmt2-9].
    [GeneratedRegex("^[a-z0-9]{10}$")]
    private static partial Regex HashSuffix();
}
