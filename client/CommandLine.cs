namespace Goldstone.Cli;

/// <summary>A parsed command line: the command, its positional arguments and <c>--name value</c> options.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    private CommandLine(string command, List<string> positional)
    {
        Command = command;
        Positional = positional;
    }

    /// <summary>The command name (first argument).</summary>
    public string Command { get; }

    /// <summary>Arguments that are not options.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Parses <paramref name="args"/>; only the options in <paramref name="allowed"/> are accepted.</summary>
    /// <exception cref="UsageException">An unknown option, a missing value or a wrong argument count.</exception>
    public static CommandLine Parse(string[] args, string[] allowed, int minPositional, int maxPositional, string usage)
    {
        var positional = new List<string>();
        var line = new CommandLine(args[0], positional);
        for (var i = 1; i < args.Length; i++)
        {
            // "-o FILE" is the conventional spelling of --output, for the commands that write a file.
            var arg = args[i] == "-o" && allowed.Contains("output") ? "--output" : args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                positional.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            if (!allowed.Contains(name))
                throw new UsageException($"unknown option --{name} for '{args[0]}' (allowed: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed.Select(a => "--" + a)))})", usage);
            string value;
            if (eq > 0) value = arg[(eq + 1)..];
            else if (i + 1 < args.Length) value = args[++i];
            else throw new UsageException($"option --{name} needs a value", usage);
            line._options[name] = value;
        }
        if (positional.Count < minPositional || positional.Count > maxPositional)
            throw new UsageException($"'{args[0]}' takes {(minPositional == maxPositional ? $"{minPositional}" : $"{minPositional} to {maxPositional}")} argument(s), got {positional.Count}", usage);
        return line;
    }

    /// <summary>An option's value, or <paramref name="fallback"/>.</summary>
    public string Option(string name, string fallback) => _options.GetValueOrDefault(name, fallback);

    /// <summary>An option's value, or null.</summary>
    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>An integer option within bounds, or <paramref name="fallback"/>.</summary>
    public int IntOption(string name, int fallback, int min, int max, string usage)
    {
        if (!_options.TryGetValue(name, out var text)) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new UsageException($"--{name}: '{text}' is not an integer from {min} to {max}", usage);
        return value;
    }
}

/// <summary>The user called a command wrongly; exit code 2.</summary>
public sealed class UsageException(string message, string usage) : Exception(message)
{
    /// <summary>The command's usage line.</summary>
    public string Usage { get; } = usage;
}

/// <summary>Exit codes of the CLI.</summary>
public static class ExitCodes
{
    /// <summary>Done (a campaign completed, even with failed trials).</summary>
    public const int Ok = 0;
    /// <summary>A system error: storage, cluster, trainer missing.</summary>
    public const int SystemError = 1;
    /// <summary>Bad input: a spec, an option, an unknown campaign.</summary>
    public const int BadInput = 2;
    /// <summary>Interrupted by Ctrl-C (SIGINT); running the same command again resumes.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM; running the same command again resumes.</summary>
    public const int Terminated = 143;
}
