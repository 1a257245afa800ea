using System.Globalization;
using System.Text;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>Escaping and number formatting for HTML and SVG, culture-invariant so a report is the same bytes everywhere.</summary>
internal static class Markup
{
    /// <summary>Text or an attribute value with &amp;, &lt;, &gt; and both quotes escaped.</summary>
    public static string Escape(string text)
    {
        if (text.IndexOfAny(['&', '<', '>', '"', '\'']) < 0) return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            escaped.Append(ch switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => ch.ToString(),
            });
        }
        return escaped.ToString();
    }

    /// <summary>An SVG coordinate: at most two decimals, never NaN (a NaN coordinate is a bug in the caller).</summary>
    public static string Coordinate(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "an SVG coordinate must be finite");
        var rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A tick label: plain between 1e-4 and 1e6, otherwise like 2e-5; rounding noise of tick arithmetic dropped.</summary>
    public static string Tick(double value)
    {
        if (value == 0) return "0";
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        return exponent is > -5 and < 6
            ? value.ToString("0.#########", CultureInfo.InvariantCulture)
            : value.ToString("0.###e+0", CultureInfo.InvariantCulture).Replace("e+", "e", StringComparison.Ordinal);
    }
}
