using Goldstone.Trainer.Metrics;

namespace Goldstone.Tests.Trainer.Metrics;

public sealed class ParametricMetricTests
{
    [Theory]
    [InlineData("compress@0.9", 0.9)]
    [InlineData("compress@1", 1.0)]
    [InlineData("compress@5e-1", 0.5)]
    public void Parse_ValidNumber_ReturnsIt(string name, double expected) =>
        Assert.Equal(expected, ToolboxMetrics.Compress.Parse(name));

    [Fact]
    public void Parse_OtherPrefix_ReturnsNull() =>
        Assert.Null(ToolboxMetrics.Compress.Parse("quant@8"));

    [Theory]
    [InlineData("compress@")]
    [InlineData("compress@abc")]
    [InlineData("compress@0")]
    [InlineData("compress@1.5")]
    [InlineData("compress@NaN")]
    public void Parse_MalformedOrOutOfRange_ThrowsNamingTheRange(string name)
    {
        var error = Assert.Throws<FormatException>(() => ToolboxMetrics.Compress.Parse(name));

        Assert.Equal($"'{name}' has a malformed value '{name[9..]}' (expected a sparsity in (0, 1], e.g. compress@0.9)", error.Message);
    }

    [Theory]
    [InlineData("quant@8", true)]
    [InlineData("quant@1", true)]
    [InlineData("quant@16", true)]
    [InlineData("quant@2.5", false)]
    [InlineData("quant@17", false)]
    public void Parse_QuantisationBits_AcceptsWholeNumbersFromOneToSixteen(string name, bool valid)
    {
        if (valid) Assert.NotNull(ToolboxMetrics.Quantise.Parse(name));
        else Assert.Throws<FormatException>(() => ToolboxMetrics.Quantise.Parse(name));
    }
}
