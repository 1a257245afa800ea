using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Goldstone.Cli.Parsing;
using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Cli.Commands;

/// <summary>The table options shared by <c>table</c> and <c>report</c>: grouping, columns and statistics.</summary>
public sealed class TableOptions
{
    /// <summary>Output formats of <c>table</c>.</summary>
    public static readonly string[] Formats = ["text", "markdown", "csv", "json", "latex"];

    private readonly Option<string?> _by = new("--by") { HelpName = "P1,P2", Description = "group rows by these parameters (the others pooled, or held with --fix)" };
    private readonly Option<string?> _metrics = new("--metrics") { HelpName = "M1,M2", Description = "the metric columns (default the spec's table.metrics)" };
    private readonly Option<List<ParamValue>?> _fix = new("--fix") { HelpName = "P=V,…", Description = "hold parameters at a value", CustomParser = ParseFixed };
    private readonly Option<string?> _interval = CliOptions.Choice("--interval", "an interval", "the 95% interval of each cell", ["t", "bootstrap"], "t");
    private readonly Option<string?> _test = CliOptions.Choice("--test", "a paired test", "the paired test against the baseline row", ["t", "wilcoxon"], "t");
    private readonly Option<string?> _correction = CliOptions.Choice("--correction", "a correction",
        "the multiple-test correction within each metric (default the spec's table.correction, else holm)", [.. SpecParser.Corrections.Select(c => c.Name)]);
    private readonly Option<string?> _trend = new("--trend") { HelpName = "P|none", Description = "a trend row over P: Spearman's ρ and Page's L (none: turn off the spec's)" };
    private readonly Option<string?> _logScale = new("--log-scale") { HelpName = "M1,M2|none", Description = "compare these metrics on log values (none: turn off the spec's)" };
    private readonly Option<(string X, string Y)?> _pareto = new("--pareto") { HelpName = "M1,M2", Description = "mark the Pareto front of two metrics", CustomParser = ParsePareto };

    private readonly Option<string?> _stopped = CliOptions.Choice("--stopped", "a choice",
        "stopped trials: exclude them from the cells, or take their last reported metrics (default the spec's table.stopped, else exclude)",
        [.. SpecParser.StoppedChoices.Select(c => c.Name)]);

    /// <summary>Every table option, in the order of the usage line.</summary>
    public IReadOnlyList<Option> All => [_by, _metrics, _fix, _interval, _test, _correction, _trend, _logScale, _pareto, _stopped];

    /// <summary>Reads the query from a parsed command line; the values were checked as they were parsed.</summary>
    public TableQuery Query(ParseResult result)
    {
        var interval = result.GetValue(_interval) == "bootstrap" ? IntervalMethod.Bootstrap : IntervalMethod.StudentT;
        var test = result.GetValue(_test) == "wilcoxon" ? PairedTestMethod.Wilcoxon : PairedTestMethod.PairedT;
        var pareto = result.GetValue(_pareto);
        var metrics = result.GetValue(_metrics) is { } m ? List(m) : null;
        if (metrics is not null && pareto is { } pair)
            metrics = [.. metrics, .. new[] { pair.X, pair.Y }.Where(p => !metrics.Contains(p))];
        var correction = result.GetValue(_correction) is { } name ? SpecParser.CorrectionNamed(name) : null;
        // "none" turns off what the spec's table block asks for; absent, the spec's choice holds.
        var trend = result.GetValue(_trend) is { } t ? (t == "none" ? "" : t) : null;
        var logScale = result.GetValue(_logScale) is { } l ? (l == "none" ? [] : List(l)) : null;
        return new TableQuery(result.GetValue(_by) is { } by ? List(by) : null, metrics, Fixed(result), interval, test, pareto?.X, pareto?.Y)
        {
            Correction = correction,
            Trend = trend,
            LogScale = logScale,
            Stopped = result.GetValue(_stopped) is { } stopped ? SpecParser.StoppedNamed(stopped) : null,
        };
    }

    // Absent, a list option's value is an empty list, which would hold nothing fixed instead of leaving it to the spec.
    private List<ParamValue>? Fixed(ParseResult result) => result.GetResult(_fix) is null ? null : result.GetValue(_fix);

    private static List<string> List(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static (string X, string Y)? ParsePareto(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        var pair = List(text);
        if (pair.Count == 2) return (pair[0], pair[1]);
        result.AddError($"--pareto: '{text}' must name two metrics, e.g. --pareto auc,hessian_top");
        return null;
    }

    private static List<ParamValue>? ParseFixed(ArgumentResult result)
    {
        var values = new List<ParamValue>();
        foreach (var item in List(result.Tokens[0].Value))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0)
            {
                result.AddError($"--fix: '{item}' is not NAME=VALUE, e.g. --fix width=32");
                return null;
            }
            var (name, value) = (item[..eq], item[(eq + 1)..]);
            values.Add(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? new ParamValue(name, ParamType.Number, number, null, false)
                : value is "true" or "false" ? new ParamValue(name, ParamType.Boolean, 0, null, value == "true")
                : new ParamValue(name, ParamType.Text, 0, value, false));
        }
        return values;
    }
}
