using System.Globalization;
using System.Reflection;

namespace Goldstone.Silo.Storage.Postgres;

/// <summary>One versioned schema script, embedded in this assembly as <c>NNNN-name.sql</c>.</summary>
/// <param name="Version">The schema version the script brings the database to.</param>
/// <param name="Name">The script's file name.</param>
/// <param name="Sql">Its text.</param>
internal sealed record SchemaScript(int Version, string Name, string Sql)
{
    /// <summary>Resource names of the scripts start with this (see Goldstone.Silo.csproj).</summary>
    public const string ResourcePrefix = "Goldstone.Postgres.Scripts.";

    /// <summary>Every script, in version order; versions are 1, 2, … without gaps.</summary>
    public static IReadOnlyList<SchemaScript> All { get; } = Load();

    private static List<SchemaScript> Load()
    {
        var assembly = typeof(SchemaScript).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => Read(assembly, n))
            .OrderBy(s => s.Version)
            .ToList();
        for (var i = 0; i < scripts.Count; i++)
            if (scripts[i].Version != i + 1)
                throw new InvalidOperationException($"schema script {scripts[i].Name}: expected version {i + 1} (scripts are numbered 0001, 0002, … without gaps)");
        if (scripts.Count == 0) throw new InvalidOperationException("no PostgreSQL schema scripts are embedded in Goldstone.Silo");
        return scripts;
    }

    private static SchemaScript Read(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..];
        var dash = name.IndexOf('-');
        if (dash <= 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new InvalidOperationException($"schema script {name}: the name must start with its version, as in 0003-name.sql");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaScript(version, name, reader.ReadToEnd());
    }
}
