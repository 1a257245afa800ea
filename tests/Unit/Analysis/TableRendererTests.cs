using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;

namespace Goldstone.Tests.Unit.Analysis;

public sealed partial class TableRendererTests
{
    private const string IntervalNote = "mean ± 95% CI (Student t) over seeds; n = succeeded/trials";
    private const string TestNote = "Δ = difference of means to the baseline row; p = two-sided paired t-test over trials matched by seed, Holm-adjusted within each metric: its family is that metric's 1 to 2 comparisons against the baseline";
    private const string BestNote = "★ best in its column; rank by score";
    private const string ParetoNote = "pareto: on the front of score and loss";
    private const string ShortNote = "* fewer succeeded trials than asked (failed, cancelled or not finished)";
    private const string NaNNote = "NaN values are excluded from the statistics and counted";

    private static TableCell Cell(int n, double mean, double low, double high, int nan = 0, double? diff = null, int pairedN = 0,
        double p = double.NaN, double pAdjusted = double.NaN, bool best = false) =>
        new(n, mean, low, high, nan, diff, pairedN, p, pAdjusted, best);

    /// <summary>
    /// A baseline; a row with a failed trial, the best score and two differences; a row with a NaN loss. Ranked by
    /// score, with the Pareto front of score (higher) and loss (lower).
    /// </summary>
    private static readonly CampaignTable Demo = new("demo",
        [new MetricColumn("score", MetricDirection.Higher), new MetricColumn("loss", MetricDirection.Lower)], ["x"],
        [
            new TableRow("x=0", [Campaigns.Num("x", 0)], true, 2, 2, 0, 0, 0, 0,
                [Cell(2, 0.5, 0.25, 0.75), Cell(2, 0.3, 0.2, 0.4, best: true)], 3, true),
            new TableRow("x=1", [Campaigns.Num("x", 1)], false, 3, 2, 1, 0, 0, 0,
                [Cell(2, 0.75, 0.70, 0.80, diff: 0.25, pairedN: 2, p: 0.0456, pAdjusted: 0.0912, best: true),
                 Cell(2, 0.35, 0.30, 0.40, diff: 0.05, pairedN: 2, p: 0.0011, pAdjusted: 0.0043)], 1, true),
            new TableRow("x=2", [Campaigns.Num("x", 2)], false, 2, 2, 0, 0, 0, 0,
                [Cell(2, 0.6, 0.5, 0.7, diff: 0.1, pairedN: 2, p: 0.0002, pAdjusted: 0.0008),
                 Cell(1, 0.4, double.NaN, double.NaN, nan: 1, diff: 0.1, pairedN: 1)], 2, false),
        ], "x=0", IntervalMethod.StudentT, PairedTestMethod.PairedT, "score", "loss")
    {
        Pareto = [new MetricColumn("score", MetricDirection.Higher), new MetricColumn("loss", MetricDirection.Lower)],
    };

    private static readonly string[] DemoNotes = [IntervalNote, TestNote, BestNote, ParetoNote, ShortNote, NaNNote];

    /// <summary>No baseline, no metric with a direction, nothing missing: no Δ, rank or pareto columns and one note.</summary>
    private static readonly CampaignTable Plain = new("plain", [new MetricColumn("widgets", MetricDirection.None)], ["lr"],
        [
            new TableRow("lr=0.1", [Campaigns.Num("lr", 0.1)], false, 3, 3, 0, 0, 0, 0, [Cell(3, 12345.6, 12343.1, 12348.1)], 0, false),
            new TableRow("lr=0.01", [Campaigns.Num("lr", 0.01)], false, 3, 3, 0, 0, 0, 0, [Cell(3, -0.25, -0.25, -0.25)], 0, false),
        ], null, IntervalMethod.StudentT, PairedTestMethod.PairedT, null, null);

    private const string DemoHeader = "setting                       n               score            Δ score               loss              Δ loss  rank  pareto\n";
    private const string DemoRule = "--------------  ---------------  ------------------  -----------------  -----------------  ------------------  ----  ------\n";
    private const string DemoRow0 = "x=0 (baseline)              2/2     0.5000 ± 0.2500                  —  0.3000 ± 0.1000 ★                   —     3     yes\n";
    private const string DemoRow1 = "x=1             2/3* (1 failed)  0.7500 ± 0.05000 ★   +0.2500 (p=0.09)   0.3500 ± 0.05000  +0.05000 (p=0.004)     1     yes\n";
    private const string DemoRow2 = "x=2                         2/2     0.6000 ± 0.1000  +0.1000 (p<0.001)     0.4000 (1 NaN)     +0.1000 (p=n/a)     2\n";

