using System.CommandLine;
using System.Text;
using Goldstone.Cli.Parsing;
using Goldstone.Contracts;
using Goldstone.Schema;

namespace Goldstone.Cli.Commands;

/// <summary>
/// <c>goldstone kinds [KIND]</c>: the trial kinds, or one kind's parameters (type, allowed values, default and help)
/// and metrics (with the direction in which each improves), read from the shared kind catalog (<c>schema/</c>).
/// </summary>
public static class KindsCommand
{
    /// <summary>The <c>kinds</c> command.</summary>
    public static Command Create()
    {
        var kind = new Argument<string?>("KIND") { Arity = ArgumentArity.ZeroOrOne, Description = "the kind whose parameters and metrics to list" };
        var command = new Command("kinds", "the trial kinds, or one kind's parameters (allowed values, default, help) and metrics (direction)") { kind };
        command.SetAction(result => Execute(result.GetValue(kind), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Runs <c>kinds</c>; returns the exit code (2 for an unknown kind).</summary>
    public static int Execute(string? name, TextWriter output, TextWriter error)
    {
        if (name is null)
        {
            foreach (var kind in KindCatalog.Kinds.Keys.Order(StringComparer.Ordinal)) output.WriteLine(kind);
            return ExitCodes.Ok;
        }
        if (!KindCatalog.Kinds.TryGetValue(name, out var definition))
        {
            error.WriteLine($"error: unknown kind '{name}' (allowed: {KindCatalog.DescribeKinds()})");
            return ExitCodes.BadInput;
        }
        output.Write(Describe(definition));
        return ExitCodes.Ok;
    }

    /// <summary>One kind's parameters (allowed values, default, and a line of help below) and metrics (direction).</summary>
    public static string Describe(KindDefinition kind)
    {
        var text = new StringBuilder();
        text.Append("kind: ").Append(kind.Name).Append('\n').Append("parameters:\n");
        var width = kind.Params.Max(p => p.Name.Length);
        foreach (var param in kind.Params)
        {
            text.Append("  ").Append(param.Name.PadRight(width)).Append("  ").Append(param.Describe())
                .Append("; default ").Append(param.DescribeDefault()).Append('\n');
            text.Append(' ', width + 4).Append(param.Help).Append('\n');
        }
        text.Append("metrics:\n");
        var metrics = kind.Metrics.Select(m => (Name: m, Goal: MetricGoals.Of(m), Note: ""))
            .Concat(kind.ParametricMetrics.Select(p => (Name: p + "@<x>", Goal: MetricGoals.Of(p), Note: "  x " + MetricArguments.Of(p).Describe())))
            .ToList();
        var metricWidth = metrics.Max(m => m.Name.Length);
        foreach (var (metric, goal, note) in metrics)
            text.Append("  ").Append(metric.PadRight(metricWidth)).Append("  ").Append(Direction(goal)).Append(note).Append('\n');
        return text.ToString();
    }

    private static string Direction(MetricGoal goal) => goal switch
    {
        MetricGoal.Higher => "higher is better",
        MetricGoal.Lower => "lower is better",
        _ => "no direction",
    };
}
