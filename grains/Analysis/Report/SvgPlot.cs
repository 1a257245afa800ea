using System.Text;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>Where a plot's data area sits inside its SVG.</summary>
internal readonly record struct PlotFrame(double Width, double Height, double Left, double Top, double Right, double Bottom)
{
    /// <summary>The default frame: room for tick labels on the left and the axis label below.</summary>
    public static PlotFrame Default { get; } = new(480, 320, 70, 40, 460, 262);

    /// <summary>The same data area with room below for <paramref name="legendItems"/> legend lines.</summary>
    public PlotFrame WithLegend(int legendItems) => this with { Height = Height + SvgPlot.LegendLine * legendItems + 8 };
}

/// <summary>
/// One plot as inline SVG: a title, two axes with ticks and labels, and marks added in order (error bars, points,
/// lines, a legend). Class names (plot, axis, tick, point, errorbar, line, legend) let tests and CSS find the parts.
/// </summary>
internal sealed class SvgPlot(string title, PlotFrame frame, AxisScale x, AxisScale y, string xLabel, string yLabel)
{
    /// <summary>Height of one legend line.</summary>
    public const double LegendLine = 16;

    /// <summary>Series colours (Tableau 10); beyond ten series the dash pattern tells them apart.</summary>
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
    private static readonly string[] Dashes = ["", "6 3", "2 2", "8 3 2 3"];

    private readonly StringBuilder _marks = new();
    private readonly List<(string Name, int Series)> _legend = [];

    /// <summary>The colour of series <paramref name="series"/>.</summary>
    public static string Colour(int series) => Palette[series % Palette.Length];

    /// <summary>A vertical 95% interval from <paramref name="low"/> to <paramref name="high"/> at <paramref name="atX"/>.</summary>
    public void ErrorBar(double atX, double low, double high, int series = 0)
    {
        if (!x.CanShow(atX) || !y.CanShow(low) || !y.CanShow(high)) return;
        var (px, pLow, pHigh) = (x.Map(atX), y.Map(low), y.Map(high));
        _marks.Append($"<path class=\"errorbar\" stroke=\"{Colour(series)}\" d=\"M{C(px)},{C(pLow)}V{C(pHigh)}M{C(px - 4)},{C(pLow)}H{C(px + 4)}M{C(px - 4)},{C(pHigh)}H{C(px + 4)}\"/>\n");
    }

    /// <summary>A point with a tooltip; <paramref name="extraClass"/> adds classes such as "baseline" or "front".</summary>
    public void Point(double atX, double atY, string tooltip, int series = 0, string extraClass = "")
    {
        if (!x.CanShow(atX) || !y.CanShow(atY)) return;
        var classes = extraClass.Length == 0 ? "point" : $"point {extraClass}";
        _marks.Append($"<circle class=\"{classes}\" cx=\"{C(x.Map(atX))}\" cy=\"{C(y.Map(atY))}\" r=\"4\" fill=\"{Colour(series)}\"><title>{Markup.Escape(tooltip)}</title></circle>\n");
    }

    /// <summary>A line through the points in the given order; points that cannot be shown break it into pieces.</summary>
    public void Line(IEnumerable<(double X, double Y)> points, int series = 0, string? legend = null, string extraClass = "")
    {
        var path = new StringBuilder();
        var pen = 'M';
        foreach (var (px, py) in points)
        {
            if (!x.CanShow(px) || !y.CanShow(py))
            {
                pen = 'M';
                continue;
            }
            path.Append(pen).Append(C(x.Map(px))).Append(',').Append(C(y.Map(py)));
            pen = 'L';
        }
        if (path.Length == 0) return;
        var dash = Dashes[series / Palette.Length % Dashes.Length];
        var dashAttribute = dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"";
        var classes = extraClass.Length == 0 ? "line" : $"line {extraClass}";
        _marks.Append($"<path class=\"{classes}\" stroke=\"{Colour(series)}\"{dashAttribute} d=\"{path}\"/>\n");
        if (legend is not null) _legend.Add((legend, series));
    }

