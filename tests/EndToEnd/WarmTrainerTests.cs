namespace Goldstone.Tests.EndToEnd;

/// <summary>
/// A trial's result does not depend on which trainer process ran it or what ran before it: the same campaign run
/// with warm trainer processes (the default) and with a fresh process per trial writes byte-identical tables.
/// </summary>
public sealed class WarmTrainerTests
{
    // One slot, so every trial follows another in the same process; about a third of the attempts crash (SIGABRT)
    // and are retried, so the trial after a crash runs in the replacement process.
    private const string CrashingSynthetic = """
        name: warm-synthetic
        kind: synthetic
        params: {fail_prob: 0.35, failure_mode: crash, noise: 0.05}
        search:
          space:
            x: {values: [0, 0.25, 0.5, 0.75, 1]}
        seeds: 3
        epochs: 1
        retries: {max_attempts: 2, backoff: {initial_seconds: 0.1, max_seconds: 0.1}}
        table:
          baseline: {x: 0}
          metrics: [score, loss]
        """;

    // Two slots: each warm process runs three trials in a row.
    private static readonly string SoftSymmetry = RunCommandTests.SoftSymmetrySpec.Replace("name: e2e-soft", "name: warm-soft");

    [Theory]
    [InlineData("synthetic")]
    [InlineData("soft_symmetry")]
    public async Task Run_WarmProcessesAndFreshProcessPerTrial_WriteByteIdenticalTables(string kind)
    {
        var (spec, name, slots) = kind == "synthetic" ? (CrashingSynthetic, "warm-synthetic", "1") : (SoftSymmetry, "warm-soft", "2");
        using var warm = new TempDir();
        using var fresh = new TempDir();
        warm.Write("spec.yaml", spec);
        fresh.Write("spec.yaml", spec);

        var warmRun = await CliProcess.RunAsync(warm.Path, "run", "spec.yaml", "--slots", slots);
        var freshRun = await CliProcess.RunWithEnvironmentAsync(fresh.Path, ["Goldstone__Worker__TrialsPerProcess=1"], "run", "spec.yaml", "--slots", slots);

        Assert.True(warmRun.ExitCode == 0, warmRun.Stderr);
        Assert.True(freshRun.ExitCode == 0, freshRun.Stderr);
        var table = Path.Combine(".goldstone", "campaigns", name, "table.md");
        var results = Path.Combine(".goldstone", "campaigns", name, "results.jsonl");
        Assert.Equal(File.ReadAllBytes(Path.Combine(fresh.Path, table)), File.ReadAllBytes(Path.Combine(warm.Path, table)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fresh.Path, results)), File.ReadAllBytes(Path.Combine(warm.Path, results)));
        if (kind == "synthetic")
        {
            // The crashes happened, and were retried: the comparison covers trials that follow a crash.
            var lines = File.ReadAllLines(Path.Combine(warm.Path, results));
            Assert.Contains(lines, l => l.Contains("\"failed_attempts\":1", StringComparison.Ordinal));
        }
    }
}
