using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Grains.Analysis.Report;
using static Goldstone.Tests.Unit.Analysis.Campaigns;

namespace Goldstone.Tests.Unit.Analysis.Report;

public sealed partial class HtmlReportTests
{
    private static readonly double[] Xs = [0, 0.01, 0.1, 1];
    private static readonly string[] Activations = ["relu", "tanh"];

    /// <summary>x (numeric, log-scaled, with a 0) × act (text), two seeds, baseline x=0, act=relu; three epochs per trial.</summary>
    private static readonly TableDefinition Definition = Define(["auc", "loss"],
        Xs.SelectMany(x => Activations.Select(a => new[] { Num("x", x), Text("act", a) })).ToList(), seeds: 2,
        baseline: [Num("x", 0), Text("act", "relu")], logScaled: ["x"]);

    private static readonly TrialOutcome[] Outcomes = Enumerable.Range(0, 16).Select(Trial).ToArray();

    private static TrialOutcome Trial(int index)
    {
        var (point, seed) = (index / 2, index % 2 + 1);
        var auc = 0.6 + 0.1 * (point / 2) + 0.02 * (point % 2) + 0.01 * seed;
        var epochs = Enumerable.Range(1, 3)
            .Select(e => new EpochReport(1, e, new Dictionary<string, double> { ["loss"] = 1 - auc * e / 3, ["val_auc"] = auc * e / 3 }))
            .ToList();
        return WithEpochs(Definition, index, epochs, ("auc", auc), ("loss", 1 - auc));
    }

