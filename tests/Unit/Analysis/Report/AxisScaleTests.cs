using Goldstone.Grains.Analysis.Report;

namespace Goldstone.Tests.Unit.Analysis.Report;

public sealed class AxisScaleTests
{
    [Fact]
    public void LinearScale_Range_HasNiceTicksCoveringTheDataAndMapsEnds()
    {
        var scale = new LinearScale([0.13, 0.87], 100, 300);

        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1"], scale.Ticks.Select(t => t.Label));
        Assert.Equal((100.0, 200.0, 300.0), (scale.Map(0), scale.Map(0.5), scale.Map(1)));
    }

    [Fact]
    public void LinearScale_OneValue_IsPaddedByATenthEachSide()
    {
        var scale = new LinearScale([5, 5, double.NaN], 0, 1);

        Assert.Equal(["4.4", "4.6", "4.8", "5", "5.2", "5.4", "5.6"], scale.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void LinearScale_ValuesOneUlpApart_AreTreatedAsOneValue()
    {
        var scale = new LinearScale([0.1, Math.BitIncrement(0.1)], 0, 100);

        Assert.Equal(["0.09", "0.095", "0.1", "0.105", "0.11"], scale.Ticks.Select(t => t.Label));
        Assert.Equal(50, scale.Map(0.1), 1e-9);
    }

    [Fact]
    public void LinearScale_InvertedPixels_MapsLowValuesToTheBottom()
    {
        var scale = new LinearScale([0, 10], 262, 40);

        Assert.Equal((262.0, 40.0), (scale.Map(0), scale.Map(10)));
    }

    [Fact]
    public void LinearScale_Integer_TicksAtWholeNumbersOnly()
    {
        var scale = new LinearScale([1, 2, 3], 0, 1, integer: true);

        Assert.Equal(["1", "2", "3"], scale.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void LogScale_Decades_AreEvenlySpacedAndZeroSitsApartAtTheLowEnd()
    {
        var scale = new LogScale([0, 0.01, 0.1, 1], 0, 228);

        Assert.Equal(["0", "0.01", "0.1", "1"], scale.Ticks.Select(t => t.Label));
        Assert.Equal((0.0, LogScale.ZeroGap, 128.0, 228.0), (scale.Map(0), scale.Map(0.01), scale.Map(0.1), scale.Map(1)));
        Assert.Equal(LogScale.ZeroGap / 2, scale.BreakAt);
        Assert.Equal(" (log scale; 0 shown apart at the left)", scale.LabelNote);
        Assert.False(scale.CanShow(-1));
    }

    [Fact]
    public void LogScale_WithinOneDecade_AddsTwoAndFiveTimesTicks()
    {
        var scale = new LogScale([2, 5], 0, 100);

        Assert.Equal(["1", "2", "5", "10"], scale.Ticks.Select(t => t.Label));
        Assert.Equal((" (log scale)", null), (scale.LabelNote, scale.BreakAt));
        Assert.False(scale.CanShow(0));
    }

    [Fact]
    public void LogScale_NegativeValue_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new LogScale([-1, 10], 0, 100));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(1000.0, "1000")]
    [InlineData(1e-5, "1e-5")]
    [InlineData(2e6, "2e6")]
    [InlineData(-0.25, "-0.25")]
    public void Tick_Value_IsShortAndCultureInvariant(double value, string expected)
    {
        Assert.Equal(expected, Markup.Tick(value));
    }

    [Theory]
    [InlineData("a<b & \"c\" 'd'", "a&lt;b &amp; &quot;c&quot; &#39;d&#39;")]
    [InlineData("plain", "plain")]
    public void Escape_Text_EscapesMarkupAndQuotes(string text, string expected)
    {
        Assert.Equal(expected, Markup.Escape(text));
    }
}
