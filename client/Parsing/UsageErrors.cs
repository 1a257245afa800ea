using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Goldstone.Cli.Parsing;

/// <summary>
/// What a command line that does not parse gets instead of System.CommandLine's messages and full help: one line per
/// problem naming what is allowed, and the command's usage line.
/// </summary>
public static class UsageErrors
{
    /// <summary>The program's name in usage lines (the root command's own name is the host's file name).</summary>
    public const string Program = "goldstone";

    /// <summary>One message per problem of <paramref name="result"/>, without the "error: " prefix; none when it parsed.</summary>
    public static IReadOnlyList<string> Describe(ParseResult result)
    {
        var command = result.CommandResult;
        var unmatched = result.UnmatchedTokens;
        // An unknown option where the command takes an argument is taken as that argument ("run --colour x" makes
        // --colour the SPEC): before a "--", an argument that starts with '-' is an unknown option.
        var end = result.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        var bound = command.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).ToList();
        var misplaced = bound.Where(t => IsOption(t.Value) && (end < 0 || IndexOf(result.Tokens, t) < end)).ToList();
        var extra = unmatched.Where(t => !IsOption(t)).ToList();
        var lines = misplaced.Select(t => t.Value).Concat(unmatched.Where(IsOption)).Select(t => UnknownOption(command, t)).ToList();
        if (command.Command.Subcommands.Count > 0 && extra.Count > 0)
            lines.Add(UnknownCommand(PathOf(command), extra[0]));
        // After an unknown option, the next token may be its value: the count would mislead.
        else if (lines.Count == 0 && ArgumentCountProblem(command, bound.Count - misplaced.Count + extra.Count) is { } count)
            lines.Add(count);
        foreach (var error in result.Errors)
        {
            // Unmatched tokens and missing arguments are said above, with what is allowed.
            if (error.SymbolResult is CommandResult && unmatched.Any(t => error.Message == $"Unrecognized command or argument '{t}'.")) continue;
            if (error.SymbolResult is ArgumentResult { Parent: CommandResult }) continue;
            if (error.SymbolResult is CommandResult { Command.Action: null, Command.Subcommands.Count: > 0 } parent)
            {
                if (extra.Count == 0)
                    lines.Add($"'{Name(PathOf(parent))}' needs a command (allowed: {string.Join(", ", parent.Command.Subcommands.Select(c => c.Name))})");
                continue;
            }
            lines.Add(error.SymbolResult switch
            {
                OptionResult { Implicit: true, Option.Required: true } option => $"{ShortestName(option.Option)} {option.Option.HelpName} is required: {option.Option.Description}",
                OptionResult { Tokens.Count: 0 } option => $"option {option.Option.Name} needs a value",
                OptionResult option when option.IdentifierTokenCount > 1 => $"option {option.Option.Name} is given {option.IdentifierTokenCount} times (give it once)",
                _ => error.Message,
            });
        }
        return lines.Distinct().ToList();
    }

    /// <summary>"unknown command 'fly' (allowed: run, …)", or "unknown db command 'x' (allowed: init)" under <c>db</c>.</summary>
    public static string UnknownCommand(IReadOnlyList<Command> path, string token)
    {
        var under = path.Count > 1 ? Name(path) + " " : "";
        return $"unknown {under}command '{token}' (allowed: {string.Join(", ", path[^1].Subcommands.Where(c => !c.Hidden).Select(c => c.Name))})";
    }

    /// <summary>The usage line of the command <paramref name="result"/> parsed: <c>goldstone run SPEC [--data-dir DIR] …</c>.</summary>
    public static string Synopsis(CommandResult result) => Synopsis(PathOf(result));

    /// <summary>The usage line of the last command of <paramref name="path"/> (root first).</summary>
    public static string Synopsis(IReadOnlyList<Command> path)
    {
        var command = path[^1];
        var parts = new List<string> { Program };
        parts.AddRange(path.Skip(1).Select(c => c.Name));
        if (command.Subcommands.Count > 0) parts.Add("COMMAND");
        foreach (var argument in command.Arguments)
            parts.Add(argument.Arity.MaximumNumberOfValues > 1 ? $"[{argument.Name}…]"
                : argument.Arity.MinimumNumberOfValues > 0 ? argument.Name
                : $"[{argument.Name}]");
        var options = command.Options.Where(o => o is not HelpOption).ToList();
        parts.AddRange(options.Where(o => o.Required).Select(o => $"{ShortestName(o)} {o.HelpName}"));
        parts.AddRange(options.Where(o => !o.Required).Select(o => string.IsNullOrEmpty(o.HelpName) ? $"[{o.Name}]" : $"[{o.Name} {o.HelpName}]"));
        return string.Join(' ', parts);
    }

    /// <summary>The commands from the root to <paramref name="result"/>'s.</summary>
    public static IReadOnlyList<Command> PathOf(CommandResult result)
    {
        var path = new List<Command>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
            if (current is CommandResult c) path.Insert(0, c.Command);
        return path;
    }

    private static string Name(IReadOnlyList<Command> path) => path.Count == 1 ? Program : string.Join(' ', path.Skip(1).Select(c => c.Name));

    private static bool IsOption(string token) => token.Length > 1 && token[0] == '-';

    private static string UnknownOption(CommandResult command, string token)
    {
        var allowed = command.Command.Options.Where(o => o is not HelpOption).Select(o => o.Name).ToList();
        return $"unknown option {token.Split('=')[0]} for '{Name(PathOf(command))}' (allowed: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))})";
    }

    private static string? ArgumentCountProblem(CommandResult command, int supplied)
    {
        var min = command.Command.Arguments.Sum(a => a.Arity.MinimumNumberOfValues);
        var max = command.Command.Arguments.Sum(a => (long)a.Arity.MaximumNumberOfValues);
        if (supplied >= min && supplied <= max) return null;
        return $"'{Name(PathOf(command))}' takes {(min == max ? $"{min}" : $"{min} to {max}")} argument(s), got {supplied}";
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
            if (ReferenceEquals(tokens[i], token)) return i;
        return -1;
    }

    private static string ShortestName(Option option) => option.Aliases.Append(option.Name).MinBy(n => n.Length)!;
}
