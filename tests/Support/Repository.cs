namespace Goldstone.Tests.Support;

/// <summary>The repository the tests were built from, for the files they check (manifests, dashboards, configs).</summary>
public static class Repository
{
    /// <summary>The folder holding <c>Orleans.sln</c>, found upwards from the test assembly.</summary>
    public static string Root { get; } = Find();

    /// <summary>A path inside the repository.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Orleans.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Orleans.sln above {AppContext.BaseDirectory}: the tests run from the repository's build output");
    }
}