    /// <summary>A filled rectangle over [x0, x1] × [y0, y1] in data units, with a tooltip (a heat map's cell).</summary>
    public void Cell(double x0, double x1, double y0, double y1, string fill, string tooltip)
    {
        if (!x.CanShow(x0) || !x.CanShow(x1) || !y.CanShow(y0) || !y.CanShow(y1)) return;
        var (left, right) = (Math.Min(x.Map(x0), x.Map(x1)), Math.Max(x.Map(x0), x.Map(x1)));
        var (top, bottom) = (Math.Min(y.Map(y0), y.Map(y1)), Math.Max(y.Map(y0), y.Map(y1)));
        _marks.Append($"<rect class=\"cell\" x=\"{C(left)}\" y=\"{C(top)}\" width=\"{C(right - left)}\" height=\"{C(bottom - top)}\" fill=\"{fill}\"><title>{Markup.Escape(tooltip)}</title></rect>\n");
    }

    /// <summary>A horizontal colour bar below the data area, from <paramref name="lowLabel"/> to <paramref name="highLabel"/>
    /// (use with a frame that has one legend line).</summary>
    public void ColourBar(IReadOnlyList<string> stops, string lowLabel, string highLabel)
    {
        var top = frame.Bottom + 46;
        var width = (frame.Right - frame.Left) / stops.Count;
        _marks.Append("<g class=\"colour-bar\">\n");
        for (var i = 0; i < stops.Count; i++)
            _marks.Append($"<rect x=\"{C(frame.Left + i * width)}\" y=\"{C(top)}\" width=\"{C(width)}\" height=\"8\" fill=\"{stops[i]}\"/>");
        _marks.Append($"\n<text x=\"{C(frame.Left)}\" y=\"{C(top + 20)}\">{Markup.Escape(lowLabel)}</text>");
        _marks.Append($"<text x=\"{C(frame.Right)}\" y=\"{C(top + 20)}\" text-anchor=\"end\">{Markup.Escape(highLabel)}</text>\n</g>\n");
    }

    /// <summary>The complete &lt;svg&gt; element.</summary>
    public string ToSvg()
    {
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"plot\" viewBox=\"0 0 {C(frame.Width)} {C(frame.Height)}\" width=\"{C(frame.Width)}\" height=\"{C(frame.Height)}\" role=\"img\">\n");
        svg.Append($"<title>{Markup.Escape(title)}</title>\n");
        svg.Append($"<text class=\"plot-title\" x=\"{C(frame.Width / 2)}\" y=\"20\" text-anchor=\"middle\">{Markup.Escape(title)}</text>\n");
        AppendXAxis(svg);
        AppendYAxis(svg);
        svg.Append(_marks);
        AppendLegend(svg);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private void AppendXAxis(StringBuilder svg) =>
        AppendAxis(svg, "x-axis", x, xLabel, (frame.Left, frame.Bottom, frame.Right, frame.Bottom), horizontal: true,
            px => $"<line x1=\"{px}\" y1=\"{C(frame.Bottom)}\" x2=\"{px}\" y2=\"{C(frame.Bottom + 5)}\"/>"
                + $"<text x=\"{px}\" y=\"{C(frame.Bottom + 18)}\" text-anchor=\"middle\">",
            $"x=\"{C((frame.Left + frame.Right) / 2)}\" y=\"{C(frame.Bottom + 40)}\"");

    private void AppendYAxis(StringBuilder svg)
    {
        var (lx, ly) = (C(16), C((frame.Top + frame.Bottom) / 2));
        AppendAxis(svg, "y-axis", y, yLabel, (frame.Left, frame.Bottom, frame.Left, frame.Top), horizontal: false,
            py => $"<line class=\"grid\" x1=\"{C(frame.Left)}\" y1=\"{py}\" x2=\"{C(frame.Right)}\" y2=\"{py}\"/>"
                + $"<line x1=\"{C(frame.Left - 5)}\" y1=\"{py}\" x2=\"{C(frame.Left)}\" y2=\"{py}\"/>"
                + $"<text x=\"{C(frame.Left - 8)}\" y=\"{py}\" dy=\"0.32em\" text-anchor=\"end\">",
            $"x=\"{lx}\" y=\"{ly}\" transform=\"rotate(-90 {lx} {ly})\"");
    }

