namespace Goldstone.Tests.Unit.Cli;

/// <summary>The values the commands get from a command line that parses.</summary>
public sealed class ParsingTests
{
    private static System.CommandLine.ParseResult Parse(params string[] args) => Goldstone.Cli.Cli.Parse(args);

    [Fact]
    public void Parse_OptionsWithSpaceAndEquals_AreBothRead()
    {
        var result = Parse("run", "spec.yaml", "--slots", "4", "--data-dir=/var/goldstone");

        Assert.Equal(("run", "spec.yaml", 4, "/var/goldstone"),
            (result.CommandResult.Command.Name, result.GetValue<string>("SPEC"), result.GetValue<int?>("--slots"), result.GetValue<string?>("--data-dir")));
    }

    [Fact]
    public void Parse_ValueAfterEquals_KeepsFurtherEqualsSigns()
    {
        Assert.Equal("a=b", Parse("run", "s.yaml", "--data-dir=a=b").GetValue<string?>("--data-dir"));
    }

    [Fact]
    public void Parse_AbsentOptions_AreNullOrTheirDefault()
    {
        var run = Parse("run", "spec.yaml");
        var validate = Parse("validate", "spec.yaml");
        var table = Parse("table", "demo");

        Assert.Equal((null, null, null), (run.GetValue<int?>("--slots"), run.GetValue<int?>("--gpus"), run.GetValue<string?>("--data-dir")));
        Assert.Equal(10, validate.GetValue<int>("--rows"));
        Assert.Equal(("localhost:30000", "text"), (table.GetValue<string>("--gateway"), table.GetValue<string?>("--format")));
    }

    [Fact]
    public void Parse_ShortOutput_IsAnAliasOfOutput()
    {
        Assert.Equal(("a.jsonl", "b.jsonl"), (Parse("export", "demo", "-o", "a.jsonl").GetValue<string>("--output"),
            Parse("export", "demo", "--output", "b.jsonl").GetValue<string>("--output")));
    }

    [Fact]
    public void Parse_SingleDashOrAtSign_IsAnArgument()
    {
        Assert.Equal(("-", "@spec.yaml"), (Parse("validate", "-").GetValue<string>("SPEC"), Parse("validate", "@spec.yaml").GetValue<string>("SPEC")));
    }

    [Fact]
    public void Parse_AfterDoubleDash_ADashedNameIsAnArgument()
    {
        Assert.Equal("-odd.yaml", Parse("run", "--", "-odd.yaml").GetValue<string>("SPEC"));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1000", 1000)]
    [InlineData("17", 17)]
    public void Parse_RowsWithinBounds_IsRead(string text, int expected)
    {
        Assert.Equal(expected, Parse("validate", "s.yaml", "--rows", text).GetValue<int>("--rows"));
    }
}
