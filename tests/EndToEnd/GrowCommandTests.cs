namespace Goldstone.Tests.EndToEnd;

/// <summary><c>run</c> again with a spec that only adds trials: the finished trials stay, only the new ones train.</summary>
public sealed class GrowCommandTests
{
    private const string Spec = """
        name: e2e-grow
        kind: synthetic
        params: {duration: 0.2, noise: 0.05}
        search:
          space:
            x: {values: [0, 1]}
        seeds: 2
        epochs: 1
        retries: {max_attempts: 1}
        table:
          baseline: {x: 0}
          metrics: [score]
        """;

    [Fact]
    public async Task Run_GrownBySeedsAndValues_TrainsOnlyTheNewTrialsAndTheTableCoversAll()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", Spec);
        var first = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var results = Path.Combine(dir.Path, ".goldstone", "campaigns", "e2e-grow", "results.jsonl");
        var before = File.ReadAllLines(results);

        dir.Write("spec.yaml", Spec.Replace("values: [0, 1]", "values: [0, 0.5, 1]").Replace("seeds: 2", "seeds: 3"));
        var second = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml");
        // A new process: the campaign comes back from its stored specs, offline and on a silo alike.
        var offline = await CliProcess.RunAsync(dir.Path, "table", "e2e-grow", "--data-dir", ".goldstone", "--format", "markdown");
        var resumed = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml");
        var refused = await RunRefusedAsync(dir);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("campaign e2e-grow: growing (9 trials, 5 new, ", second.Stderr);
        Assert.Contains("9/9 done (succeeded 9, failed 0), pending 0, running 0", second.Stdout);
        var after = File.ReadAllLines(results);
        // The four finished trials are the same lines (index, seed, params, one attempt, metrics): they never ran again.
        Assert.Equal(before, after.Take(4));
        Assert.Equal(9, after.Length);
        Assert.All(after, line => Assert.Contains("\"attempts\":1,", line));
        Assert.Matches(@"x=0 \(baseline\)\s+3/3", second.Stdout);
        Assert.Matches(@"x=0\.5\s+3/3", second.Stdout);
        Assert.Matches(@"x=1\s+3/3", second.Stdout);
        Assert.True(offline.ExitCode == 0, offline.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, ".goldstone", "campaigns", "e2e-grow", "table.md")), offline.Stdout);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("campaign e2e-grow: resuming (9 trials, ", resumed.Stderr);
        Assert.Equal(after, File.ReadAllLines(results));
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("error: spec.yaml: campaign 'e2e-grow' already exists; 'epochs' changed (1 to 2): "
            + "a grown spec may only add seeds, values to a values list, widen an int range or raise samples\n", refused.Stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunRefusedAsync(TempDir dir)
    {
        dir.Write("spec.yaml", File.ReadAllText(Path.Combine(dir.Path, "spec.yaml")).Replace("epochs: 1", "epochs: 2"));
        return await CliProcess.RunAsync(dir.Path, "run", "spec.yaml");
    }
}
