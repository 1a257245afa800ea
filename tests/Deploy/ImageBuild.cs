using System.Text.RegularExpressions;

namespace Goldstone.Tests.Deploy;

/// <summary>
/// The build stage of a Dockerfile, run here without Docker: a fresh folder stands for the stage's file system
/// (its WORKDIR and its /app), receives exactly what the COPY instructions copy (less what the Dockerfile's
/// .dockerignore leaves out), and each RUN runs in it with sh. The SDK is this machine's, as is the NuGet cache
/// (test.sh's build fills it), so only the CPU backend can be restored here.
/// </summary>
public sealed partial class ImageBuild : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(8);

    private ImageBuild(string root, IReadOnlyList<string> log)
    {
        Root = root;
        Log = log;
    }

    /// <summary>The folder that stands for the stage's file system.</summary>
    public string Root { get; }

    /// <summary>The stage's output: what the image copies from <c>/app</c>.</summary>
    public string App => Path.Combine(Root, "app");

    /// <summary>What each RUN printed.</summary>
    public IReadOnlyList<string> Log { get; }

    /// <summary>Runs the build stage of <paramref name="dockerfile"/>.</summary>
    /// <exception cref="InvalidOperationException">An instruction failed, or one this emulation does not know.</exception>
    public static async Task<ImageBuild> RunAsync(string dockerfile)
    {
        var stage = Dockerfile.Load(dockerfile).Build;
        var ignored = IgnoredNames($"{dockerfile}.dockerignore");
        var root = Directory.CreateTempSubdirectory("goldstone-image-").FullName;
        var log = new List<string>();
        var build = new ImageBuild(root, log);
        try
        {
            var workdir = root;
            foreach (var instruction in stage.Instructions)
            {
                switch (instruction.Keyword)
                {
                    case "WORKDIR":
                        workdir = Inside(root, instruction.Arguments);
                        Directory.CreateDirectory(workdir);
                        break;
                    case "COPY":
                        var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        var destination = Path.Combine(workdir, words[^1]);
                        // Docker's rules: a folder's contents go into the destination; a file goes into a destination
                        // that ends with a slash, or becomes it.
                        foreach (var source in words[..^1].Select(Repository.PathOf))
                            Copy(source, Directory.Exists(source) || !words[^1].EndsWith('/') ? destination : Path.Combine(destination, Path.GetFileName(source)), ignored);
                        break;
                    case "RUN":
                        var command = AppFolder().Replace(instruction.Arguments, build.App);
                        var run = await ExternalProcess.RunAsync("sh", ["-c", command], "sh is missing", StepTimeout, workdir,
                            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
                        log.Add($"$ {command}\n{run.Stdout}{run.Stderr}");
                        if (run.ExitCode != 0)
                            throw new InvalidOperationException($"{dockerfile}: RUN {instruction.Arguments} exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
                        break;
                    default:
                        throw new InvalidOperationException($"{dockerfile}: the build stage's {instruction.Keyword} is not emulated");
                }
            }
            return build;
        }
        catch
        {
            build.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    /// <summary>Folder names a .dockerignore of <c>**/NAME/</c> or <c>NAME/</c> lines leaves out (this repository's form).</summary>
    private static HashSet<string> IgnoredNames(string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Repository.Read(path).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var name = line.StartsWith("**/", StringComparison.Ordinal) ? line[3..] : line;
            if (!name.EndsWith('/') || name[..^1].Contains('/'))
                throw new InvalidOperationException($"{path}: '{line}' is not a **/NAME/ or NAME/ pattern, which is all this emulation reads");
            names.Add(name[..^1]);
        }
        return names;
    }

    private static void Copy(string source, string destination, HashSet<string> ignored)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
            return;
        }
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => !ignored.Contains(Path.GetFileName(d))))
            Copy(folder, Path.Combine(destination, Path.GetFileName(folder)), ignored);
    }

    private static string Inside(string root, string absolute) => Path.Combine(root, absolute.TrimStart('/'));

    // "/app" as a path in a shell command (-o /app, cd /app), not as part of another path.
    [GeneratedRegex(@"(?<![\w/.-])/app(?=[\s/;&|]|$)")]
    private static partial Regex AppFolder();
}

/// <summary>The build stages of docker/silo.Dockerfile and docker/cli.Dockerfile, run once for their tests.</summary>
public sealed class ImageBuilds : IAsyncLifetime
{
    private ImageBuild? _silo;
    private ImageBuild? _cli;

    /// <summary>What the silo image holds in /app.</summary>
    public ImageBuild Silo => _silo ?? throw new InvalidOperationException("the silo image's build stage did not run");

    /// <summary>What the CLI image holds in /app.</summary>
    public ImageBuild Cli => _cli ?? throw new InvalidOperationException("the CLI image's build stage did not run");

    public async Task InitializeAsync()
    {
        _silo = await ImageBuild.RunAsync("docker/silo.Dockerfile");
        _cli = await ImageBuild.RunAsync("docker/cli.Dockerfile");
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        _cli?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ImageBuildsCollection : ICollectionFixture<ImageBuilds>
{
    public const string Name = "image builds";
}
