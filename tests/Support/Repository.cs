namespace Goldstone.Tests.Support;

/// <summary>The repository the tests were built from, for the files they check (manifests, dashboards, configs).</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root: the nearest folder above the test assembly that holds Orleans.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path under the repository root, given with forward slashes.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    /// <summary>The text of a repository file.</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no Orleans.sln above {AppContext.BaseDirectory}: run the tests from the repository's build output");
    }
}