    private static string Render(TableQuery? query = null)
    {
        var table = TableBuilder.Build(Definition, Outcomes, query ?? TableQuery.Default);
        return HtmlReport.Render(table, Definition, Outcomes, query?.Fixed);
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static List<string> Svgs(string html) => SvgElement().Matches(html).Select(m => m.Value).ToList();

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [Fact]
    public void Render_SameInput_GivesTheSameBytesInAnyCulture()
    {
        var first = Render();
        var previous = CultureInfo.CurrentCulture;
        var commaDecimal = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimal.NumberFormat.NumberDecimalSeparator = ",";
        commaDecimal.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = commaDecimal;
            Assert.Equal(first, Render());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Render_Document_LoadsNothingFromElsewhere()
    {
        var html = Render(new TableQuery(null, null, null, IntervalMethod.StudentT, PairedTestMethod.PairedT, "auc", "loss"));

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", html);
        Assert.DoesNotMatch(@"(?i)src=|href=|@import|url\(|https?:|<script|<link|<iframe|<img", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void Render_Table_MarksTheBaselineAndTheBestAndKeepsTheNotes()
    {
        var table = Section(Render(), "table");

        Assert.Contains("<tr class=\"baseline\"><td class=\"setting\">x=0, act=relu <span class=\"tag\">baseline</span></td><td>2/2</td>", table);
        // auc (higher) is best at x=1, act=tanh; loss (lower) too: one best cell per column.
        Assert.Contains("<tr><td class=\"setting\">x=1, act=tanh</td><td>2/2</td><td class=\"best\">0.9350 ± 0.06353 <span class=\"mark\">★</span></td>", table);
        Assert.Equal(2, Count(table, "class=\"best\""));
        Assert.Contains("<th title=\"higher is better\">auc ↑</th><th>Δ auc</th><th title=\"lower is better\">loss ↓</th><th>Δ loss</th><th>rank</th>", table);
        Assert.Contains("<li>mean ± 95% CI (Student t) over seeds; n = succeeded/trials</li>", table);
    }

    [Fact]
    public void Render_NumericSweptParameter_OnePlotPerMetricWithPointsAndErrorBarsPerValue()
    {
        var parameters = Section(Render(), "parameters");

        var svgs = Svgs(parameters);
        Assert.Equal(["auc against x", "loss against x"], svgs.Select(s => XDocument.Parse(s).Root!.Element("title")!.Value));
        Assert.All(svgs, svg => Assert.Equal((4, 4), (Count(svg, "class=\"point"), Count(svg, "class=\"errorbar\""))));
        // Grouped by x alone (act pooled), the baseline row is x=0.
        Assert.All(svgs, svg => Assert.Equal(1, Count(svg, "class=\"point baseline\"")));
    }

    [Fact]
    public void Render_LogScaledParameterWithZero_PutsZeroApartOnTheAxisAndSaysSo()
    {
        var svg = Svgs(Section(Render(), "parameters"))[0];

        Assert.Contains(">x (log scale; 0 shown apart at the left)</text>", svg);
        Assert.Equal(1, Count(svg, "class=\"axis-break\""));
        var xAxis = XDocument.Parse(svg).Root!.Elements().First(e => (string?)e.Attribute("class") == "axis x-axis");
        Assert.Equal(["0", "0.01", "0.1", "1"], xAxis.Elements().Where(e => (string?)e.Attribute("class") == "tick").Select(t => t.Element("text")!.Value));
    }

    [Fact]
    public void Render_FixedParameter_IsNotPlottedAndTheRestKeepsToItsValue()
    {
        var html = Render(new TableQuery(["act"], null, [Num("x", 0.1)], IntervalMethod.StudentT, PairedTestMethod.PairedT, null, null));

        Assert.Contains("<p class=\"empty\">No swept numeric parameter to plot.</p>", Section(html, "parameters"));
        Assert.Contains("<dt>held fixed</dt><dd>x=0.1</dd>", html);
        // Learning curves of the two settings with x=0.1 only.
        Assert.All(Svgs(Section(html, "curves")), svg => Assert.Equal(2, Count(svg, "class=\"line\"")));
    }

    [Fact]
    public void Render_LearningCurves_OneLinePerSettingWithALegend()
    {
        var svgs = Svgs(Section(Render(), "curves"));

        Assert.Equal(["learning curves: loss", "learning curves: val_auc"], svgs.Select(s => XDocument.Parse(s).Root!.Element("title")!.Value));
        foreach (var svg in svgs)
        {
            Assert.Equal(8, Count(svg, "class=\"line\""));
            var legend = XDocument.Parse(svg).Root!.Elements().Single(e => (string?)e.Attribute("class") == "legend");
            Assert.Equal(Definition.Points.Select(p => Grains.Specs.ParamFormat.Setting(p)), legend.Elements("text").Select(t => t.Value));
        }
    }

    [Fact]
    public void Compute_LearningCurves_AreTheMeanOverSeedsPerEpoch()
    {
        var curves = LearningCurves.Compute(Outcomes, []);

        var loss = curves.Single(c => c.Metric == "loss").Curves[0];
        Assert.Equal("x=0, act=relu", loss.Setting);
        // auc 0.61 and 0.62 for the two seeds: at epoch e, loss = 1 − auc·e/3.
        Assert.Equal([1, 2, 3], loss.Points.Select(p => p.Epoch));
        Assert.Equal(1 - 0.615 / 3, loss.Points[0].Mean, 1e-12);
        Assert.Equal(1 - 0.615, loss.Points[2].Mean, 1e-12);
    }

    [Fact]
    public void Compute_MetricMeasuredEveryFewEpochs_IsOneCurveThroughItsMeasurementsAndNaNStillBreaks()
    {
        // hessian_top at epochs 2 and 4 only (every_epochs 2); at epoch 6 both seeds report NaN.
        EpochReport Epoch(int epoch, double? hessian) => new(1, epoch, hessian is { } h
            ? new Dictionary<string, double> { ["loss"] = 1.0 / epoch, ["hessian_top"] = h }
            : new Dictionary<string, double> { ["loss"] = 1.0 / epoch });
        TrialOutcome Trial(int index, double scale) => WithEpochs(Definition, index,
            [Epoch(1, null), Epoch(2, 2 * scale), Epoch(3, null), Epoch(4, 4 * scale), Epoch(5, null), Epoch(6, double.NaN)], ("auc", 0.6));

        var curves = LearningCurves.Compute([Trial(0, 1), Trial(1, 2)], []);

        var hessian = curves.Single(c => c.Metric == "hessian_top").Curves.Single();
        Assert.Equal([2, 4, 6], hessian.Points.Select(p => p.Epoch));
        Assert.Equal([3.0, 6.0], hessian.Points.Take(2).Select(p => p.Mean));
        Assert.True(double.IsNaN(hessian.Points[2].Mean));
        Assert.Equal([1, 2, 3, 4, 5, 6], curves.Single(c => c.Metric == "loss").Curves.Single().Points.Select(p => p.Epoch));
    }

    [Fact]
    public void Render_ParetoQuery_HighlightsAndConnectsTheFront()
    {
        var query = new TableQuery(null, null, null, IntervalMethod.StudentT, PairedTestMethod.PairedT, "auc", "loss");
        var table = TableBuilder.Build(Definition, Outcomes, query);

        var svg = Svgs(Section(HtmlReport.Render(table, Definition, Outcomes), "pareto")).Single();

        Assert.Equal(table.Rows.Count, Count(svg, "class=\"point"));
        Assert.Equal(table.Rows.Count(r => r.OnParetoFront), Count(svg, "class=\"point front"));
        Assert.Equal(1, Count(svg, "class=\"line front-line\""));
    }

    [Fact]
    public void Render_ThreeObjectives_PlotsEachPairWithTheFrontMarkedAndNotConnected()
    {
        // Six trials of one seed over x, with three objectives: a (max), b (min), c (min).
        var definition = SweepX(["a", "b", "c"], [0, 1, 2, 3, 4, 5], seeds: 1, baseline: null) with
        {
            Objectives = [new("a", MetricDirection.Higher), new("b", MetricDirection.Lower), new("c", MetricDirection.Lower)],
        };
        (double A, double B, double C)[] values = [(1.5, 1, 1), (2, 2, 2), (0, 0, 3), (0.5, 2, 3), (2, 1, 2), (1, 1, 0)];
        var outcomes = values.Select((v, i) => Succeeded(definition, i, ("a", v.A), ("b", v.B), ("c", v.C))).ToArray();
        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default);

        var section = Section(HtmlReport.Render(table, definition, outcomes), "pareto");
        var svgs = Svgs(section);

        // (0.5, 2, 3) is dominated by (1.5, 1, 1) and (2, 2, 2) by (2, 1, 2); the other four are on the front.
        Assert.Equal([true, false, true, false, true, true], table.Rows.Select(r => r.OnParetoFront));
        Assert.Equal(3, svgs.Count);
        Assert.All(svgs, svg => Assert.Equal(4, Count(svg, "class=\"point front")));
        Assert.All(svgs, svg => Assert.Equal(0, Count(svg, "front-line")));
        Assert.Contains("Pareto front of 3 objectives: a and b", svgs[0]);
        Assert.Contains("Pareto front of 3 objectives: b and c", svgs[2]);
        Assert.Contains("pareto: on the Pareto front of the search&#39;s objectives a (max), b (min), c (min)", section);
    }

    [Fact]
    public void Render_StoppingRule_DrawsEachTrialColouredByTheRungThatStoppedIt()
    {
        // Four trials of asha on loss: t0 and t3 ran all 4 epochs, t1 stopped at rung 0 (epoch 1), t2 at rung 1 (epoch 2).
        var definition = SweepX(["loss"], [0, 1, 2, 3], seeds: 1, baseline: null) with { Stopping = new StoppingConfig("asha", "loss", false, 1, 2) };
        static IReadOnlyList<EpochReport> Losses(params double[] values) =>
            values.Select((v, e) => new EpochReport(1, e + 1, new Dictionary<string, double> { ["loss"] = v })).ToList();
        TrialOutcome[] outcomes =
        [
            WithEpochs(definition, 0, Losses(0.9, 0.7, 0.5, 0.4), ("loss", 0.4)),
            Stopped(definition, 1, ("loss", 0.95)) with { Epochs = Losses(0.95), StoppedRung = 0, StoppedEpoch = 1, Reason = "asha rung 0 (epoch 1): worse" },
            Stopped(definition, 2, ("loss", 0.8)) with { Epochs = Losses(0.92, 0.8), StoppedRung = 1, StoppedEpoch = 2, Reason = "asha rung 1 (epoch 2): worse" },
            WithEpochs(definition, 3, Losses(0.85, 0.6, 0.45, 0.3), ("loss", 0.3)),
        ];
        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default);

        var html = HtmlReport.Render(table, definition, outcomes);
        var section = Section(html, "stopping");
        var svg = Svgs(section).Single();

        Assert.Contains("asha on loss (min), min_epochs 1, reduction factor 2): ran to the end (2); stopped at rung 0 (epoch 1) (1); stopped at rung 1 (epoch 2) (1).", section);
        Assert.Equal(2, Count(svg, "class=\"line finished-trial\""));
        Assert.Equal(2, Count(svg, "class=\"line stopped-trial\""));
        Assert.Equal(2, Count(svg, "class=\"point stop\""));
        Assert.Contains("#2 x=2 seed 1: asha rung 1 (epoch 2): worse", svg);
        Assert.Contains("4 trials: 2 succeeded, 0 failed, 0 cancelled, 2 stopped, 0 running, 0 pending", html);
    }

    [Fact]
    public void Render_NoStoppingRule_HasNoStoppingSection()
    {
        Assert.DoesNotContain("<section id=\"stopping\">", Render());
    }

    [Fact]
    public void Render_NoPareto_HasNoParetoSection()
    {
        Assert.DoesNotContain("<section id=\"pareto\">", Render());
    }

    [Fact]
    public void Render_EveryPlot_IsWellFormedSvgWithTitleAxesAndLabelsAndNoNaN()
    {
        var svgs = Svgs(Render(new TableQuery(null, null, null, IntervalMethod.Bootstrap, PairedTestMethod.Wilcoxon, "auc", "loss")));

        // auc and loss against x, two learning curves, the history, the parallel coordinates and the Pareto front.
        Assert.Equal(7, svgs.Count);
        foreach (var svg in svgs)
        {
            var root = XDocument.Parse(svg).Root!;
            // Parallel coordinates: an axis per swept parameter (x, act) and one for the metric.
            var axes = ((string?)root.Attribute("class"))!.Split(' ').Contains("parallel") ? 3 : 2;
            Assert.Equal("title", root.Elements().First().Name.LocalName);
            Assert.Equal(axes, root.Elements().Count(e => ((string?)e.Attribute("class") ?? "").Split(' ').Contains("axis")));
            Assert.Equal(axes, root.Descendants().Count(e => (string?)e.Attribute("class") == "axis-label"));
            Assert.DoesNotMatch("NaN|Infinity|∞", svg);
        }
    }

    [Fact]
    public void Render_HostileNames_AreEscaped()
    {
        var definition = Definition with { Campaign = "<script>alert('x')</script>" };
        var outcomes = Outcomes.Select(o => o with { Campaign = definition.Campaign }).ToList();
        var table = TableBuilder.Build(definition, outcomes, TableQuery.Default);

        var html = HtmlReport.Render(table, definition, outcomes);

        Assert.DoesNotContain("<script", html);
        Assert.Contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>", html);
    }

    [Fact]
    public void Render_NoOutcomesYet_SaysSoInsteadOfPlotting()
    {
        var table = TableBuilder.Build(Definition, [], TableQuery.Default);

        var html = HtmlReport.Render(table, Definition, []);

        Assert.Contains("<p class=\"empty\">No per-epoch reports yet.</p>", html);
        Assert.Contains("<p class=\"empty\">Not plotted: auc against x: no finite values yet.</p>", html);
        Assert.Empty(Svgs(html));
    }

    [GeneratedRegex("<svg[^>]*>.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}
