using System.Text;
using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// The campaign report: one self-contained HTML file (no scripts, fonts or styles from elsewhere; opens offline)
/// with the comparative table and inline SVG plots: each metric against each swept numeric parameter, learning
/// curves per setting, which rungs stopped which trials, the optimisation history and parallel coordinates of the first metric, the trials' profiles
/// (loss-landscape slices) per setting, and the Pareto front when the table has one. Same input, same bytes.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report of <paramref name="table"/>, with plots from <paramref name="definition"/> and <paramref name="outcomes"/>.</summary>
    /// <param name="table">The table as queried (its grouping, metrics, interval, test and Pareto metrics).</param>
    /// <param name="definition">The campaign's table definition: points, swept, fixed and log-scaled parameters.</param>
    /// <param name="outcomes">Every recorded trial outcome (per-epoch reports included).</param>
    /// <param name="fixedValues">Parameter values the table was restricted to (the query's <c>--fix</c>); the plots keep to them too.</param>
    /// <param name="curvesNote">Says which settings the learning curves show when not all of them.</param>
    /// <exception cref="TableQueryException">The table names a metric the campaign does not have.</exception>
    public static string Render(CampaignTable table, TableDefinition definition, IReadOnlyList<TrialOutcome> outcomes,
        IReadOnlyList<ParamValue>? fixedValues = null, string? curvesNote = null)
    {
        var held = fixedValues ?? [];
        var ordered = outcomes.OrderBy(o => o.Index).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{Markup.Escape($"Goldstone report: {table.Campaign}")}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n");
        html.Append($"<header>\n<h1>{Markup.Escape(table.Campaign)}</h1>\n{Summary(table, definition, held)}</header>\n");

        html.Append("<section id=\"table\">\n<h2>Comparative table</h2>\n").Append(HtmlTable.Render(table)).Append("</section>\n");

        var (parameterPlots, skipped) = ParameterPlots.Render(table, definition, ordered, held);
        html.Append("<section id=\"parameters\">\n<h2>Metrics against swept parameters</h2>\n");
        html.Append("<p class=\"caption\">Rows grouped by one parameter, the others pooled: mean over the trials per value, bars the 95% interval.</p>\n");
        Plots(html, parameterPlots, "No swept numeric parameter to plot.");
        foreach (var note in skipped) html.Append($"<p class=\"empty\">Not plotted: {Markup.Escape(note)}.</p>\n");
        html.Append("</section>\n");

        html.Append("<section id=\"curves\">\n<h2>Learning curves</h2>\n");
        html.Append("<p class=\"caption\">Per-epoch reports of succeeded trials: mean over the seeds of each setting.");
        if (curvesNote is not null) html.Append(' ').Append(Markup.Escape(curvesNote));
        html.Append("</p>\n");
        Plots(html, LearningCurves.Render(ordered, held), "No per-epoch reports yet.");
        html.Append("</section>\n");

        if (definition.Stopping is { } stopping && StoppingPlot.Render(stopping, ordered, held) is { } stops)
        {
            var groups = StoppingPlot.Groups(ordered, held);
            html.Append("<section id=\"stopping\">\n<h2>Early stopping</h2>\n");
            html.Append($"<p class=\"caption\">{Markup.Escape(StoppingCaption(stopping, groups))}</p>\n");
            Plots(html, [stops], "");
            html.Append("</section>\n");
        }

        var history = HistoryPlot.Render(table, ordered);
        var parallel = ParallelCoordinates.Render(table, definition, ordered, held);
        if (history is not null || parallel is not null)
        {
            html.Append("<section id=\"history\">\n<h2>Optimisation history and parallel coordinates</h2>\n");
            html.Append($"<p class=\"caption\">{Markup.Escape(table.Metrics[0].Name)} of each succeeded trial in the order the trials were created "
                + "(a searcher's order of suggestions), with the best so far; and each trial as a line across its swept parameters to that metric.</p>\n");
            Plots(html, new[] { history, parallel }.OfType<string>().ToList(), "");
            html.Append("</section>\n");
        }

        var averaged = ProfilePlots.Compute(ordered, held);
        var profiles = ProfilePlots.Render(averaged);
        if (profiles.Count > 0)
        {
            html.Append("<section id=\"profiles\">\n<h2>Profiles</h2>\n");
            html.Append("<p class=\"caption\">Grids each trial measured at its end (loss-landscape slices along filter-normalised random directions, "
                + "Li et al. 2018): mean over the seeds of each setting at every grid point.");
            if (curvesNote is not null) html.Append(' ').Append(Markup.Escape(curvesNote));
            html.Append("</p>\n");
            Plots(html, profiles, "");
            foreach (var note in ProfilePlots.Notes(averaged)) html.Append($"<p class=\"empty\">Left out: {Markup.Escape(note)}.</p>\n");
            html.Append("</section>\n");
        }

        var pareto = ParetoPlot.Render(table);
        if (pareto.Count > 0)
        {
            html.Append("<section id=\"pareto\">\n<h2>Pareto front</h2>\n");
            if (table.ParetoX is null)
                html.Append($"<p class=\"caption\">{Markup.Escape(TableRenderer.ParetoNote(table))}.</p>\n");
            Plots(html, pareto, "");
            html.Append("</section>\n");
        }
        html.Append("<footer>Written by Goldstone. This file is self-contained: it loads nothing from elsewhere.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The rule and where the trials ended, in words: "asha on loss (min), min_epochs 1, η 2: ran to the end (1); …".</summary>
    private static string StoppingCaption(StoppingConfig stopping, IReadOnlyList<StoppingPlot.Group> groups)
    {
        var rule = stopping.Algorithm == "asha"
            ? $"asha on {stopping.Metric} ({(stopping.Maximize ? "max" : "min")}), min_epochs {stopping.MinEpochs}, reduction factor {stopping.ReductionFactor}"
            : $"{stopping.Algorithm} on {stopping.Metric} ({(stopping.Maximize ? "max" : "min")}), min_epochs {stopping.MinEpochs}";
        return $"Each trial that ran, as its {stopping.Metric} per epoch, coloured by where it ended ({rule}): "
            + string.Join("; ", groups.Select(g => g.Label)) + ". A mark where a trial stopped; its tooltip gives the reason.";
    }

    private static string Summary(CampaignTable table, TableDefinition definition, IReadOnlyList<ParamValue> held)
    {
        var rows = table.Rows;
        var counts = $"{rows.Sum(r => r.Trials)} trials: {rows.Sum(r => r.Succeeded)} succeeded, {rows.Sum(r => r.Failed)} failed, "
            + $"{rows.Sum(r => r.Cancelled)} cancelled, {(rows.Sum(r => r.Stopped) is > 0 and var stopped ? $"{stopped} stopped, " : "")}{rows.Sum(r => r.Running)} running, {rows.Sum(r => r.Pending)} pending";
        var facts = new List<(string Name, string Value)>
        {
            ("trials", counts),
            ("swept", definition.SweptParams.Count == 0 ? "nothing" : string.Join(", ", definition.SweptParams)),
            ("fixed", definition.FixedParams.Count == 0 ? "nothing" : ParamFormat.Setting(definition.FixedParams)),
            ("seeds", $"{definition.SeedsPerSetting} per point"),
            ("rows", table.By.Count == 0 ? "all trials pooled" : $"grouped by {string.Join(", ", table.By)}"),
            ("baseline", table.Baseline ?? "none"),
        };
        if (held.Count > 0) facts.Add(("held fixed", ParamFormat.Setting(held)));
        var html = new StringBuilder("<dl class=\"summary\">\n");
        foreach (var (name, value) in facts) html.Append($"<dt>{Markup.Escape(name)}</dt><dd>{Markup.Escape(value)}</dd>\n");
        return html.Append("</dl>\n").ToString();
    }

    private static void Plots(StringBuilder html, IReadOnlyList<string> svgs, string whenNone)
    {
        if (svgs.Count == 0)
        {
            html.Append($"<p class=\"empty\">{Markup.Escape(whenNone)}</p>\n");
            return;
        }
        html.Append("<div class=\"plots\">\n");
        foreach (var svg in svgs) html.Append(svg);
        html.Append("</div>\n");
    }

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 2rem; color: #222; background: #fff; }
        h1 { font-size: 1.6rem; margin-bottom: 0.5rem; }
        h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
        dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.15rem 1rem; margin: 0; }
        dl.summary dt { font-weight: 600; }
        dl.summary dd { margin: 0; }
        .table-scroll { overflow-x: auto; }
        table.campaign-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        table.campaign-table th, table.campaign-table td { padding: 0.25rem 0.7rem; text-align: right; border-bottom: 1px solid #eee; white-space: nowrap; }
        table.campaign-table th { border-bottom: 2px solid #444; }
        table.campaign-table .setting { text-align: left; }
        tr.baseline { background: #f3f6fa; }
        .tag { font-size: 0.75rem; background: #4e79a7; color: #fff; border-radius: 0.3rem; padding: 0 0.3rem; }
        td.best { font-weight: 700; color: #1b6e2d; }
        td.significant { font-weight: 600; }
        td.short { color: #a33; }
        tr.trend td { border-top: 2px solid #444; font-style: italic; }
        ul.notes { color: #555; font-size: 0.9rem; }
        p.caption, p.empty { color: #555; font-size: 0.9rem; }
        .plots { display: flex; flex-wrap: wrap; gap: 1rem; }
        svg.plot { background: #fff; border: 1px solid #e4e4e4; font-size: 11px; }
        svg.plot .plot-title { font-size: 13px; font-weight: 600; }
        svg.plot .axis line, svg.plot .axis path.domain, svg.plot .axis-break { stroke: #333; fill: none; }
        svg.plot .axis line.grid { stroke: #eee; }
        svg.plot .axis text { fill: #333; }
        svg.plot .axis-label { font-size: 12px; }
        svg.plot .errorbar { fill: none; stroke-width: 1.5; }
        svg.plot .line { fill: none; stroke-width: 2; }
        svg.plot .point { stroke: #fff; stroke-width: 1; }
        svg.plot .point.baseline { stroke: #222; stroke-width: 2; }
        svg.plot .point.front { stroke: #222; stroke-width: 1.5; }
        svg.plot .legend text { fill: #333; }
        svg.plot .legend-swatch { stroke-width: 3; }
        footer { margin-top: 2rem; color: #888; font-size: 0.8rem; }

        """;
}
