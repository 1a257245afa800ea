namespace Goldstone.Tests.Grains;

/// <summary>Small synthetic specs for grain tests.</summary>
public static class Specs
{
    public static string Synthetic(string name, string parameters, string space, int seeds, int maxAttempts,
        double timeoutSeconds = 60, int epochs = 2, string table = "") => $"""
        name: {name}
        kind: synthetic
        params: {parameters}
        search:
          space: {space}
        seeds: {seeds}
        epochs: {epochs}
        retries:
          max_attempts: {maxAttempts}
          backoff: {"{"}initial_seconds: 0.05, max_seconds: 0.2{"}"}
        resources: {"{"}timeout_seconds: {timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}{"}"}
        {table}
        """;
}
