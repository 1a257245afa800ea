using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Goldstone.Tests.Deploy;

/// <summary>
/// A rendered pod's container run as a local process, as the kubelet would set it up: each volume a folder (a
/// Secret's or ConfigMap's items written into it), its mount paths replaced by those folders in the environment
/// and the command, the environment from envFrom then env (configMapKeyRef, fieldRef and $(VAR) resolved), and
/// container ports remapped to free local ports (other tests or a developer's silo may hold 11111 or 8080).
/// </summary>
public sealed partial class PodSandbox : IDisposable
{
    private readonly Rendered _rendered;
    private readonly JsonObject _pod;
    private readonly IReadOnlyDictionary<string, string> _fields;
    private readonly Dictionary<string, string> _volumes = new(StringComparer.Ordinal);

    /// <param name="rendered">The render the pod comes from (for its ConfigMaps and Secrets).</param>
    /// <param name="pod">The pod template's spec.</param>
    /// <param name="fields">Values of the downward API's fieldRef paths (metadata.name, status.podIP…).</param>
    /// <param name="ports">The local port for each container port that is remapped.</param>
    /// <param name="secretOverride">Rewrites a Secret's value for this machine (its name without the hash, its key, the value).</param>
    public PodSandbox(Rendered rendered, JsonObject pod, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<long, int> ports,
        Func<string, string, string, string>? secretOverride = null)
    {
        _rendered = rendered;
        _pod = pod;
        _fields = fields;
        Ports = ports;
        Root = Directory.CreateTempSubdirectory("goldstone-pod-").FullName;
        foreach (var volume in pod["volumes"]!.AsArray().Select(v => v!.AsObject()))
        {
            var folder = Path.Combine(Root, (string)volume["name"]!);
            Directory.CreateDirectory(folder);
            _volumes[(string)volume["name"]!] = folder;
            if (volume["secret"] is { } secret) WriteItems(folder, "Secret", (string)secret["secretName"]!, secret["items"], secretOverride);
            if (volume["configMap"] is { } configMap) WriteItems(folder, "ConfigMap", (string)configMap["name"]!, configMap["items"], null);
        }
    }

    /// <summary>The folder that holds the pod's volumes.</summary>
    public string Root { get; }

    /// <summary>Local port of each remapped container port.</summary>
    public IReadOnlyDictionary<long, int> Ports { get; }

    /// <summary>The folder that stands for volume <paramref name="name"/>.</summary>
    public string Volume(string name) => _volumes[name];

    /// <summary>The container's environment, resolved; mount paths and remapped ports replaced by local ones.</summary>
    public Dictionary<string, string> Environment(JsonObject container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
            foreach (var (key, value) in Rendered.Data(Named("ConfigMap", (string)source!["configMapRef"]!["name"]!)))
                env[key] = Local(container, value);
        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = (string)variable!["name"]!;
            if (variable["value"] is { } value) env[name] = Local(container, Expand((string)value!, env));
            else if (variable["valueFrom"]?["fieldRef"] is { } field) env[name] = _fields[(string)field["fieldPath"]!];
            else if (variable["valueFrom"]?["configMapKeyRef"] is { } key)
                env[name] = Local(container, Rendered.Data(Named("ConfigMap", (string)key["name"]!))[(string)key["key"]!]);
            else throw new InvalidOperationException($"env {name}: only value, fieldRef and configMapKeyRef are emulated");
        }
        return env;
    }

    /// <summary>The container's command and args, mount paths replaced by local folders.</summary>
    public IReadOnlyList<string> Command(JsonObject container) =>
        (container["command"]?.AsArray() ?? []).Concat(container["args"]?.AsArray() ?? [])
            .Select(a => Local(container, (string)a!)).ToList();

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private JsonObject Named(string kind, string name) =>
        _rendered.OfKind(kind).SingleOrDefault(o => Rendered.NameOf(o) == name)
            ?? throw new InvalidOperationException($"the pod refers to {kind} {name}, which the render lacks");

    private void WriteItems(string folder, string kind, string name, JsonNode? items, Func<string, string, string, string>? rewrite)
    {
        var data = Rendered.Data(Named(kind, name));
        var paths = items?.AsArray().ToDictionary(i => (string)i!["key"]!, i => (string)i!["path"]!) ?? data.Keys.ToDictionary(k => k, k => k);
        var baseName = GeneratedSuffix().Replace(name, "");
        foreach (var (key, path) in paths)
            File.WriteAllText(Path.Combine(folder, path), rewrite is null ? data[key] : rewrite(baseName, key, data[key]));
    }

    /// <summary><paramref name="value"/> with the container's mount paths and remapped ports made local.</summary>
    private string Local(JsonObject container, string value)
    {
        // One pass over every mount path, longest first, so that a local folder (under /tmp) is not replaced again.
        var mounts = (container["volumeMounts"]?.AsArray() ?? [])
            .ToDictionary(m => (string)m!["mountPath"]!, m => _volumes[(string)m!["name"]!], StringComparer.Ordinal);
        if (mounts.Count > 0)
        {
            var alternatives = string.Join('|', mounts.Keys.OrderByDescending(p => p.Length).Select(Regex.Escape));
            value = Regex.Replace(value, $@"(?<![\w/])(?:{alternatives})(?=/|\s|""|$)", m => mounts[m.Value]);
        }
        return Ports.TryGetValue(long.TryParse(value, out var port) ? port : -1, out var local) ? local.ToString(System.Globalization.CultureInfo.InvariantCulture) : value;
    }

    /// <summary>Kubernetes' $(VAR) expansion: variables defined before this one; unknown references stay as written.</summary>
    private static string Expand(string value, IReadOnlyDictionary<string, string> defined) =>
        VariableReference().Replace(value, m => defined.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex("-[a-z0-9]{10}$")]
    private static partial Regex GeneratedSuffix();
}
