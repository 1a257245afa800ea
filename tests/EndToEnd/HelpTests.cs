namespace Goldstone.Tests.EndToEnd;

/// <summary>Help, usage errors and completion of the real CLI process: where they print and how it exits.</summary>
public sealed class HelpTests
{
    [Fact]
    public async Task Help_InEachSpelling_PrintsTheSameListToStdoutAndExitsZero()
    {
        using var dir = new TempDir();

        var help = await CliProcess.RunAsync(dir.Path, "--help");
        var h = await CliProcess.RunAsync(dir.Path, "-h");
        var word = await CliProcess.RunAsync(dir.Path, "help");

        Assert.Equal((0, ""), (help.ExitCode, help.Stderr));
        Assert.StartsWith("Description:\n  Goldstone: ", help.Stdout);
        Assert.Contains("\nUsage:\n  goldstone [command] [options]\n", help.Stdout);
        Assert.Contains("\n  143  stopped by SIGTERM (run the same command again to resume)\n", help.Stdout);
        Assert.Equal((0, help.Stdout, ""), (h.ExitCode, h.Stdout, h.Stderr));
        Assert.Equal((0, help.Stdout, ""), (word.ExitCode, word.Stdout, word.Stderr));
    }

    [Fact]
    public async Task NoArguments_PrintsTheListToStderrAndExitsTwo()
    {
        using var dir = new TempDir();

        var none = await CliProcess.RunAsync(dir.Path);
        var help = await CliProcess.RunAsync(dir.Path, "--help");

        Assert.Equal((2, ""), (none.ExitCode, none.Stdout));
        Assert.Equal(help.Stdout, none.Stderr);
    }

    [Theory]
    [InlineData("run", "goldstone run <SPEC> [options]")]
    [InlineData("validate", "goldstone validate <SPEC> [options]")]
    [InlineData("kinds", "goldstone kinds [<KIND>] [options]")]
    [InlineData("silo", "goldstone silo [options]")]
    [InlineData("submit", "goldstone submit <SPEC> [options]")]
    [InlineData("watch", "goldstone watch <NAME> [options]")]
    [InlineData("status", "goldstone status [<NAME>] [options]")]
    [InlineData("table", "goldstone table <NAME> [options]")]
    [InlineData("report", "goldstone report <NAME> [options]")]
    [InlineData("list", "goldstone list [options]")]
    [InlineData("cancel", "goldstone cancel <NAME> [options]")]
    [InlineData("export", "goldstone export <NAME> [options]")]
    [InlineData("logs", "goldstone logs <NAME> <TRIAL> [options]")]
    [InlineData("db", "goldstone db [command] [options]")]
    [InlineData("db init", "goldstone db init [options]")]
    public async Task CommandHelp_PrintsItsUsageToStdoutAndExitsZero(string command, string usage)
    {
        using var dir = new TempDir();

        var help = await CliProcess.RunAsync(dir.Path, [.. command.Split(' '), "--help"]);
        var word = await CliProcess.RunAsync(dir.Path, ["help", .. command.Split(' ')]);

        Assert.Equal((0, ""), (help.ExitCode, help.Stderr));
        Assert.Contains($"\nUsage:\n  {usage}\n", help.Stdout);
        Assert.Equal((0, help.Stdout, ""), (word.ExitCode, word.Stdout, word.Stderr));
    }

    [Fact]
    public async Task HelpWithOtherwiseBadArguments_StillHelps()
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, "run", "--colour", "--help");

        Assert.Equal((0, ""), (code, stderr));
        Assert.Contains("\nUsage:\n  goldstone run <SPEC> [options]\n", stdout);
    }

    [Fact]
    public async Task UsageError_ExitsTwoWithOneErrorLineAndTheUsageLine()
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await CliProcess.RunAsync(dir.Path, "export", "demo");

        Assert.Equal((2, ""), (code, stdout));
        Assert.Equal("error: -o FILE is required: where to write the trials, e.g. -o results.jsonl; - for standard output\n" +
            "usage: goldstone export NAME -o FILE [--format jsonl|csv] [--gateway HOST:PORT] [--data-dir DIR]\n", stderr);
    }

    [Fact]
    public async Task HelpOfAnUnknownCommand_ExitsTwo()
    {
        using var dir = new TempDir();

        var (code, _, stderr) = await CliProcess.RunAsync(dir.Path, "help", "fly");

        Assert.Equal(2, code);
        Assert.Equal("error: unknown command 'fly' (allowed: run, validate, kinds, silo, submit, watch, status, table, report, list, cancel, export, logs, db, help)\n" +
            "usage: goldstone help [COMMAND…]\n", stderr);
    }

    [Fact]
    public async Task SuggestDirective_CompletesCommandsAndOptionValues()
    {
        using var dir = new TempDir();

        var command = await CliProcess.RunAsync(dir.Path, "[suggest]", "ta");
        var format = await CliProcess.RunAsync(dir.Path, "[suggest:27]", "goldstone table x --format ");

        Assert.Equal((0, "table\nstatus\n", ""), (command.ExitCode, command.Stdout, command.Stderr));
        Assert.Equal((0, "csv\njson\nlatex\nmarkdown\ntext\n", ""), (format.ExitCode, format.Stdout, format.Stderr));
    }
}
