using System.Text.RegularExpressions;
using Goldstone.Cli.Parsing;

namespace Goldstone.Tests.Unit.Cli;

/// <summary>A command's <c>--help</c>, written in-process, and the names its sections list.</summary>
public sealed partial record HelpText(int ExitCode, string Text)
{
    private static readonly string[] HelpNames = ["-?", "-h", "--help"];

    /// <summary>The help of the command at <paramref name="path"/> (names under the root).</summary>
    public static HelpText Of(params string[] path)
    {
        using var output = new StringWriter();
        var code = GoldstoneCommand.WriteHelp(GoldstoneCommand.Create(), path, output);
        return new HelpText(code, output.ToString().ReplaceLineEndings("\n"));
    }

    /// <summary>The option names of the Options section, help's own left out: <c>-o, --output &lt;FILE&gt;</c> gives -o and --output.</summary>
    public IReadOnlyList<string> Options => Rows("Options").SelectMany(row => row.Split(' ')[0..].TakeWhile(w => w.StartsWith('-')))
        .Select(name => name.TrimEnd(',')).Where(name => !HelpNames.Contains(name)).ToList();

    /// <summary>The argument names of the Arguments section, without their angle brackets.</summary>
    public IReadOnlyList<string> Arguments => Rows("Arguments").Select(row => row.Split(' ')[0].Trim('<', '>')).ToList();

    /// <summary>The command names of the Commands section.</summary>
    public IReadOnlyList<string> Commands => Rows("Commands").Select(row => row.Split(' ')[0]).ToList();

    /// <summary>The first column of each row of a section, e.g. <c>-o, --output &lt;FILE&gt; (REQUIRED)</c>.</summary>
    private IEnumerable<string> Rows(string section)
    {
        var lines = Text.Split('\n');
        var start = Array.IndexOf(lines, section + ":");
        if (start < 0) yield break;
        for (var i = start + 1; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal); i++)
            yield return ColumnGap().Split(lines[i].Trim(), 2)[0];
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGap();
}
