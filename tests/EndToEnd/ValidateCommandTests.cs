namespace Goldstone.Tests.EndToEnd;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_GoodSpec_PrintsTheTrialsAndCreatesNothing()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", """
            name: v
            kind: synthetic
            params: {duration: 0.5}
            search:
              space:
                x: {values: [0, 0.5, 1]}
            seeds: 2
            epochs: 3
            table:
              baseline: {x: 0}
              metrics: [score]
            """);

        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, "validate", "spec.yaml", "--rows", "3");

        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Equal("""
            spec.yaml: valid, nothing created
            campaign: v (kind synthetic)
            trials: 6 = 3 points × 2 seeds, 3 epochs each; per trial 1 slot, 1 thread
            search: grid
            swept: x (3 values: 0, 0.5, 1)
            fixed: duration=0.5
            table: baseline x=0; metrics score; correction holm
            first 3 of 6 trials:
              #0  x=0  seed 0
              #1  x=0  seed 1
              #2  x=0.5  seed 0

            """.ReplaceLineEndings("\n"), stdout);
        Assert.Equal(["spec.yaml"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Validate_BadSpec_ExitsTwoWithTheSameLinesAsRunAndCreatesNothing()
    {
        using var dir = new TempDir();
        dir.Write("bad.yaml", """
            name: bad
            kind: synthetic
            epochs: zero
            colour: blue
            """);

        var validate = await CliProcess.RunAsync(dir.Path, "validate", "bad.yaml");
        var run = await CliProcess.RunAsync(dir.Path, "run", "bad.yaml");

        // RunCommandTests asserts run's lines word for word; validate must print the same ones.
        Assert.Equal(2, validate.ExitCode);
        Assert.Equal("", validate.Stdout);
        Assert.Equal(run.Stderr, validate.Stderr);
        var lines = validate.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: bad.yaml:3: epochs: ", lines[0]);
        Assert.StartsWith("error: bad.yaml:4: colour: ", lines[1]);
        Assert.Equal(["bad.yaml"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(new[] { "validate" }, "error: 'validate' takes 1 argument(s), got 0")]
    [InlineData(new[] { "validate", "spec.yaml", "--rows", "-1" }, "error: --rows: '-1' is not an integer from 0 to 1000")]
    [InlineData(new[] { "validate", "spec.yaml", "--data-dir", "x" }, "error: unknown option --data-dir for 'validate' (allowed: --rows)")]
    public async Task Validate_BadCommandLine_ExitsTwoWithTheUsage(string[] args, string firstLine)
    {
        using var dir = new TempDir();

        var (code, _, stderr) = await CliProcess.RunAsync(dir.Path, args);

        Assert.Equal(2, code);
        Assert.Equal([firstLine, "usage: goldstone validate SPEC [--rows N]"], stderr.TrimEnd('\n').Split('\n'));
    }
}
