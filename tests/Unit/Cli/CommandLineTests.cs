using Goldstone.Cli;

namespace Goldstone.Tests.Unit.Cli;

public sealed class CommandLineTests
{
    private const string Usage = "usage: goldstone run SPEC [--data-dir DIR] [--slots N]";

    private static readonly string[] RunOptions = ["data-dir", "slots"];

    private static CommandLine Parse(params string[] args) => CommandLine.Parse(args, RunOptions, 1, 1, Usage);

    private static UsageException Fails(Func<object> parse)
    {
        var error = Assert.Throws<UsageException>(parse);
        Assert.Equal(Usage, error.Usage);
        return error;
    }

    [Fact]
    public void Parse_OptionsWithSpaceAndEquals_AreBothRead()
    {
        var line = Parse("run", "spec.yaml", "--slots", "4", "--data-dir=/var/goldstone");

        Assert.Equal("run", line.Command);
        Assert.Equal(["spec.yaml"], line.Positional);
        Assert.Equal("4", line.Option("slots"));
        Assert.Equal("/var/goldstone", line.Option("data-dir"));
    }

    [Fact]
    public void Parse_OptionsBeforeThePositional_AreRead()
    {
        var line = Parse("run", "--slots=2", "spec.yaml");

        Assert.Equal(["spec.yaml"], line.Positional);
        Assert.Equal("2", line.Option("slots"));
    }

    [Fact]
    public void Parse_ValueAfterEquals_KeepsFurtherEqualsSigns()
    {
        Assert.Equal("a=b", Parse("run", "s.yaml", "--data-dir=a=b").Option("data-dir"));
    }

    [Fact]
    public void Parse_EmptyValueAfterEquals_IsEmpty()
    {
        Assert.Equal("", Parse("run", "s.yaml", "--data-dir=").Option("data-dir"));
    }

    [Fact]
    public void Parse_RepeatedOption_KeepsTheLastValue()
    {
        Assert.Equal("8", Parse("run", "s.yaml", "--slots", "2", "--slots=8").Option("slots"));
    }

    [Fact]
    public void Parse_SingleDashArgument_IsPositional()
    {
        var line = CommandLine.Parse(["table", "-", "--data-dir", "d"], RunOptions, 0, 2, Usage);

        Assert.Equal(["-"], line.Positional);
    }

    [Fact]
    public void Option_Absent_GivesNullOrTheFallback()
    {
        var line = Parse("run", "spec.yaml");

        Assert.Null(line.Option("slots"));
        Assert.Equal("./.goldstone", line.Option("data-dir", "./.goldstone"));
    }

    [Fact]
    public void Option_Present_IgnoresTheFallback()
    {
        Assert.Equal("/d", Parse("run", "s.yaml", "--data-dir", "/d").Option("data-dir", "./.goldstone"));
    }

    [Fact]
    public void Parse_UnknownOption_ListsTheAllowedOnes()
    {
        var error = Fails(() => Parse("run", "spec.yaml", "--colour", "red"));

        Assert.Equal("unknown option --colour for 'run' (allowed: --data-dir, --slots)", error.Message);
    }

    [Fact]
    public void Parse_UnknownOptionWithEquals_IsNamedWithoutItsValue()
    {
        var error = Fails(() => Parse("run", "spec.yaml", "--colour=red"));

        Assert.Equal("unknown option --colour for 'run' (allowed: --data-dir, --slots)", error.Message);
    }

    [Fact]
    public void Parse_AnyOptionWhereNoneAreAllowed_SaysNone()
    {
        var error = Fails(() => CommandLine.Parse(["list", "--slots", "2"], [], 0, 0, Usage));

        Assert.Equal("unknown option --slots for 'list' (allowed: none)", error.Message);
    }

    [Fact]
    public void Parse_OptionWithoutValue_SaysItNeedsOne()
    {
        var error = Fails(() => Parse("run", "spec.yaml", "--slots"));

        Assert.Equal("option --slots needs a value", error.Message);
    }

    [Fact]
    public void Parse_TooFewPositionals_SaysTheExactCount()
    {
        var error = Fails(() => Parse("run"));

        Assert.Equal("'run' takes 1 argument(s), got 0", error.Message);
    }

    [Fact]
    public void Parse_TooManyPositionals_SaysTheExactCount()
    {
        var error = Fails(() => Parse("run", "a.yaml", "b.yaml"));

        Assert.Equal("'run' takes 1 argument(s), got 2", error.Message);
    }

    [Fact]
    public void Parse_PositionalsOutsideARange_SaysTheRange()
    {
        var error = Fails(() => CommandLine.Parse(["status", "a", "b"], RunOptions, 0, 1, Usage));

        Assert.Equal("'status' takes 0 to 1 argument(s), got 2", error.Message);
    }

    [Fact]
    public void Parse_PositionalsWithinARange_AreAccepted()
    {
        Assert.Empty(CommandLine.Parse(["status"], RunOptions, 0, 1, Usage).Positional);
        Assert.Equal(["a"], CommandLine.Parse(["status", "a"], RunOptions, 0, 1, Usage).Positional);
    }

    [Fact]
    public void IntOption_Absent_GivesTheFallback()
    {
        Assert.Equal(3, Parse("run", "s.yaml").IntOption("slots", 3, 1, 64, Usage));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("64", 64)]
    [InlineData("17", 17)]
    public void IntOption_WithinBounds_IsParsed(string text, int expected)
    {
        Assert.Equal(expected, Parse("run", "s.yaml", "--slots", text).IntOption("slots", 3, 1, 64, Usage));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("2.5")]
    [InlineData("")]
    public void IntOption_OutOfBoundsOrNotAnInteger_SaysTheBounds(string text)
    {
        var line = Parse("run", "s.yaml", $"--slots={text}");

        var error = Fails(() => line.IntOption("slots", 3, 1, 64, Usage));

        Assert.Equal($"--slots: '{text}' is not an integer from 1 to 64", error.Message);
    }
}
