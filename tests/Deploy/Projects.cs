using System.Xml.Linq;

namespace Goldstone.Tests.Deploy;

/// <summary>The repository's projects as the images need them.</summary>
public static class Projects
{
    /// <summary>The project the images publish: the goldstone CLI, whose <c>silo</c> command runs a silo.</summary>
    public const string Cli = "client/Goldstone.Cli.csproj";

    /// <summary>
    /// <paramref name="project"/> and every project it references, directly or not: relative paths with forward
    /// slashes, sorted.
    /// </summary>
    public static IReadOnlyList<string> Closure(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var next))
        {
            if (!found.Add(next)) continue;
            var folder = Path.GetDirectoryName(Repository.PathOf(next))!;
            foreach (var reference in XDocument.Load(Repository.PathOf(next)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                queue.Enqueue(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }
        return [.. found];
    }

    /// <summary>The target framework of Directory.Build.props, e.g. <c>net10.0</c>.</summary>
    public static string TargetFramework =>
        XDocument.Load(Repository.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
}
