using System.Globalization;
using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Cli.Commands;

/// <summary>The table options shared by <c>table</c> and <c>report</c>: grouping, columns, statistics and format.</summary>
public static class TableOptions
{
    /// <summary>Option names these commands accept.</summary>
    public static readonly string[] Names = ["by", "metrics", "fix", "interval", "test", "pareto", "correction", "trend", "log-scale"];

    /// <summary>Output formats of <c>table</c>.</summary>
    public static readonly string[] Formats = ["text", "markdown", "csv", "json", "latex"];

    /// <summary>Reads the query from the options; an unknown value is a usage error naming what is allowed.</summary>
    public static TableQuery Query(CommandLine line, string usage)
    {
        var interval = line.Option("interval", "t") switch
        {
            "t" => IntervalMethod.StudentT,
            "bootstrap" => IntervalMethod.Bootstrap,
            var other => throw new UsageException($"--interval: '{other}' is not an interval (allowed: t, bootstrap)", usage),
        };
        var test = line.Option("test", "t") switch
        {
            "t" => PairedTestMethod.PairedT,
            "wilcoxon" => PairedTestMethod.Wilcoxon,
            var other => throw new UsageException($"--test: '{other}' is not a paired test (allowed: t, wilcoxon)", usage),
        };
        string? paretoX = null, paretoY = null;
        if (line.Option("pareto") is { } pareto)
        {
            var pair = List(pareto);
            if (pair.Count != 2) throw new UsageException($"--pareto: '{pareto}' must name two metrics, e.g. --pareto auc,hessian_top", usage);
            (paretoX, paretoY) = (pair[0], pair[1]);
        }
        var metrics = line.Option("metrics") is { } m ? List(m) : null;
        if (metrics is not null && paretoX is not null)
            metrics = [.. metrics, .. new[] { paretoX, paretoY! }.Where(p => !metrics.Contains(p))];
        MultipleTestCorrection? correction = null;
        if (line.Option("correction") is { } name)
            correction = SpecParser.CorrectionNamed(name)
                ?? throw new UsageException($"--correction: '{name}' is not a correction (allowed: {SpecParser.DescribeCorrections()})", usage);
        // "none" turns off what the spec's table block asks for; absent, the spec's choice holds.
        var trend = line.Option("trend") is { } t ? (t == "none" ? "" : t) : null;
        var logScale = line.Option("log-scale") is { } l ? (l == "none" ? [] : List(l)) : null;
        return new TableQuery(line.Option("by") is { } by ? List(by) : null, metrics, Fixed(line.Option("fix"), usage), interval, test, paretoX, paretoY)
        {
            Correction = correction,
            Trend = trend,
            LogScale = logScale,
        };
    }

    /// <summary>The output format, checked.</summary>
    public static string Format(CommandLine line, string usage)
    {
        var format = line.Option("format", "text");
        return Formats.Contains(format) ? format : throw new UsageException($"--format: '{format}' is not a format (allowed: {string.Join(", ", Formats)})", usage);
    }

    private static List<string> List(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static List<ParamValue>? Fixed(string? text, string usage)
    {
        if (text is null) return null;
        var values = new List<ParamValue>();
        foreach (var item in List(text))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--fix: '{item}' is not NAME=VALUE, e.g. --fix width=32", usage);
            var (name, value) = (item[..eq], item[(eq + 1)..]);
            values.Add(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? new ParamValue(name, ParamType.Number, number, null, false)
                : value is "true" or "false" ? new ParamValue(name, ParamType.Boolean, 0, null, value == "true")
                : new ParamValue(name, ParamType.Text, 0, value, false));
        }
        return values;
    }
}
