using System.CommandLine;
using System.Globalization;
using System.Text;
using Goldstone.Cli.Parsing;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Cli.Commands;

/// <summary>
/// <c>goldstone validate SPEC [--rows N]</c>: parses and expands a spec without creating anything, and says what
/// <c>run</c> would run: the number of trials, the swept parameters and the first trials. A bad spec gets the same
/// one-line errors as <c>run</c>, exit code 2.
/// </summary>
public static class ValidateCommand
{
    /// <summary>First trials listed when <c>--rows</c> is absent.</summary>
    public const int DefaultRows = 10;

    /// <summary>The <c>validate</c> command.</summary>
    public static Command Create()
    {
        var spec = new Argument<string>("SPEC") { Description = "the campaign spec (YAML)" };
        var rows = CliOptions.Integer("--rows", "N", "how many of the first trials to list", 0, 1000, DefaultRows);
        var command = new Command("validate", "check and expand a spec without creating anything: the trials, the swept and fixed parameters, the table, the first trials")
        {
            spec, rows,
        };
        command.SetAction(result => Execute(result.GetRequiredValue(spec), result.GetValue(rows)));
        return command;
    }

    /// <summary>Runs <c>validate</c>; returns the exit code.</summary>
    public static int Execute(string path, int rows)
    {
        Console.Out.Write(Describe(path, SpecFiles.Load(path).Spec, rows));
        return ExitCodes.Ok;
    }

    /// <summary>"min loss", or for several objectives "MOTPE: min loss, max accuracy; Pareto front in the table".</summary>
    private static string Objectives(SearchSpec search)
    {
        var each = string.Join(", ", search.Objectives.Select(o => $"{o.Mode.ToString().ToLowerInvariant()} {o.Metric}"));
        return search.IsMultiObjective ? $"MOTPE: {each}; Pareto front in the table" : each;
    }

    /// <summary>What a valid spec runs: its trials, search, fixed parameters, table and first <paramref name="rows"/> trials.</summary>
    public static string Describe(string path, CampaignSpec spec, int rows)
    {
        var points = TrialExpansion.Points(spec);
        var seeds = spec.Seeds.Count;
        var tpe = spec.Search.Algorithm == SearchAlgorithm.Tpe;
        // A tpe search suggests its points from the outcomes: only the first `parallel` are known before it runs.
        var trials = tpe ? spec.Search.Trials : (long)points.Count * seeds;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{path}: valid, nothing created\n");
        text.Append(CultureInfo.InvariantCulture, $"campaign: {spec.Name} (kind {spec.Kind})\n");
        var gpus = spec.Resources.Gpus > 0 ? $", {spec.Resources.Gpus} GPU{Plural(spec.Resources.Gpus)}" : "";
        var count = tpe ? $"{trials} suggested point{Plural((int)trials)} × 1 seed" : $"{points.Count} point{Plural(points.Count)} × {seeds} seed{Plural(seeds)}";
        text.Append(CultureInfo.InvariantCulture,
            $"trials: {trials} = {count}, {spec.Epochs} epoch{Plural(spec.Epochs)} each; per trial {spec.Resources.Slots} slot{Plural(spec.Resources.Slots)}, {spec.Resources.Threads} thread{Plural(spec.Resources.Threads)}{gpus}\n");
        var search = spec.Search.Algorithm switch
        {
            SearchAlgorithm.Random => $"random, {spec.Search.Samples} samples (seed {spec.Search.Seed}; {points.Count} distinct)",
            SearchAlgorithm.Tpe => $"tpe, {spec.Search.Trials} trials, parallel {spec.Search.Parallel}, {Objectives(spec.Search)} (seed {spec.Search.Seed}; the first {points.Count} shown, the rest depend on the outcomes)",
            _ => "grid",
        };
        text.Append(CultureInfo.InvariantCulture, $"search: {search}\n");
        text.Append("swept: ").Append(spec.Search.Space.Count == 0 ? "nothing" : string.Join("; ", spec.Search.Space.Select(Swept))).Append('\n');
        text.Append("fixed: ").Append(spec.Params.Count == 0 ? "nothing" : ParamFormat.Setting(spec.Params)).Append('\n');
        text.Append("table: ").Append(Table(spec.Table)).Append('\n');
        var shown = (int)Math.Min(rows, tpe ? points.Count : trials);
        if (shown == 0) return text.ToString();
        text.Append(CultureInfo.InvariantCulture, $"first {shown} of {trials} trials:\n");
        var width = (trials - 1).ToString(CultureInfo.InvariantCulture).Length;
        for (var index = 0; index < shown; index++)
        {
            var point = points[index / seeds];
            var setting = point.Count == 0 ? "(no swept parameter)" : ParamFormat.Setting(point);
            text.Append(CultureInfo.InvariantCulture, $"  #{index.ToString(CultureInfo.InvariantCulture).PadRight(width)}  {setting}  seed {spec.Seeds[index % seeds]}\n");
        }
        return text.ToString();
    }

    private static string Swept(SpaceParam parameter) => parameter.Distribution switch
    {
        Distribution.Values => $"{parameter.Name} ({parameter.Values.Count} value{Plural(parameter.Values.Count)}: {string.Join(", ", parameter.Values.Select(ParamFormat.Value))})",
        Distribution.Uniform => $"{parameter.Name} (uniform on [{Number(parameter.Low)}, {Number(parameter.High)}])",
        Distribution.LogUniform => $"{parameter.Name} (log-uniform on [{Number(parameter.Low)}, {Number(parameter.High)}])",
        _ => $"{parameter.Name} (integers {Number(parameter.Low)} to {Number(parameter.High)})",
    };

    private static string Table(TableSpec table)
    {
        var parts = new List<string>
        {
            table.Baseline is { } baseline ? $"baseline {ParamFormat.Setting(baseline)}" : "no baseline",
            $"metrics {string.Join(", ", table.Metrics)}",
            $"correction {SpecParser.CorrectionName(table.Correction)}",
        };
        if (table.Trend is not null) parts.Add($"trend over {table.Trend}");
        if (table.LogScale.Count > 0) parts.Add($"log scale {string.Join(", ", table.LogScale)}");
        return string.Join("; ", parts);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Plural(long count) => count == 1 ? "" : "s";
}
