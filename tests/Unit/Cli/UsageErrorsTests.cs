using Goldstone.Cli.Parsing;

namespace Goldstone.Tests.Unit.Cli;

public sealed class UsageErrorsTests
{
    private static IReadOnlyList<string> Errors(params string[] args) => UsageErrors.Describe(Goldstone.Cli.Cli.Parse(args));

    private static string Synopsis(params string[] args) => UsageErrors.Synopsis(Goldstone.Cli.Cli.Parse(args).CommandResult);

    [Theory]
    [InlineData(new[] { "run", "spec.yaml", "--colour", "red" }, "unknown option --colour for 'run' (allowed: --data-dir, --slots, --gpus)")]
    [InlineData(new[] { "run", "spec.yaml", "--colour=red" }, "unknown option --colour for 'run' (allowed: --data-dir, --slots, --gpus)")]
    [InlineData(new[] { "run", "--colour", "spec.yaml" }, "unknown option --colour for 'run' (allowed: --data-dir, --slots, --gpus)")]
    [InlineData(new[] { "validate", "--data-dir", "x" }, "unknown option --data-dir for 'validate' (allowed: --rows)")]
    [InlineData(new[] { "table", "demo", "-o", "t.txt" }, "unknown option -o for 'table' (allowed: --gateway, --data-dir, --by, --metrics, --fix, --interval, --test, --correction, --trend, --log-scale, --pareto, --stopped, --format)")]
    [InlineData(new[] { "--colour" }, "unknown option --colour for 'goldstone' (allowed: none)")]
    [InlineData(new[] { "db", "init", "--port", "1" }, "unknown option --port for 'db init' (allowed: --cluster, --connection)")]
    public void Describe_UnknownOption_ListsTheAllowedOnes(string[] args, string expected)
    {
        Assert.Equal([expected], Errors(args));
    }

    [Theory]
    [InlineData(new[] { "fly" }, "unknown command 'fly' (allowed: run, validate, kinds, silo, submit, watch, status, table, report, list, cancel, export, logs, db, help)")]
    [InlineData(new[] { "db", "drop" }, "unknown db command 'drop' (allowed: init)")]
    [InlineData(new[] { "db" }, "'db' needs a command (allowed: init)")]
    public void Describe_UnknownOrMissingCommand_ListsTheAllowedOnes(string[] args, string expected)
    {
        Assert.Equal([expected], Errors(args));
    }

    [Theory]
    [InlineData(new[] { "run" }, "'run' takes 1 argument(s), got 0")]
    [InlineData(new[] { "run", "a.yaml", "b.yaml" }, "'run' takes 1 argument(s), got 2")]
    [InlineData(new[] { "status", "a", "b" }, "'status' takes 0 to 1 argument(s), got 2")]
    [InlineData(new[] { "list", "a" }, "'list' takes 0 argument(s), got 1")]
    [InlineData(new[] { "db", "init", "x" }, "'db init' takes 0 argument(s), got 1")]
    public void Describe_WrongArgumentCount_SaysTheExactCount(string[] args, string expected)
    {
        Assert.Equal([expected], Errors(args));
    }

    [Theory]
    [InlineData(new[] { "run", "spec.yaml", "--slots" }, "option --slots needs a value")]
    [InlineData(new[] { "run", "spec.yaml", "--slots", "2", "--slots=8" }, "option --slots is given 2 times (give it once)")]
    [InlineData(new[] { "export", "demo" }, "-o FILE is required: where to write the trials, e.g. -o results.jsonl; - for standard output")]
    [InlineData(new[] { "report", "demo" }, "-o FILE is required: where to write the report, e.g. -o report.html")]
    [InlineData(new[] { "table", "demo", "--format", "html" }, "--format: 'html' is not a format (allowed: text, markdown, csv, json, latex)")]
    [InlineData(new[] { "silo", "--cluster", "redis" }, "--cluster: 'redis' is not a provider (allowed: embedded, postgres, azure)")]
    [InlineData(new[] { "validate", "spec.yaml", "--rows", "-1" }, "--rows: '-1' is not an integer from 0 to 1000")]
    [InlineData(new[] { "silo", "--http-port", "65536" }, "--http-port: '65536' is not an integer from 0 to 65535")]
    [InlineData(new[] { "silo", "--port", "0" }, "--port: '0' is not an integer from 1 to 65535")]
    [InlineData(new[] { "run", "spec.yaml", "--gpus", "two" }, "--gpus: 'two' is not an integer from 0 to 1024")]
    public void Describe_BadOptionValue_IsOneLine(string[] args, string expected)
    {
        Assert.Equal([expected], Errors(args));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4097")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("2.5")]
    public void Describe_SlotsOutOfBoundsOrNotAnInteger_SaysTheBounds(string text)
    {
        Assert.Equal([$"--slots: '{text}' is not an integer from 1 to 4096"], Errors("run", "s.yaml", $"--slots={text}"));
    }

    [Theory]
    [InlineData("run spec.yaml --slots 4 --data-dir=/var/goldstone")]
    [InlineData("run --slots=2 spec.yaml")]
    [InlineData("export demo -o out.jsonl")]
    [InlineData("status")]
    [InlineData("db init --cluster postgres")]
    [InlineData("run -- -odd.yaml")]
    [InlineData("--help")]
    public void Describe_CommandLineThatParses_HasNoErrors(string commandLine)
    {
        Assert.Empty(Errors(commandLine.Split(' ')));
    }

    [Theory]
    [InlineData(new[] { "run", "x" }, "goldstone run SPEC [--data-dir DIR] [--slots N] [--gpus N]")]
    [InlineData(new[] { "validate", "x" }, "goldstone validate SPEC [--rows N]")]
    [InlineData(new[] { "status" }, "goldstone status [NAME] [--gateway HOST:PORT] [--data-dir DIR]")]
    [InlineData(new[] { "export", "x" }, "goldstone export NAME -o FILE [--format jsonl|csv] [--gateway HOST:PORT] [--data-dir DIR]")]
    [InlineData(new[] { "db" }, "goldstone db COMMAND")]
    [InlineData(new[] { "help" }, "goldstone help [COMMAND…]")]
    [InlineData(new string[0], "goldstone COMMAND")]
    public void Synopsis_IsTheUsageLine(string[] args, string expected)
    {
        Assert.Equal(expected, Synopsis(args));
    }
}
