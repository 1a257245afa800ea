using System.Text.RegularExpressions;
using System.Xml.Linq;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;
using Goldstone.Grains.Analysis.Report;
using static Goldstone.Tests.Unit.Analysis.Campaigns;

namespace Goldstone.Tests.Unit.Analysis.Report;

public sealed partial class ProfilePlotsTests
{
    private static readonly double[] Penalties = [0, 1];

    /// <summary>penalty ∈ {0, 1}, two seeds: trials 0, 1 are penalty 0; 2, 3 penalty 1.</summary>
    private static readonly TableDefinition Definition = Define(["auc"], Penalties.Select(p => new[] { Num("penalty", p) }).ToList(), seeds: 2,
        baseline: [Num("penalty", 0)]);

    private static TrialOutcome Trial(int index, params TrialProfile[] profiles) =>
        Succeeded(Definition, index, ("auc", 0.7)) with { Profiles = profiles };

    private static TrialProfile Line(params double[] values) => new("loss_slice", [-1, 0, 1], [], values);

    private static TrialProfile Plane(params double[] values) => new("loss_plane", [-1, 1], [-1, 0, 1], values);

    [Fact]
    public void Compute_LineProfiles_AreTheMeanOverSeedsPerPoint_NaNLeftOut()
    {
        TrialOutcome[] outcomes =
        [
            Trial(0, Line(1, 0.2, 0.8)), Trial(1, Line(3, 0.4, double.NaN)),
            Trial(2, Line(0.5, 0.1, 0.5)), Trial(3, Line(0.7, 0.1, 0.3)),
        ];

        var (name, profiles) = Assert.Single(ProfilePlots.Compute(outcomes, []));

        Assert.Equal("loss_slice", name);
        Assert.Equal(["penalty=0", "penalty=1"], profiles.Select(p => p.Setting));
        Assert.Equal([2.0, 0.30000000000000004, 0.8], profiles[0].Values);
        Assert.Equal([0.6, 0.1, 0.4], profiles[1].Values.Select(v => Math.Round(v, 12)));
        Assert.Equal(2, profiles[1].Trials);
    }

    [Fact]
    public void Compute_TrialOnAnotherGrid_IsLeftOutAndCounted()
    {
        var other = new TrialProfile("loss_slice", [-2, 0, 2], [], [9, 9, 9]);
        TrialOutcome[] outcomes = [Trial(0, Line(1, 0, 1)), Trial(1, other)];

        var profile = Assert.Single(Assert.Single(ProfilePlots.Compute(outcomes, [])).Profiles);

        Assert.Equal([1.0, 0, 1], profile.Values);
        Assert.Equal((1, 1), (profile.Trials, profile.LeftOut));
        Assert.Equal(["loss_slice of penalty=0: 1 trial(s) on another grid than the first"], ProfilePlots.Notes(outcomes, []));
    }

    [Fact]
    public void Render_LineAndPlane_OneLinePlotAndOneHeatMapPerSettingOnASharedScale()
    {
        TrialOutcome[] outcomes =
        [
            Trial(0, Line(1, 0, 1), Plane(1, 2, 3, 4, 5, 6)), Trial(1, Line(1, 0, 1), Plane(1, 2, 3, 4, 5, 6)),
            Trial(2, Line(2, 0, 2), Plane(10, 10, 10, 10, 10, 10)),
        ];

        var svgs = ProfilePlots.Render(outcomes, []);

        Assert.Equal(["loss_plane: penalty=0", "loss_plane: penalty=1", "loss_slice, mean over seeds"],
            svgs.Select(s => XDocument.Parse(s).Root!.Element("title")!.Value));
        var line = XDocument.Parse(svgs[2]).Root!;
        Assert.Equal(2, line.Descendants().Count(e => (string?)e.Attribute("class") == "line"));
        Assert.Equal(["penalty=0 (2 trials)", "penalty=1 (1 trial)"],
            line.Elements().Single(e => (string?)e.Attribute("class") == "legend").Elements("text").Select(t => t.Value));
        // Six cells per plane; the shared scale runs from 1 (darkest) to 10 (lightest).
        var cells = Cells(svgs[0]);
        Assert.Equal(6, cells.Count);
        Assert.Equal("#440154", cells[0].Fill);
        Assert.Equal("penalty=0: (-1, -1) 1.000", cells[0].Title);
        Assert.Equal("penalty=0: (1, 1) 6.000", cells[5].Title);
        Assert.All(Cells(svgs[1]), c => Assert.Equal("#fde725", c.Fill));
    }

    [Fact]
    public void Render_CellsTileThePlaneBetweenGridPoints()
    {
        var svg = ProfilePlots.Render([Trial(0, Plane(1, 2, 3, 4, 5, 6))], []).Single();

        // x grid −1, 1 → edges −2, 0, 2; y grid −1, 0, 1 → edges −1.5, −0.5, 0.5, 1.5: equal widths, equal heights.
        var cells = Cells(svg);
        Assert.Single(cells.Select(c => c.Width).Distinct());
        Assert.Single(cells.Select(c => c.Height).Distinct());
        Assert.Equal(cells[0].X + cells[0].Width, cells[1].X, 1e-9);
    }

    [Theory]
    [InlineData(1, 1, 10, false, "#440154")]
    [InlineData(10, 1, 10, false, "#fde725")]
    [InlineData(5.5, 1, 10, false, "#1f9e89")]
    [InlineData(10, 1, 1000, true, "#31688e")]
    [InlineData(double.NaN, 1, 10, false, "#bbbbbb")]
    [InlineData(3, 3, 3, false, "#1f9e89")]
    public void Colour_OnTheSharedScale(double value, double low, double high, bool logarithmic, string colour) =>
        Assert.Equal(colour, ProfilePlots.Colour(value, low, high, logarithmic));

    [Fact]
    public void Render_NoProfiles_NoPlotsAndTheReportHasNoProfileSection()
    {
        TrialOutcome[] outcomes = [Trial(0), Trial(1)];
        var table = TableBuilder.Build(Definition, outcomes, TableQuery.Default);

        Assert.Empty(ProfilePlots.Render(outcomes, []));
        Assert.DoesNotContain("<section id=\"profiles\">", HtmlReport.Render(table, Definition, outcomes));
    }

    [Fact]
    public void Render_Report_HasTheProfileSectionWithItsPlots()
    {
        TrialOutcome[] outcomes = [Trial(0, Line(1, 0, 1)), Trial(2, Line(2, 0, 2))];
        var table = TableBuilder.Build(Definition, outcomes, TableQuery.Default);

        var html = HtmlReport.Render(table, Definition, outcomes);

        var start = html.IndexOf("<section id=\"profiles\">", StringComparison.Ordinal);
        Assert.True(start >= 0);
        var section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Single(SvgElement().Matches(section));
        Assert.Contains("filter-normalised", section);
    }

    private sealed record CellMark(double X, double Width, double Height, string Fill, string Title);

    private static List<CellMark> Cells(string svg) =>
        XDocument.Parse(svg).Root!.Descendants().Where(e => (string?)e.Attribute("class") == "cell")
            .Select(e => new CellMark((double)e.Attribute("x")!, (double)e.Attribute("width")!, (double)e.Attribute("height")!,
                (string)e.Attribute("fill")!, e.Element("title")!.Value))
            .ToList();

    [GeneratedRegex("<svg[^>]*>.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}
