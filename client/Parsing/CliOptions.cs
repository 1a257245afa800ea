using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Goldstone.Cli.Parsing;

/// <summary>
/// The options several commands share, and the kinds of option whose bad values get Goldstone's one-line messages
/// ("--rows: 'x' is not an integer from 0 to 1000") at parse time, before anything starts.
/// </summary>
public static class CliOptions
{
    /// <summary>The gateway a client command uses without <c>--gateway</c>.</summary>
    public const string DefaultGateway = "localhost:30000";

    /// <summary>An integer option from <paramref name="min"/> to <paramref name="max"/>; null when absent.</summary>
    public static Option<int?> Integer(string name, string helpName, string description, int min, int max) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result => ParseInteger(result, name, min, max),
    };

    /// <summary>An integer option from <paramref name="min"/> to <paramref name="max"/> with a default (shown in help).</summary>
    public static Option<int> Integer(string name, string helpName, string description, int min, int max, int defaultValue) => new(name)
    {
        HelpName = helpName,
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseInteger(result, name, min, max) ?? defaultValue,
    };

    /// <summary>
    /// An option that takes one of <paramref name="allowed"/> (offered by shell completion); another value is an error
    /// naming them: "--format: 'x' is not a format (allowed: text, markdown, …)".
    /// </summary>
    public static Option<string?> Choice(string name, string noun, string description, IReadOnlyList<string> allowed, string? defaultValue = null)
    {
        var option = new Option<string?>(name)
        {
            HelpName = string.Join('|', allowed),
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (allowed.Contains(text, StringComparer.Ordinal)) return text;
                result.AddError($"{name}: '{text}' is not {noun} (allowed: {string.Join(", ", allowed)})");
                return null;
            },
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.CompletionSources.Add([.. allowed]);
        return option;
    }

    /// <summary><c>--gateway HOST:PORT[,HOST:PORT…]</c>: the silos a client command talks to.</summary>
    public static Option<string> Gateway() => new("--gateway")
    {
        HelpName = "HOST:PORT",
        Description = "a running silo's gateway; several silos: HOST:PORT,HOST:PORT (the client uses any that answers)",
        DefaultValueFactory = _ => DefaultGateway,
    };

    /// <summary>
    /// <c>-o FILE</c> (<c>--output FILE</c>), required; its absence is reported as "-o FILE is required:
    /// <paramref name="description"/>".
    /// </summary>
    public static Option<string> Output(string description) => new("--output", "-o")
    {
        HelpName = "FILE",
        Description = description,
        Required = true,
    };

    /// <summary><c>--data-dir DIR</c>: the embedded store's directory.</summary>
    public static Option<string?> DataDir() => new("--data-dir")
    {
        HelpName = "DIR",
        Description = "the embedded store's directory (default ./.goldstone, or Goldstone:DataDir)",
    };

    /// <summary><c>--slots N</c>: trials at once.</summary>
    public static Option<int?> Slots() =>
        Integer("--slots", "N", "trials at once (default: cores ÷ the spec's threads per trial)", 1, 4096);

    /// <summary><c>--gpus N</c>: the GPUs trials may use.</summary>
    public static Option<int?> Gpus() =>
        Integer("--gpus", "N", "GPUs for trials (default: those nvidia-smi lists, none without it; 0: CPU trials only)", 0, 1024);

    private static int? ParseInteger(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        result.AddError($"{name}: '{text}' is not an integer from {min} to {max}");
        return null;
    }
}
