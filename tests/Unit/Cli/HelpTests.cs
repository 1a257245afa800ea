namespace Goldstone.Tests.Unit.Cli;

/// <summary><c>goldstone COMMAND --help</c> for every command: exit 0 and exactly the command's arguments and options.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("run", "SPEC", "--data-dir --slots --gpus")]
    [InlineData("validate", "SPEC", "--rows")]
    [InlineData("silo", "", "--cluster --connection --data-dir --port --gateway-port --http-port --slots --gpus")]
    [InlineData("submit", "SPEC", "--gateway")]
    [InlineData("watch", "NAME", "--gateway")]
    [InlineData("status", "NAME", "--gateway --data-dir")]
    [InlineData("table", "NAME", "--gateway --data-dir --by --metrics --fix --interval --test --correction --trend --log-scale --pareto --stopped --format")]
    [InlineData("report", "NAME", "-o --output --gateway --data-dir --by --metrics --fix --interval --test --correction --trend --log-scale --pareto --stopped")]
    [InlineData("list", "", "--gateway --data-dir")]
    [InlineData("cancel", "NAME", "--gateway")]
    [InlineData("export", "NAME", "-o --output --format --gateway --data-dir")]
    [InlineData("logs", "NAME TRIAL", "--attempt --follow --data-dir --gateway")]
    [InlineData("db init", "", "--cluster --connection")]
    [InlineData("help", "COMMAND", "")]
    public void Help_OfEachCommand_ExitsZeroAndListsItsArgumentsAndOptions(string command, string arguments, string options)
    {
        var help = HelpText.Of(command.Split(' '));

        Assert.Equal(0, help.ExitCode);
        Assert.Equal(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), help.Arguments);
        Assert.Equal(options.Split(' ', StringSplitOptions.RemoveEmptyEntries), help.Options);
        Assert.Contains($"{command} ", help.Text.Split('\n')[4]);
    }

    [Fact]
    public void Help_OfTheRoot_ListsEveryCommandThenTheExitCodes()
    {
        var help = HelpText.Of();

        Assert.Equal(0, help.ExitCode);
        Assert.Equal(["run", "validate", "kinds", "silo", "submit", "watch", "status", "table", "report", "list", "cancel", "export", "logs", "db", "help"], help.Commands);
        Assert.EndsWith(Goldstone.Cli.Parsing.GoldstoneCommand.Epilogue + "\n", help.Text);
        Assert.Contains("\n  130  interrupted by Ctrl-C (run the same command again to resume)\n", help.Text);
    }

    [Fact]
    public void Help_OfDb_ListsInit()
    {
        Assert.Equal(["init"], HelpText.Of("db").Commands);
    }

    [Fact]
    public void Help_OfAnOptionWithADefault_ShowsTheDefault()
    {
        var help = HelpText.Of("validate").Text;

        Assert.Matches(@"\n  --rows <N> +how many of the first trials to list \[default: 10\]\n", help);
    }
}
