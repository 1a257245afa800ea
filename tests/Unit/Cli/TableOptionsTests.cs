using System.CommandLine;
using Goldstone.Cli.Commands;
using Goldstone.Contracts;

namespace Goldstone.Tests.Unit.Cli;

public sealed class TableOptionsTests
{
    private static (TableQuery? Query, IReadOnlyList<string> Errors) Parse(params string[] options)
    {
        var table = new TableOptions();
        var command = new RootCommand();
        foreach (var option in table.All) command.Options.Add(option);
        var result = command.Parse(options);
        return (result.Errors.Count == 0 ? table.Query(result) : null, result.Errors.Select(e => e.Message).ToList());
    }

    private static TableQuery Query(params string[] options)
    {
        var (query, errors) = Parse(options);
        Assert.Empty(errors);
        return query!;
    }

    [Fact]
    public void Query_NoOptions_LeavesEverythingToTheSpec()
    {
        Assert.Equal(TableQuery.Default, Query());
    }

    [Theory]
    [InlineData("holm", MultipleTestCorrection.Holm)]
    [InlineData("bh", MultipleTestCorrection.BenjaminiHochberg)]
    [InlineData("none", MultipleTestCorrection.None)]
    public void Query_Correction_IsRead(string name, MultipleTestCorrection expected)
    {
        Assert.Equal(expected, Query("--correction", name).Correction);
    }

    [Theory]
    [InlineData("--correction", "fdr", "--correction: 'fdr' is not a correction (allowed: holm, bh, none)")]
    [InlineData("--interval", "z", "--interval: 'z' is not an interval (allowed: t, bootstrap)")]
    [InlineData("--test", "anova", "--test: 'anova' is not a paired test (allowed: t, wilcoxon)")]
    [InlineData("--pareto", "auc", "--pareto: 'auc' must name two metrics, e.g. --pareto auc,hessian_top")]
    [InlineData("--fix", "width=32,depth", "--fix: 'depth' is not NAME=VALUE, e.g. --fix width=32")]
    public void Parse_BadValue_IsOneErrorNamingWhatIsAllowed(string option, string value, string expected)
    {
        Assert.Equal([expected], Parse(option, value).Errors);
    }

    [Fact]
    public void Query_GroupingMetricsFixAndPareto_AreRead()
    {
        var query = Query("--by", "width, depth", "--metrics", "auc", "--fix", "lr=0.1,act=relu,bn=true", "--pareto", "auc,loss",
            "--interval", "bootstrap", "--test", "wilcoxon");

        Assert.Equal(["width", "depth"], query.By!);
        Assert.Equal(["auc", "loss"], query.Metrics!);
        Assert.Equal(("auc", "loss"), (query.ParetoX, query.ParetoY));
        Assert.Equal([new ParamValue("lr", ParamType.Number, 0.1, null, false), new ParamValue("act", ParamType.Text, 0, "relu", false),
            new ParamValue("bn", ParamType.Boolean, 0, null, true)], query.Fixed!);
        Assert.Equal((IntervalMethod.Bootstrap, PairedTestMethod.Wilcoxon), (query.Interval, query.Test));
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
