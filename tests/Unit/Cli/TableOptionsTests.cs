using Goldstone.Cli;
using Goldstone.Cli.Commands;
using Goldstone.Contracts;

namespace Goldstone.Tests.Unit.Cli;

public sealed class TableOptionsTests
{
    private const string Usage = "usage: goldstone table NAME [table options]";

    private static TableQuery Query(params string[] options) =>
        TableOptions.Query(CommandLine.Parse(["table", "demo", .. options], [.. TableOptions.Names, "format"], 1, 1, Usage), Usage);

    [Fact]
    public void Query_NoStatisticsOptions_LeavesThemToTheSpec()
    {
        var query = Query();

        Assert.Equal((null, null, null), (query.Correction, query.Trend, query.LogScale));
    }

    [Theory]
    [InlineData("holm", MultipleTestCorrection.Holm)]
    [InlineData("bh", MultipleTestCorrection.BenjaminiHochberg)]
    [InlineData("none", MultipleTestCorrection.None)]
    public void Query_Correction_IsRead(string name, MultipleTestCorrection expected)
    {
        Assert.Equal(expected, Query("--correction", name).Correction);
    }

    [Fact]
    public void Query_UnknownCorrection_IsAUsageErrorListingTheAllowedOnes()
    {
        var error = Assert.Throws<UsageException>(() => Query("--correction", "fdr"));

        Assert.Equal("--correction: 'fdr' is not a correction (allowed: holm, bh, none)", error.Message);
    }

    [Fact]
    public void Query_TrendAndLogScale_AreReadAndNoneTurnsThemOff()
    {
        var on = Query("--trend", "penalty", "--log-scale", "mse_in,mse_ood");
        var off = Query("--trend", "none", "--log-scale", "none");

        Assert.Equal("penalty", on.Trend);
        Assert.Equal(["mse_in", "mse_ood"], on.LogScale!);
        Assert.Equal(("", 0), (off.Trend, off.LogScale!.Count));
    }
}
