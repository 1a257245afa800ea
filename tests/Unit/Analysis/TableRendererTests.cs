using Goldstone.Contracts;
using Goldstone.Grains.Analysis;

namespace Goldstone.Tests.Unit.Analysis;

public sealed class TableRendererTests
{
    private const string Legend = "mean ± 95% CI (Student t) over seeds; Δ = difference of means to the baseline row; n = succeeded/seeds";
    private const string Marker = "* fewer succeeded seeds than asked (failed or unfinished trials)";
    private const string NaNNote = "NaN values are excluded from the statistics and counted";

    /// <summary>A baseline with two seeds, a row with one success and one failure, and a row whose only value was NaN.</summary>
    private static readonly CampaignTable Small = new("demo", ["score"],
    [
        new TableRow("x=1", true, 2, 2, 0, 0, [new TableCell(2, 0.5, 0.25, null, 0)]),
        new TableRow("x=2", false, 2, 1, 1, 0, [new TableCell(1, 0.75, double.NaN, 0.25, 0)]),
        new TableRow("x=3", false, 2, 0, 0, 2, [new TableCell(0, double.NaN, double.NaN, null, 1)]),
    ], HasBaseline: true);

    /// <summary>Two complete rows, two metrics, no baseline: no Δ columns and no footnotes.</summary>
    private static readonly CampaignTable Complete = new("plain", ["auc", "loss"],
    [
        new TableRow("lr=0.1, width=8", false, 3, 3, 0, 0, [new TableCell(3, 0.81234, 0.01, null, 0), new TableCell(3, 12345.6, 2.5, null, 0)]),
        new TableRow("lr=0.01, width=8", false, 3, 3, 0, 0, [new TableCell(3, 0.7, 0.0001234, null, 1), new TableCell(3, -0.25, 0, null, 0)]),
    ], HasBaseline: false);

    [Fact]
    public void Markdown_SmallTable_IsExact()
    {
        var expected =
            "# demo\n" +
            "\n" +
            "| setting | n | score | Δ score |\n" +
            "|:--|--:|--:|--:|\n" +
            "| x=1 (baseline) | 2/2 | 0.5000 ± 0.2500 | — |\n" +
            "| x=2 | 1/2* (1 failed) | 0.7500 | +0.2500 |\n" +
            "| x=3 | 0/2* | NaN (1) | n/a |\n" +
            "\n" +
            Legend + "\n" +
            "\n" +
            "\\" + Marker + "\n" +
            "\n" +
            NaNNote + "\n";

        Assert.Equal(expected, TableRenderer.Markdown(Small));
    }

    [Fact]
    public void Markdown_CompleteTable_HasOnlyTheLegend()
    {
        var expected =
            "# plain\n" +
            "\n" +
            "| setting | n | auc | loss |\n" +
            "|:--|--:|--:|--:|\n" +
            "| lr=0.1, width=8 | 3/3 | 0.8123 ± 0.01000 | 1.235e+4 ± 2.500 |\n" +
            "| lr=0.01, width=8 | 3/3 | 0.7000 ± 1.234e-4 (1 NaN) | -0.2500 ± 0 |\n" +
            "\n" +
            Legend + "\n" +
            "\n" +
            NaNNote + "\n";

        Assert.Equal(expected, TableRenderer.Markdown(Complete));
    }

    [Fact]
    public void Markdown_PipeInASetting_IsEscaped()
    {
        var table = new CampaignTable("t", ["m"], [new TableRow("path=a|b", false, 1, 1, 0, 0, [new TableCell(1, 1, double.NaN, null, 0)])], HasBaseline: false);

        Assert.Contains("\n| path=a\\|b | 1/1 | 1.000 |\n", TableRenderer.Markdown(table));
    }

    [Fact]
    public void Text_SmallTable_IsAlignedExactly()
    {
        var expected =
            "setting                       n            score  Δ score\n" +
            "--------------  ---------------  ---------------  -------\n" +
            "x=1 (baseline)              2/2  0.5000 ± 0.2500        —\n" +
            "x=2             1/2* (1 failed)           0.7500  +0.2500\n" +
            "x=3                        0/2*          NaN (1)      n/a\n" +
            Legend + "\n" +
            Marker + "\n" +
            NaNNote + "\n";

        Assert.Equal(expected, TableRenderer.Text(Small));
    }

    [Fact]
    public void Csv_SmallTable_HasRawNumbersAndEmptyDiffs()
    {
        var expected =
            "setting,baseline,seeds,succeeded,failed,unfinished,score_mean,score_ci95,score_n,score_diff\n" +
            "x=1,true,2,2,0,0,0.5,0.25,2,\n" +
            "x=2,false,2,1,1,0,0.75,NaN,1,0.25\n" +
            "x=3,false,2,0,0,2,NaN,NaN,0,\n";

        Assert.Equal(expected, TableRenderer.Csv(Small));
    }

    [Fact]
    public void Csv_SettingWithCommasAndQuotes_IsQuoted()
    {
        var table = new CampaignTable("t", ["m"],
            [new TableRow("path=\"a\", width=8", false, 1, 1, 0, 0, [new TableCell(1, 0.1, double.NaN, null, 0)])], HasBaseline: false);

        var expected =
            "setting,baseline,seeds,succeeded,failed,unfinished,m_mean,m_ci95,m_n,m_diff\n" +
            "\"path=\"\"a\"\", width=8\",false,1,1,0,0,0.1,NaN,1,\n";

        Assert.Equal(expected, TableRenderer.Csv(table));
    }

    [Fact]
    public void Csv_Numbers_KeepFullPrecision()
    {
        var csv = TableRenderer.Csv(Complete);

        Assert.Equal(
            "\"lr=0.1, width=8\",false,3,3,0,0,0.81234,0.01,3,,12345.6,2.5,3,",
            csv.Split('\n')[1]);
    }

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
}
