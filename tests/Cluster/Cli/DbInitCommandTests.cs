using Goldstone.Tests.EndToEnd;

namespace Goldstone.Tests.Cluster.Cli;

/// <summary><c>goldstone db init</c> through the real CLI process.</summary>
public sealed class DbInitCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task DbInit_RunTwice_AppliesThenReportsCurrent()
    {
        var database = await postgres.NewDatabaseAsync();
        using var work = new TempDir();

        var first = await CliProcess.RunAsync(work.Path, "db", "init", "--cluster", "postgres", "--connection", database);
        var second = await CliProcess.RunAsync(work.Path, "db", "init", "--cluster", "postgres", "--connection", database);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal("schema version 2 applied (was none)\n", first.Stdout);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal("schema is current (version 2)\n", second.Stdout);
    }

    [Fact]
    public async Task DbInit_ConnectionFromEnvironment_Applies()
    {
        var database = await postgres.NewDatabaseAsync();
        using var work = new TempDir();

        var run = await CliProcess.RunWithEnvironmentAsync(work.Path, [$"Goldstone__Cluster__ConnectionString={database}"],
            "db", "init", "--cluster", "postgres");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("schema version 2 applied (was none)\n", run.Stdout);
    }

    [Fact]
    public async Task DbInit_UnknownCluster_ExitsTwoNamingTheAllowedValues()
    {
        using var work = new TempDir();

        var run = await CliProcess.RunAsync(work.Path, "db", "init", "--cluster", "nope", "--connection", "Host=127.0.0.1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --cluster 'nope' has no schema to initialise (allowed: postgres, azure)", run.Stderr);
    }

    [Fact]
    public async Task DbInit_NothingListens_ExitsOneWithHostAndPortButNoPassword()
    {
        using var work = new TempDir();
        var port = Providers.PostgresSilos.FreePort();

        var run = await CliProcess.RunAsync(work.Path, "db", "init", "--cluster", "postgres",
            "--connection", $"Host=127.0.0.1;Port={port};Database=gs;Username=gs;Password=hunter2-secret");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: cannot reach PostgreSQL at 127.0.0.1:{port}, database gs: ", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("hunter2", run.Stderr + run.Stdout);
    }
}
