namespace Goldstone.Bench;

/// <summary>A mistake on the command line: printed with the usage, exit status 2.</summary>
public sealed class BenchUsageException(string message) : Exception(message);

/// <summary>The command line of one bench process.</summary>
/// <param name="Command">export, machine, train, hessian, table, trainers or cluster-grains.</param>
/// <param name="Size">small (a smoke run) or full.</param>
/// <param name="Threads">Intra-op threads for torch.</param>
/// <param name="DataDirectory">Where <c>export</c> wrote the data and the manifest that the other commands read.</param>
/// <param name="Trials">Outcomes the table bench records; no-op trials the trainers bench runs.</param>
public sealed record BenchArguments(string Command, string Size, int Threads, string DataDirectory, int Trials)
{
    /// <summary>How to call the bench.</summary>
    public const string Usage =
        "usage: Goldstone.Bench export|machine|train|hessian --data DIR [--size small|full] [--threads N]\n"
        + "       Goldstone.Bench table|trainers|cluster-grains --trials N [--size small|full]";

    /// <summary>True for the smoke-run size.</summary>
    public bool Small => Size == "small";

    /// <summary>Reads <c>COMMAND [--option value]…</c>.</summary>
    /// <exception cref="BenchUsageException">An option is unknown, lacks its value or is out of range.</exception>
    public static BenchArguments Parse(string[] args)
    {
        if (args.Length == 0) throw new BenchUsageException("no command");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new BenchUsageException($"expected --option value, got '{string.Join(' ', args[i..])}'");
            options[args[i][2..]] = args[i + 1];
        }
        foreach (var name in options.Keys.Where(k => k is not ("size" or "threads" or "data" or "trials")))
            throw new BenchUsageException($"unknown option --{name}");
        var size = options.GetValueOrDefault("size", "full");
        if (size is not ("small" or "full")) throw new BenchUsageException($"--size: '{size}' (allowed: small, full)");
        return new BenchArguments(args[0], size, PositiveInt(options, "threads", 1),
            options.GetValueOrDefault("data", ""), PositiveInt(options, "trials", 10_000));
    }

    private static int PositiveInt(Dictionary<string, string> options, string name, int fallback)
    {
        if (!options.TryGetValue(name, out var text)) return fallback;
        return int.TryParse(text, out var value) && value > 0 ? value : throw new BenchUsageException($"--{name}: '{text}' is not a positive integer");
    }
}