    [Fact]
    public void Text_DemoTable_IsAlignedExactlyWithAllNotes()
    {
        var expected = DemoHeader + DemoRule + DemoRow0 + DemoRow1 + DemoRow2 + string.Concat(DemoNotes.Select(n => n + "\n"));

        Assert.Equal(expected, TableRenderer.Text(Demo));
    }

    [Fact]
    public void Text_Colour_WrapsOnlyTheBestValuesInBoldGreenAndKeepsTheAlignment()
    {
        var expected = DemoHeader + DemoRule
            + DemoRow0.Replace("0.3000 ± 0.1000 ★", "\u001b[1;32m0.3000 ± 0.1000 ★\u001b[0m")
            + DemoRow1.Replace("0.7500 ± 0.05000 ★", "\u001b[1;32m0.7500 ± 0.05000 ★\u001b[0m")
            + DemoRow2 + string.Concat(DemoNotes.Select(n => n + "\n"));

        Assert.Equal(expected, TableRenderer.Text(Demo, colour: true));
    }

    [Fact]
    public void Text_PlainTable_HasNoDeltaRankOrParetoColumnsAndOneNote()
    {
        var expected =
            "setting    n           widgets\n" +
            "-------  ---  ----------------\n" +
            "lr=0.1   3/3  1.235e+4 ± 2.500\n" +
            "lr=0.01  3/3       -0.2500 ± 0\n" +
            IntervalNote + "\n";

        Assert.Equal(expected, TableRenderer.Text(Plain));
    }

    [Fact]
    public void Markdown_DemoTable_IsExact()
    {
        var expected =
            "# demo\n\n" +
            "| setting | n | score | Δ score | loss | Δ loss | rank | pareto |\n" +
            "|:--|--:|--:|--:|--:|--:|--:|--:|\n" +
            "| x=0 (baseline) | 2/2 | 0.5000 ± 0.2500 | — | **0.3000 ± 0.1000** | — | 3 | yes |\n" +
            "| x=1 | 2/3* (1 failed) | **0.7500 ± 0.05000** | +0.2500 (p=0.09) | 0.3500 ± 0.05000 | +0.05000 (p=0.004) | 1 | yes |\n" +
            "| x=2 | 2/2 | 0.6000 ± 0.1000 | +0.1000 (p<0.001) | 0.4000 (1 NaN) | +0.1000 (p=n/a) | 2 |  |\n" +
            "\n" +
            string.Join("\n\n", DemoNotes.Select(n => n == ShortNote ? "\\" + n : n)) + "\n";

        Assert.Equal(expected, TableRenderer.Markdown(Demo));
    }

    [Fact]
    public void Markdown_PipeInASetting_IsEscapedSoEveryLineHasTheHeadersCellCount()
    {
        var table = Plain with { Rows = [Plain.Rows[0] with { Setting = "path=a|b" }] };

        var lines = TableRenderer.Markdown(table).Split('\n').Where(l => l.StartsWith('|')).ToList();

        Assert.Contains("| path=a\\|b | 3/3 | 1.235e+4 ± 2.500 |", lines);
        Assert.All(lines, l => Assert.Equal(4, UnescapedPipe().Matches(l).Count));
    }

    [Fact]
    public void Csv_DemoTable_HasEveryNumberInFull()
    {
        var expected =
            "setting,baseline,trials,succeeded,failed,running,pending,cancelled,stopped,rank,pareto," +
            "score_mean,score_low,score_high,score_n,score_nan,score_diff,score_ratio,score_paired_n,score_p,score_p_adjusted,score_best," +
            "loss_mean,loss_low,loss_high,loss_n,loss_nan,loss_diff,loss_ratio,loss_paired_n,loss_p,loss_p_adjusted,loss_best\n" +
            "x=0,true,2,2,0,0,0,0,0,3,true,0.5,0.25,0.75,2,0,,,0,NaN,NaN,false,0.3,0.2,0.4,2,0,,,0,NaN,NaN,true\n" +
            "x=1,false,3,2,1,0,0,0,0,1,true,0.75,0.7,0.8,2,0,0.25,,2,0.0456,0.0912,true,0.35,0.3,0.4,2,0,0.05,,2,0.0011,0.0043,false\n" +
            "x=2,false,2,2,0,0,0,0,0,2,false,0.6,0.5,0.7,2,0,0.1,,2,0.0002,0.0008,false,0.4,NaN,NaN,1,1,0.1,,1,NaN,NaN,false\n";

        Assert.Equal(expected, TableRenderer.Csv(Demo));
    }

    [Fact]
    public void Csv_SettingWithCommasAndQuotes_IsQuoted()
    {
        var table = Plain with { Rows = [Plain.Rows[0] with { Setting = "path=\"a\", width=8" }] };

        Assert.StartsWith("\"path=\"\"a\"\", width=8\",false,3,3,", TableRenderer.Csv(table).Split('\n')[1]);
    }

