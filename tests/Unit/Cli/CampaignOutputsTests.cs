using Goldstone.Cli.Commands;
using Goldstone.Contracts;

namespace Goldstone.Tests.Unit.Cli;

public sealed class CampaignOutputsTests
{
    private static readonly TrialOutcome Failed = new(
        "sweep", 1, "x=0.5, mode=hang",
        [new ParamValue("x", ParamType.Number, 0.5, null, false), new ParamValue("mode", ParamType.Text, 0, "hang", false), new ParamValue("verbose", ParamType.Boolean, 0, null, true)],
        7, TrialStatus.Failed, new Dictionary<string, double>(), "attempt timed out after 60 s", 3, 3, []);

    private static readonly TrialOutcome Succeeded = new(
        "sweep", 0, "x=1, mode=error",
        [new ParamValue("x", ParamType.Number, 1, null, false), new ParamValue("mode", ParamType.Text, 0, "error", false)],
        42, TrialStatus.Succeeded, new Dictionary<string, double> { ["score"] = 0.25, ["loss"] = double.NaN, ["auc"] = 1e-7 }, null, 1, 2, []);

    [Fact]
    public void ResultsJsonLines_TwoOutcomes_IsOneExactLinePerTrialInIndexOrder()
    {
        var expected =
            "{\"trial\":0,\"setting\":\"x=1, mode=error\",\"seed\":42,\"params\":{\"x\":1,\"mode\":\"error\"},\"status\":\"succeeded\"," +
            "\"attempts\":2,\"failed_attempts\":1,\"reason\":null,\"metrics\":{\"auc\":1E-07,\"loss\":\"NaN\",\"score\":0.25}}\n" +
            "{\"trial\":1,\"setting\":\"x=0.5, mode=hang\",\"seed\":7,\"params\":{\"x\":0.5,\"mode\":\"hang\",\"verbose\":true},\"status\":\"failed\"," +
            "\"attempts\":3,\"failed_attempts\":3,\"reason\":\"attempt timed out after 60 s\",\"metrics\":{}}\n";

        Assert.Equal(expected, CampaignOutputs.ResultsJsonLines([Failed, Succeeded]));
    }

    [Fact]
    public void ResultsJsonLines_NoOutcomes_IsEmpty()
    {
        Assert.Equal("", CampaignOutputs.ResultsJsonLines([]));
    }

    [Fact]
    public void ResultsJsonLines_EveryLine_ParsesAsJson()
    {
        var lines = CampaignOutputs.ResultsJsonLines([Failed, Succeeded]).TrimEnd('\n').Split('\n');

        Assert.Equal([0, 1], lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("trial").GetInt32()));
    }
}
