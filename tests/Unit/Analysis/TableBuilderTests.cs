using Goldstone.Contracts;
using Goldstone.Grains.Analysis;

namespace Goldstone.Tests.Unit.Analysis;

public sealed class TableBuilderTests
{
    private static readonly TableDefinition Definition = new("sweep", ["score", "loss"], "x=1", ["x=1", "x=2", "x=3"], 2, ["x"]);

    private static TrialOutcome Outcome(int index, string setting, TrialStatus status, params (string Metric, double Value)[] metrics) =>
        new("sweep", index, setting, [], 0, status, metrics.ToDictionary(m => m.Metric, m => m.Value),
            status == TrialStatus.Failed ? "exit code 3" : null, status == TrialStatus.Failed ? 3 : 0, status == TrialStatus.Failed ? 3 : 1);

    /// <summary>x=1: two successes; x=2: one success without a loss, one failure; x=3: nothing yet.</summary>
    private static readonly TrialOutcome[] Outcomes =
    [
        Outcome(2, "x=2", TrialStatus.Succeeded, ("score", 4)),
        Outcome(0, "x=1", TrialStatus.Succeeded, ("score", 1), ("loss", 0.5)),
        Outcome(3, "x=2", TrialStatus.Failed),
        Outcome(1, "x=1", TrialStatus.Succeeded, ("score", 3), ("loss", 0.7)),
    ];

    [Fact]
    public void Build_Outcomes_GiveRowsInSettingOrder()
    {
        var table = TableBuilder.Build(Definition, Outcomes);

        Assert.Equal(("sweep", true), (table.Campaign, table.HasBaseline));
        Assert.Equal(["score", "loss"], table.Metrics);
        Assert.Equal(["x=1", "x=2", "x=3"], table.Rows.Select(r => r.Setting));
        Assert.Equal([true, false, false], table.Rows.Select(r => r.IsBaseline));
    }

    [Fact]
    public void Build_Outcomes_CountSucceededFailedAndUnfinishedPerSetting()
    {
        var table = TableBuilder.Build(Definition, Outcomes);

        Assert.Equal([(2, 2, 0, 0), (2, 1, 1, 0), (2, 0, 0, 2)], table.Rows.Select(r => (r.Seeds, r.Succeeded, r.Failed, r.Unfinished)));
    }

    [Fact]
    public void Build_BaselineRow_HasMeanAndHalfWidthAndNoDiff()
    {
        var baseline = TableBuilder.Build(Definition, Outcomes).Rows[0];

        var score = baseline.Cells[0];
        Assert.Equal((2, 2.0, 0), (score.N, score.Mean, score.NaNCount));
        Assert.Equal(12.706204736174707, score.HalfWidth, 1e-9);
        Assert.Null(score.DiffToBaseline);
        var loss = baseline.Cells[1];
        Assert.Equal((2, 0), (loss.N, loss.NaNCount));
        Assert.Equal(0.6, loss.Mean, 1e-15);
        Assert.Equal(1.2706204736174707, loss.HalfWidth, 1e-9);
        Assert.Null(loss.DiffToBaseline);
    }

    [Fact]
    public void Build_OtherRow_HasTheDifferenceOfMeansToTheBaseline()
    {
        var score = TableBuilder.Build(Definition, Outcomes).Rows[1].Cells[0];

        Assert.Equal((1, 4.0, 0, 2.0), (score.N, score.Mean, score.NaNCount, score.DiffToBaseline));
        Assert.True(double.IsNaN(score.HalfWidth));
    }

    [Fact]
    public void Build_MissingMetric_CountsAsNaNAndHasNoDiff()
    {
        var loss = TableBuilder.Build(Definition, Outcomes).Rows[1].Cells[1];

        Assert.Equal((0, 1), (loss.N, loss.NaNCount));
        Assert.True(double.IsNaN(loss.Mean));
        Assert.Null(loss.DiffToBaseline);
    }

    [Fact]
    public void Build_SettingWithoutOutcomes_HasEmptyCells()
    {
        var row = TableBuilder.Build(Definition, Outcomes).Rows[2];

        Assert.All(row.Cells, cell =>
        {
            Assert.Equal((0, 0, (double?)null), (cell.N, cell.NaNCount, cell.DiffToBaseline));
            Assert.True(double.IsNaN(cell.Mean));
        });
    }

    [Fact]
    public void Build_FailedTrialsMetrics_AreNotInTheStatistics()
    {
        var outcomes = new[]
        {
            Outcome(0, "x=1", TrialStatus.Succeeded, ("score", 1), ("loss", 1)),
            Outcome(1, "x=1", TrialStatus.Failed, ("score", 100), ("loss", 100)),
        };

        var row = TableBuilder.Build(Definition, outcomes).Rows[0];

        Assert.Equal((1, 1.0), (row.Cells[0].N, row.Cells[0].Mean));
        Assert.Equal((1, 1, 0), (row.Succeeded, row.Failed, row.Unfinished));
    }

    [Fact]
    public void Build_NonTerminalOutcome_CountsAsUnfinished()
    {
        var outcomes = new[] { Outcome(4, "x=3", TrialStatus.Running), Outcome(5, "x=3", TrialStatus.Succeeded, ("score", 2), ("loss", 2)) };

        var row = TableBuilder.Build(Definition, outcomes).Rows[2];

        Assert.Equal((1, 0, 1), (row.Succeeded, row.Failed, row.Unfinished));
    }

    [Fact]
    public void Build_OutcomeOfAnUnknownSetting_IsIgnored()
    {
        var outcomes = Outcomes.Append(Outcome(9, "x=9", TrialStatus.Succeeded, ("score", 9), ("loss", 9)));

        var table = TableBuilder.Build(Definition, outcomes);

        Assert.Equal(["x=1", "x=2", "x=3"], table.Rows.Select(r => r.Setting));
        Assert.Equal(4.0, table.Rows[1].Cells[0].Mean);
    }

    [Fact]
    public void Build_NoBaseline_HasNoBaselineRowAndNoDiffs()
    {
        var table = TableBuilder.Build(Definition with { BaselineSetting = null }, Outcomes);

        Assert.False(table.HasBaseline);
        Assert.All(table.Rows, r => Assert.False(r.IsBaseline));
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.Null(c.DiffToBaseline));
    }

    [Fact]
    public void Build_BaselineWithoutResults_IsMarkedButGivesNoDiffs()
    {
        var table = TableBuilder.Build(Definition with { BaselineSetting = "x=3" }, Outcomes);

        Assert.True(table.HasBaseline);
        Assert.Equal([false, false, true], table.Rows.Select(r => r.IsBaseline));
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.Null(c.DiffToBaseline));
    }

    [Fact]
    public void Build_NoOutcomes_GivesEveryRowUnfinished()
    {
        var table = TableBuilder.Build(Definition, []);

        Assert.Equal([2, 2, 2], table.Rows.Select(r => r.Unfinished));
        Assert.All(table.Rows, r => Assert.Equal((0, 0), (r.Succeeded, r.Failed)));
    }
}