    [Fact]
    public void Json_DemoTable_ParsesBackWithSnakeCaseNamesEnumNamesAndNaNAsString()
    {
        using var json = JsonDocument.Parse(TableRenderer.Json(Demo));

        var root = json.RootElement;
        Assert.Equal("demo", root.GetProperty("campaign").GetString());
        Assert.Equal(["x"], root.GetProperty("by").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("x=0", "student_t", "paired_t"), (root.GetProperty("baseline").GetString(), root.GetProperty("interval").GetString(), root.GetProperty("test").GetString()));
        Assert.Equal(("score", "loss"), (root.GetProperty("pareto_x").GetString(), root.GetProperty("pareto_y").GetString()));
        Assert.True(root.GetProperty("has_baseline").GetBoolean());
        var metrics = root.GetProperty("metrics").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("direction").GetString()));
        Assert.Equal([("score", "higher"), ("loss", "lower")], metrics);
        var rows = root.GetProperty("rows");
        Assert.Equal(3, rows.GetArrayLength());
        var second = rows[1];
        Assert.Equal(("x=1", false, 3, 2, 1), (second.GetProperty("setting").GetString(), second.GetProperty("is_baseline").GetBoolean(),
            second.GetProperty("trials").GetInt32(), second.GetProperty("succeeded").GetInt32(), second.GetProperty("failed").GetInt32()));
        Assert.Equal((1, true), (second.GetProperty("rank").GetInt32(), second.GetProperty("on_pareto_front").GetBoolean()));
        Assert.Equal(("x", 1.0), (second.GetProperty("params")[0].GetProperty("name").GetString(), second.GetProperty("params")[0].GetProperty("number").GetDouble()));
        var score = second.GetProperty("cells")[0];
        Assert.Equal((2, 0.75, 0.7, 0.8, 0.25), (score.GetProperty("n").GetInt32(), score.GetProperty("mean").GetDouble(), score.GetProperty("low").GetDouble(),
            score.GetProperty("high").GetDouble(), score.GetProperty("diff_to_baseline").GetDouble()));
        Assert.Equal((2, 0.0456, 0.0912, true), (score.GetProperty("paired_n").GetInt32(), score.GetProperty("p_value").GetDouble(),
            score.GetProperty("p_adjusted").GetDouble(), score.GetProperty("is_best").GetBoolean()));
        var baselineScore = rows[0].GetProperty("cells")[0];
        Assert.Equal(JsonValueKind.Null, baselineScore.GetProperty("diff_to_baseline").ValueKind);
        Assert.Equal("NaN", baselineScore.GetProperty("p_value").GetString());
        Assert.Equal(("NaN", 1), (rows[2].GetProperty("cells")[1].GetProperty("low").GetString(), rows[2].GetProperty("cells")[1].GetProperty("na_n_count").GetInt32()));
    }

    [Fact]
    public void Latex_DemoTable_HasBooktabsRulesOnceAndEqualCellCounts()
    {
        var latex = TableRenderer.Latex(Demo);

        AssertLatexStructure(latex, columns: 8);
        Assert.Contains("setting & n & score & $\\Delta$ score & loss & $\\Delta$ loss & rank & pareto \\\\\n", latex);
        Assert.Contains("x=0 (baseline) & 2/2 & $0.5000 \\pm 0.2500$ & --- & \\textbf{$0.3000 \\pm 0.1000$} & --- & 3 & yes \\\\\n", latex);
        Assert.Contains("x=2 & 2/2 & $0.6000 \\pm 0.1000$ & +0.1000 (p$<$0.001) & 0.4000 (1 NaN) & +0.1000 (p=n/a) & 2 &  \\\\\n", latex);
        Assert.Contains("\\begin{tabular}{lrrrrrrr}\n", latex);
    }

    [Fact]
    public void Latex_SpecialCharacters_AreEscaped()
    {
        var latex = TableRenderer.Latex(Special);

        AssertLatexStructure(latex, columns: 3);
        Assert.Contains("\\caption{a\\_b \\& c\\%: ", latex);
        Assert.Contains("act=relu\\_x, path=a\\&b\\#1\\$\\{2\\}\\textasciitilde{}\\textasciicircum{}\\textbackslash{}", latex);
        Assert.Contains("robust\\_noise@0.1", latex);
    }

    /// <summary>
    /// The tables compile in a minimal document with pdflatex (Debian's texlive-latex-base and
    /// texlive-latex-recommended, for booktabs; test.sh installs them). Without pdflatex the test fails: a table that
    /// was never compiled is not known to compile.
    /// </summary>
    [Fact]
    public async Task Latex_DocumentWithTables_CompilesWithPdflatex()
    {
        var document = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n\\begin{document}\n"
            + TableRenderer.Latex(Demo) + TableRenderer.Latex(Special) + TableRenderer.Latex(Plain) + "\\end{document}\n";
        AssertLatexStructure(TableRenderer.Latex(Plain), columns: 3);
        var pdflatex = FindPdflatex()
            ?? throw new InvalidOperationException("pdflatex is not on PATH: install texlive-latex-base and texlive-latex-recommended (test.sh does)");

        var directory = Directory.CreateTempSubdirectory("goldstone-latex-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "table.tex"), document);
            var start = new ProcessStartInfo(pdflatex) { WorkingDirectory = directory.FullName, RedirectStandardOutput = true, RedirectStandardInput = true };
            foreach (var arg in new[] { "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "table.tex" }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var output = await process.StandardOutput.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"pdflatex failed:\n{output}");
            Assert.True(new FileInfo(Path.Combine(directory.FullName, "table.pdf")).Length > 1000);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A campaign name, a setting and a metric full of LaTeX's special characters.</summary>
    private static readonly CampaignTable Special = Plain with
    {
        Campaign = "a_b & c%",
        Metrics = [new MetricColumn("robust_noise@0.1", MetricDirection.None)],
        Rows = [Plain.Rows[0] with { Setting = "act=relu_x, path=a&b#1${2}~^\\" }],
    };

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(1.0, "1.000")]
    [InlineData(0.5, "0.5000")]
    [InlineData(-0.5, "-0.5000")]
    [InlineData(12.34567, "12.35")]
    [InlineData(123.456, "123.5")]
    [InlineData(1234.56, "1235")]
    [InlineData(9999.4, "9999")]
    [InlineData(0.001, "0.001000")]
    [InlineData(0.0012344, "0.001234")]
    [InlineData(0.000999, "9.990e-4")]
    [InlineData(0.000123456, "1.235e-4")]
    [InlineData(10000.0, "1.000e+4")]
    [InlineData(-12346.0, "-1.235e+4")]
    [InlineData(6.02e23, "6.020e+23")]
    public void Number_AnyValue_HasFourSignificantDigitsAndIsScientificOutsideTheRange(double value, string expected)
    {
        Assert.Equal(expected, TableRenderer.Number(value));
    }

    [Theory]
    [InlineData(9.99996, "10.00")]
    [InlineData(99.996, "100.0")]
    [InlineData(0.099996, "0.1000")]
    [InlineData(9999.7, "1.000e+4")]
    [InlineData(-9999.7, "-1.000e+4")]
    [InlineData(0.00099996, "0.001000")]
    public void Number_RoundingIntoTheNextPowerOfTen_KeepsFourSignificantDigits(double value, string expected)
    {
        Assert.Equal(expected, TableRenderer.Number(value));
    }

    [Theory]
    [InlineData(double.NaN, "p=n/a")]
    [InlineData(0.0009, "p<0.001")]
    [InlineData(0.001, "p=0.001")]
    [InlineData(0.0123, "p=0.01")]
    [InlineData(0.0043, "p=0.004")]
    [InlineData(0.0912, "p=0.09")]
    [InlineData(1.0, "p=1.00")]
    public void PValue_AnyValue_HasTwoDecimalsFromOnePercentAndThreeBelow(double p, string expected)
    {
        Assert.Equal(expected, TableRenderer.PValue(p));
    }

    /// <summary>
    /// Booktabs rules exactly once each, every tabular line with as many '&amp;'-separated cells as the header,
    /// balanced braces and math shifts (escaped ones aside), and no unescaped special character outside commands.
    /// </summary>
    private static void AssertLatexStructure(string latex, int columns)
    {
        foreach (var rule in new[] { "\\toprule", "\\midrule", "\\bottomrule" })
            Assert.Single(Regex.Matches(latex, Regex.Escape(rule) + "\\b"));
        var lines = latex.Split('\n');
        var body = lines.SkipWhile(l => l != "\\toprule").Skip(1).TakeWhile(l => l != "\\bottomrule").Where(l => l != "\\midrule").ToList();
        Assert.NotEmpty(body);
        Assert.All(body, line =>
        {
            Assert.EndsWith(" \\\\", line);
            Assert.Equal(columns, UnescapedAmpersand().Split(line).Length);
        });
        var unescaped = EscapedSpecial().Replace(latex, "");
        Assert.Equal(unescaped.Count(c => c == '{'), unescaped.Count(c => c == '}'));
        Assert.All(lines, line => Assert.Equal(0, EscapedSpecial().Replace(line, "").Count(c => c == '$') % 2));
        Assert.DoesNotMatch("(?<!\\\\)[%#_]", latex);
    }

    private static string? FindPdflatex() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "pdflatex")).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"(?<!\\)&")]
    private static partial Regex UnescapedAmpersand();

    [GeneratedRegex(@"\\[{}$&%#_]")]
    private static partial Regex EscapedSpecial();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
