using System.Text.RegularExpressions;
using Goldstone.Cli.Parsing;

namespace Goldstone.Tests.Unit.Cli;

/// <summary>README's "CLI reference" block against the CLI itself: the same commands, and for each the arguments and options its --help lists.</summary>
public sealed partial class ReadmeCliReferenceTests
{
    /// <summary>Every command path under the root, found through the Commands sections of the help (db → db init).</summary>
    private static IEnumerable<string[]> Leaves(string[] path)
    {
        var commands = HelpText.Of(path).Commands;
        if (path.Length > 0 && commands.Count == 0) yield return path;
        foreach (var command in commands)
            foreach (var leaf in Leaves([.. path, command]))
                yield return leaf;
    }

    /// <summary>The README block's entries, one per command: the synopsis on the left, joined over its wrapped lines.</summary>
    private static Dictionary<string, string> ReadmeSynopses()
    {
        var readme = Repository.Read("README.md").ReplaceLineEndings("\n");
        var start = readme.IndexOf("## CLI reference\n\n```\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## CLI reference' block");
        var block = readme[(readme.IndexOf("```\n", start, StringComparison.Ordinal) + 4)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        var entries = new List<string>();
        foreach (var line in block.Split('\n'))
        {
            var synopsis = ColumnGap().Split(line.Trim(), 2)[0];
            if (line.StartsWith("goldstone ", StringComparison.Ordinal)) entries.Add(synopsis);
            else if (line.StartsWith(' ') && (synopsis.StartsWith('[') || synopsis.StartsWith("-o ", StringComparison.Ordinal))) entries[^1] += " " + synopsis;
        }
        return entries.ToDictionary(CommandPath);
    }

    /// <summary>"goldstone db init [--cluster …]" → "db init": the lower-case words after the program's name.</summary>
    private static string CommandPath(string synopsis) =>
        string.Join(' ', synopsis.Split(' ').Skip(1).TakeWhile(word => word.Length > 0 && word.All(c => char.IsAsciiLetterLower(c))));

    [Fact]
    public void Readme_ListsExactlyTheCommandsOfTheHelp()
    {
        Assert.Equal(Leaves([]).Select(path => string.Join(' ', path)).Order(), ReadmeSynopses().Keys.Order());
    }

    [Fact]
    public void Readme_ListsForEachCommandTheArgumentsAndOptionsOfItsHelp()
    {
        var readme = ReadmeSynopses();
        foreach (var path in Leaves([]))
        {
            var help = HelpText.Of(path);
            var synopsis = readme[string.Join(' ', path)];
            var words = synopsis.Split(' ').Skip(1 + path.Length).ToList();
            var arguments = words.TakeWhile(word => !word.StartsWith('-') && !word.StartsWith("[-", StringComparison.Ordinal)).Select(word => word.Trim('[', ']', '…'));
            var options = OptionName().Matches(synopsis).Select(m => m.Value).Order();
            Assert.True(help.Arguments.SequenceEqual(arguments), $"{synopsis}: the help's arguments are {string.Join(", ", help.Arguments)}");
            // -o is README's spelling of --output.
            Assert.True(help.Options.Where(o => o != "--output" || !help.Options.Contains("-o")).Order().SequenceEqual(options),
                $"{synopsis}: the help's options are {string.Join(", ", help.Options)}");
        }
    }

    [Fact]
    public void Readme_SynopsisOfEachCommand_IsItsUsageLine()
    {
        var readme = ReadmeSynopses();
        var root = GoldstoneCommand.Create();
        foreach (var path in Leaves([]))
        {
            var commands = new List<System.CommandLine.Command> { root };
            foreach (var name in path) commands.Add(commands[^1].Subcommands.Single(c => c.Name == name));
            Assert.Equal(UsageErrors.Synopsis(commands), readme[string.Join(' ', path)]);
        }
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"(?<=\[|^|\s)(--[a-z][a-z-]*|-o)(?=[\s\]]|$)")]
    private static partial Regex OptionName();
}