    /// <summary>
    /// One axis: its line from (X1, Y1) to (X2, Y2), per tick the marks that <paramref name="tickMarks"/> makes of the
    /// tick's coordinate (ending in the opening &lt;text&gt; of the tick's label), and the axis label placed by the
    /// attributes <paramref name="labelPlace"/>.
    /// </summary>
    private static void AppendAxis(StringBuilder svg, string name, AxisScale axis, string label, (double X1, double Y1, double X2, double Y2) line,
        bool horizontal, Func<string, string> tickMarks, string labelPlace)
    {
        svg.Append($"<g class=\"axis {name}\">\n");
        AxisLine(svg, line.X1, line.Y1, line.X2, line.Y2, axis.BreakAt, horizontal);
        foreach (var tick in axis.Ticks)
            svg.Append($"<g class=\"tick\">{tickMarks(C(axis.Map(tick.Value)))}{Markup.Escape(tick.Label)}</text></g>\n");
        svg.Append($"<text class=\"axis-label\" {labelPlace} text-anchor=\"middle\">{Markup.Escape(label + axis.LabelNote)}</text>\n");
        svg.Append("</g>\n");
    }

    /// <summary>The axis line, with a small gap and two slashes where a log axis separates its zero.</summary>
    private static void AxisLine(StringBuilder svg, double x1, double y1, double x2, double y2, double? breakAt, bool horizontal)
    {
        if (breakAt is not { } at)
        {
            svg.Append($"<line class=\"domain\" x1=\"{C(x1)}\" y1=\"{C(y1)}\" x2=\"{C(x2)}\" y2=\"{C(y2)}\"/>\n");
            return;
        }
        const double half = 4;
        if (horizontal)
        {
            svg.Append($"<path class=\"domain\" d=\"M{C(x1)},{C(y1)}H{C(at - half)}M{C(at + half)},{C(y1)}H{C(x2)}\"/>\n");
            svg.Append($"<path class=\"axis-break\" d=\"M{C(at - half - 3)},{C(y1 + 5)}L{C(at - half + 3)},{C(y1 - 5)}M{C(at + half - 3)},{C(y1 + 5)}L{C(at + half + 3)},{C(y1 - 5)}\"/>\n");
        }
        else
        {
            svg.Append($"<path class=\"domain\" d=\"M{C(x1)},{C(y1)}V{C(at + half)}M{C(x1)},{C(at - half)}V{C(y2)}\"/>\n");
            svg.Append($"<path class=\"axis-break\" d=\"M{C(x1 - 5)},{C(at + half + 3)}L{C(x1 + 5)},{C(at + half - 3)}M{C(x1 - 5)},{C(at - half + 3)}L{C(x1 + 5)},{C(at - half - 3)}\"/>\n");
        }
    }

    private void AppendLegend(StringBuilder svg)
    {
        if (_legend.Count == 0) return;
        svg.Append("<g class=\"legend\">\n");
        for (var i = 0; i < _legend.Count; i++)
        {
            var (name, series) = _legend[i];
            var top = frame.Bottom + 52 + i * LegendLine;
            var dash = Dashes[series / Palette.Length % Dashes.Length];
            var dashAttribute = dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"";
            svg.Append($"<line class=\"legend-swatch\" x1=\"{C(frame.Left)}\" y1=\"{C(top)}\" x2=\"{C(frame.Left + 24)}\" y2=\"{C(top)}\" stroke=\"{Colour(series)}\"{dashAttribute}/>");
            svg.Append($"<text x=\"{C(frame.Left + 30)}\" y=\"{C(top)}\" dy=\"0.32em\">{Markup.Escape(name)}</text>\n");
        }
        svg.Append("</g>\n");
    }

    private static string C(double value) => Markup.Coordinate(value);
}
