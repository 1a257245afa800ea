using System.Text.RegularExpressions;

namespace Goldstone.Tests.Deploy;

/// <summary>
/// The instructions of a Dockerfile in docker/, parsed the way docker reads them: comment lines dropped, lines
/// ending in a backslash joined, split into stages at each FROM. Enough for the plain Dockerfiles of this repository
/// (shell-form RUN, COPY with flags), not a general parser.
/// </summary>
public sealed partial class Dockerfile
{
    /// <summary>One instruction: its keyword (upper case) and the rest of its line.</summary>
    public sealed record Instruction(string Keyword, string Arguments);

    /// <summary>A build stage: its FROM image (ARG defaults substituted), its name, its instructions after FROM.</summary>
    public sealed record Stage(string Image, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        /// <summary>The stage's COPY instructions without <c>--from</c>: each source path and the destination.</summary>
        public IEnumerable<(IReadOnlyList<string> Sources, string Destination)> CopiesFromContext =>
            Instructions.Where(i => i.Keyword == "COPY")
                .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(words => !words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
                .Select(words => words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList())
                .Select(paths => ((IReadOnlyList<string>)paths[..^1], paths[^1]));

        /// <summary>The arguments of every RUN instruction.</summary>
        public IEnumerable<string> Runs => Instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments);
    }

    private Dockerfile(string path, IReadOnlyList<Stage> stages, IReadOnlyDictionary<string, string> args)
    {
        Path = path;
        Stages = stages;
        Args = args;
    }

    /// <summary>The Dockerfile's path relative to the repository root.</summary>
    public string Path { get; }

    /// <summary>The stages in order; the last one is the image.</summary>
    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>Global ARGs (before the first FROM) with their defaults.</summary>
    public IReadOnlyDictionary<string, string> Args { get; }

    /// <summary>The first stage: where the application is built.</summary>
    public Stage Build => Stages[0];

    /// <summary>The last stage: the image that is shipped.</summary>
    public Stage Final => Stages[^1];

    /// <summary>Parses <c>docker/NAME</c>.</summary>
    public static Dockerfile Load(string relativePath)
    {
        var instructions = Join(Repository.Read(relativePath).Split('\n'));
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        string? image = null, name = null;
        var current = new List<Instruction>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                if (image is not null) stages.Add(new Stage(image, name, current));
                var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                image = ArgReference().Replace(words[0], m => args.GetValueOrDefault(m.Groups[1].Value, m.Value));
                name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                current = [];
            }
            else if (image is null && instruction.Keyword == "ARG")
            {
                var pair = instruction.Arguments.Split('=', 2);
                args[pair[0]] = pair.Length == 2 ? pair[1] : "";
            }
            else if (image is not null)
            {
                current.Add(instruction);
            }
        }
        if (image is not null) stages.Add(new Stage(image, name, current));
        return new Dockerfile(relativePath, stages, args);
    }

    private static List<Instruction> Join(IEnumerable<string> lines)
    {
        var instructions = new List<Instruction>();
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }
            var whole = (pending + line.Trim()).Trim();
            pending = "";
            if (whole.Length == 0) continue;
            var space = whole.IndexOf(' ');
            instructions.Add(space < 0
                ? new Instruction(whole.ToUpperInvariant(), "")
                : new Instruction(whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim()));
        }
        return instructions;
    }

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex ArgReference();
}
