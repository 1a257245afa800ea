using System.Diagnostics;
using System.Text.Json;

namespace Goldstone.Bench;

/// <summary>
/// Every sample of one quantity from one process, printed as one JSON line on stdout (logs go to stderr). Samples of
/// the same part, workload, implementation, thread count and metric from several processes are pooled by
/// bench/python/summarise.py, which reports their median and spread.
/// </summary>
/// <param name="Part">train, hessian, machine or table.</param>
/// <param name="Workload">What was measured, in words shared by the C# and Python sides.</param>
/// <param name="Impl">torchsharp, pytorch or goldstone.</param>
/// <param name="Threads">Intra-op threads (0 where not applicable).</param>
/// <param name="Metric">Name of the quantity.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Values">One value per repetition.</param>
public sealed record Measurement(string Part, string Workload, string Impl, int Threads, string Metric, string Unit, IReadOnlyList<double> Values)
{
    /// <summary>Environment variable naming the run's variant (e.g. <c>passive</c> for OMP_WAIT_POLICY=PASSIVE); bench/run.sh sets it.</summary>
    public const string VariantVariable = "GOLDSTONE_BENCH_VARIANT";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The run's variant, <c>default</c> unless <see cref="VariantVariable"/> says otherwise.</summary>
    public string Variant { get; init; } = Environment.GetEnvironmentVariable(VariantVariable) is { Length: > 0 } v ? v : "default";

    /// <summary>Prints the line.</summary>
    public void Emit()
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(this, Json));
        Console.Out.Flush();
    }

    /// <summary>Wall-clock seconds of <paramref name="action"/>.</summary>
    public static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
