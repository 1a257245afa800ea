using System.Text.Json;
using System.Text.Json.Nodes;

namespace Goldstone.Tests.Deploy;

/// <summary>
/// Schema validation of rendered objects with npm's <c>kubernetes-models</c> and
/// <c>@kubernetes-models/prometheus-operator</c>, through <c>validate-manifests.mjs</c> in node. The packages are
/// found in <c>$GOLDSTONE_KUBERNETES_MODELS</c> (an npm prefix holding node_modules/) or where test.sh installs
/// them; when node or the packages are missing the tests fail and say how to install them.
/// </summary>
public static class KubernetesModels
{
    /// <summary>The environment variable naming the install folder.</summary>
    public const string LocationVariable = "GOLDSTONE_KUBERNETES_MODELS";

    private static readonly string[] Packages = ["kubernetes-models", "@kubernetes-models/prometheus-operator"];

    /// <summary>One object's outcome: the model file that checked it and its errors (empty when valid).</summary>
    public sealed record Validation(string ApiVersion, string Kind, string Name, string Model, IReadOnlyList<string> Errors);

    /// <summary>Where test.sh installs the packages: <c>$HOME/.cache/goldstone/kubernetes-models</c>.</summary>
    public static string InstallFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "goldstone", "kubernetes-models");

    /// <summary>The install folder in use, after checking that both packages are there.</summary>
    /// <exception cref="InvalidOperationException">A package is missing.</exception>
    public static string Location()
    {
        var configured = Environment.GetEnvironmentVariable(LocationVariable);
        var folder = string.IsNullOrEmpty(configured) ? InstallFolder : configured;
        foreach (var package in Packages)
            if (!File.Exists(Path.Combine([folder, "node_modules", .. package.Split('/'), "package.json"])))
                throw new InvalidOperationException(
                    $"{package} is not installed in {folder}: run ./test.sh (it installs kubernetes-models and " +
                    $"@kubernetes-models/prometheus-operator there with npm), or set {LocationVariable} to an npm prefix that has them");
        return folder;
    }

    /// <summary>Validates every object; one result per object, in order.</summary>
    public static async Task<IReadOnlyList<Validation>> ValidateAsync(IReadOnlyList<JsonObject> objects)
    {
        var location = Location();
        var script = Path.Combine(AppContext.BaseDirectory, "validate-manifests.mjs");
        var input = new JsonArray(objects.Select(o => (JsonNode)AsTheApiServerDecodesIt(o)).ToArray()).ToJsonString();
        var run = await ExternalProcess.RunAsync("node", [script, location],
            "node is not installed (not on PATH): the deployment tests validate k8s/ with npm's kubernetes-models in node; install nodejs and npm (test.sh installs npm)",
            TimeSpan.FromMinutes(2), stdin: input);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"node validate-manifests.mjs exited {run.ExitCode}:\n{run.Stderr}");
        return JsonSerializer.Deserialize<List<Validation>>(run.Stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"validate-manifests.mjs printed no results:\n{run.Stdout}");
    }

    /// <summary>
    /// A copy of <paramref name="o"/> whose Secret data has no line breaks. kustomize wraps long base64 values in lines
    /// of 70 characters; the API server's decoder (Go's encoding/base64) skips line breaks, but the "byte"
    /// format of kubernetes-models does not, and would reject every long Secret value.
    /// </summary>
    private static JsonObject AsTheApiServerDecodesIt(JsonObject o)
    {
        var copy = o.DeepClone().AsObject();
        if ((string?)copy["kind"] == "Secret" && copy["data"] is JsonObject data)
            foreach (var key in data.Select(p => p.Key).ToList())
                data[key] = ((string?)data[key])?.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        return copy;
    }
}
