using System.Text.RegularExpressions;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Grains.Analysis.Report;
using static Goldstone.Tests.Unit.Analysis.Campaigns;

namespace Goldstone.Tests.Unit.Analysis.Report;

public sealed class HistoryAndParallelTests
{
    private static readonly TableDefinition Definition = Define(["auc", "loss"],
        new[] { 0, 0.1, 1 }.SelectMany(x => new[] { "relu", "tanh" }.Select(a => new[] { Num("x", x), Text("act", a) })).ToList(), seeds: 1,
        baseline: [Num("x", 0), Text("act", "relu")], logScaled: ["x"]);

    // Trial order 0..5: auc 0.70, 0.65, 0.80, 0.80, 0.75, 0.90; trial 3 failed.
    private static readonly double[] Aucs = [0.70, 0.65, 0.80, 0.80, 0.75, 0.90];

    private static IReadOnlyList<TrialOutcome> Outcomes() => Enumerable.Range(0, 6)
        .Select(i => i == 3 ? Ended(Definition, i, TrialStatus.Failed) : Succeeded(Definition, i, ("auc", Aucs[i]), ("loss", 1 - Aucs[i])))
        .ToList();

    [Fact]
    public void BestSoFar_HigherIsBetter_StepsUpWhereATrialBeatsTheBest()
    {
        var line = HistoryPlot.BestSoFar([(0, 0.70), (1, 0.65), (2, 0.80), (4, 0.75), (5, 0.90)], MetricDirection.Higher);

        Assert.Equal([(0, 0.70), (2, 0.70), (2, 0.80), (5, 0.80), (5, 0.90)], line);
    }

    [Fact]
    public void BestSoFar_LowerIsBetter_EndsAtTheLastTrial()
    {
        var line = HistoryPlot.BestSoFar([(0, 0.30), (1, 0.35), (2, 0.20), (4, 0.25)], MetricDirection.Lower);

        Assert.Equal([(0, 0.30), (2, 0.30), (2, 0.20), (4, 0.20)], line);
        Assert.Empty(HistoryPlot.BestSoFar([(0, 1.0)], MetricDirection.None));
    }

    [Fact]
    public void History_SucceededTrials_OnePointEachAndTheBestLine()
    {
        var table = TableBuilder.Build(Definition, Outcomes(), TableQuery.Default);

        var svg = HistoryPlot.Render(table, Outcomes())!;

        Assert.Equal(5, Regex.Matches(svg, "<circle class=\"point\"").Count);
        Assert.Contains("<title>#5 x=1, act=tanh seed 1: auc=0.9000</title>", svg);
        Assert.Single(Regex.Matches(svg, "class=\"line best-line\""));
        Assert.Contains(">Optimisation history: auc</text>", svg);
        Assert.Contains(">auc (higher is better)</text>", svg);
    }

    [Fact]
    public void History_NoSucceededTrial_IsLeftOut()
    {
        var failed = Enumerable.Range(0, 6).Select(i => Ended(Definition, i, TrialStatus.Failed)).ToList();

        Assert.Null(HistoryPlot.Render(TableBuilder.Build(Definition, failed, TableQuery.Default), failed));
    }

    [Fact]
    public void Parallel_SweptNumberAndText_OneLinePerSucceededTrialAcrossThreeAxes()
    {
        var table = TableBuilder.Build(Definition, Outcomes(), TableQuery.Default);

        var svg = ParallelCoordinates.Render(table, Definition, Outcomes(), [])!;

        var lines = Regex.Matches(svg, "<path class=\"line trial\" stroke=\"(#[0-9a-f]{6})\" d=\"M([^\"]+)\">").ToList();
        Assert.Equal(5, lines.Count);
        Assert.All(lines, l => Assert.Equal(3, l.Groups[2].Value.Split('L').Length));
        Assert.Equal(3, Regex.Matches(svg, "<g class=\"axis\">").Count);
        // The worst auc is viridis' darkest, the best its lightest.
        Assert.Equal("#440154", Regex.Match(svg, "stroke=\"(#[0-9a-f]{6})\" d=\"[^\"]+\"><title>#1 ").Groups[1].Value);
        Assert.Equal("#fde725", lines[^1].Groups[1].Value);
        Assert.Contains(">relu</text>", svg);
        Assert.Contains(">tanh</text>", svg);
        Assert.Contains(">x (log)</text>", svg);
        Assert.Contains(">auc ↑ better</text>", svg);
    }

    [Fact]
    public void Parallel_FixedParameter_DrawsOnlyItsTrialsAndNotItsAxis()
    {
        var table = TableBuilder.Build(Definition, Outcomes(), TableQuery.Default);

        var svg = ParallelCoordinates.Render(table, Definition, Outcomes(), [Text("act", "relu")])!;

        Assert.Equal(3, Regex.Matches(svg, "<path class=\"line trial\"").Count);
        Assert.Equal(2, Regex.Matches(svg, "<g class=\"axis\">").Count);
    }

    [Fact]
    public void Report_HasTheHistorySectionWithBothPlots()
    {
        var table = TableBuilder.Build(Definition, Outcomes(), TableQuery.Default);

        var html = HtmlReport.Render(table, Definition, Outcomes());

        var start = html.IndexOf("<section id=\"history\">", StringComparison.Ordinal);
        var section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Equal(2, Regex.Matches(section, "<svg class=\"plot").Count);
    }
}
