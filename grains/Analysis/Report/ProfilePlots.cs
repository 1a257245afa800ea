using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis.Report;

/// <summary>
/// Profiles of succeeded trials (loss-landscape slices and the like), averaged over the seeds of each setting: a line
/// profile is one plot with a line per setting, a plane profile one heat map per setting on a colour scale shared by
/// the settings, so that darker means lower everywhere. A trial whose grid differs from its setting's first trial's is
/// left out of the mean and counted.
/// </summary>
internal static class ProfilePlots
{
    /// <summary>The grid points of a setting's profile, each the mean over the trials that measured it (NaN left out).</summary>
    public sealed record MeanProfile(string Setting, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double> Values, int Trials, int LeftOut);

    /// <summary>Viridis from dark (low) to light (high): readable in grey and by the colour-blind.</summary>
    private static readonly string[] Colours = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

    private static readonly Dictionary<string, (string X, string Y)> AxisLabels = new(StringComparer.Ordinal)
    {
        ["loss_slice"] = ("a: loss at θ + a·d, d filter-normalised", ""),
        ["loss_plane"] = ("a (along d₁)", "b (along d₂)"),
    };

    /// <summary>Mean profiles per profile name (ordinal order), settings in trial order.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<MeanProfile> Profiles)> Compute(IEnumerable<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues)
    {
        var succeeded = outcomes
            .Where(o => o.Status == TrialStatus.Succeeded && o.Profiles is { Count: > 0 } && fixedValues.All(o.Params.Contains))
            .OrderBy(o => o.Index)
            .ToList();
        var names = succeeded.SelectMany(o => o.Profiles!).Select(p => p.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var result = new List<(string, IReadOnlyList<MeanProfile>)>();
        foreach (var name in names)
        {
            var means = new List<MeanProfile>();
            foreach (var setting in succeeded.GroupBy(o => o.Setting, StringComparer.Ordinal))
            {
                var profiles = setting.Select(o => o.Profiles!.FirstOrDefault(p => p.Name == name)).OfType<TrialProfile>().ToList();
                if (profiles.Count == 0) continue;
                var first = profiles[0];
                var same = profiles.Where(p => p.X.SequenceEqual(first.X) && p.Y.SequenceEqual(first.Y)).ToList();
                var values = Enumerable.Range(0, first.Values.Count)
                    .Select(i => LearningCurves.MeanOfFinite(same.Select(p => p.Values[i])))
                    .ToList();
                means.Add(new MeanProfile(setting.Key, first.X, first.Y, values, same.Count, profiles.Count - same.Count));
            }
            if (means.Count > 0) result.Add((name, means));
        }
        return result;
    }

    /// <summary>One SVG per line profile, one per setting of each plane profile.</summary>
    public static IReadOnlyList<string> Render(IEnumerable<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues) =>
        Render(Compute(outcomes, fixedValues));

    /// <summary>The plots of profiles already averaged by <see cref="Compute"/>.</summary>
    public static IReadOnlyList<string> Render(IReadOnlyList<(string Name, IReadOnlyList<MeanProfile> Profiles)> computed)
    {
        var svgs = new List<string>();
        foreach (var (name, profiles) in computed)
        {
            var lines = profiles.Where(p => p.Y.Count == 0).ToList();
            if (lines.Count > 0) svgs.Add(RenderLines(name, lines));
            var planes = profiles.Where(p => p.Y.Count > 0).ToList();
            if (planes.Count > 0) svgs.AddRange(RenderPlanes(name, planes));
        }
        return svgs;
    }

    /// <summary>Notes on trials left out of a mean because their grid differed.</summary>
    public static IReadOnlyList<string> Notes(IEnumerable<TrialOutcome> outcomes, IReadOnlyList<ParamValue> fixedValues) =>
        Notes(Compute(outcomes, fixedValues));

    /// <summary>The notes of profiles already averaged by <see cref="Compute"/>.</summary>
    public static IReadOnlyList<string> Notes(IReadOnlyList<(string Name, IReadOnlyList<MeanProfile> Profiles)> computed) =>
        computed
            .SelectMany(n => n.Profiles.Where(p => p.LeftOut > 0).Select(p => $"{n.Name} of {p.Setting}: {p.LeftOut} trial(s) on another grid than the first"))
            .ToList();

    private static string RenderLines(string name, IReadOnlyList<MeanProfile> lines)
    {
        var frame = PlotFrame.Default.WithLegend(lines.Count);
        var x = new LinearScale(lines.SelectMany(l => l.X), frame.Left, frame.Right);
        var y = new LinearScale(lines.SelectMany(l => l.Values), frame.Bottom, frame.Top);
        var plot = new SvgPlot($"{name}, mean over seeds", frame, x, y, Label(name).X, name);
        for (var series = 0; series < lines.Count; series++)
        {
            var line = lines[series];
            plot.Line(line.X.Zip(line.Values), series, legend: $"{line.Setting} ({line.Trials} trial{(line.Trials == 1 ? "" : "s")})");
        }
        return plot.ToSvg();
    }

    private static IEnumerable<string> RenderPlanes(string name, IReadOnlyList<MeanProfile> planes)
    {
        var finite = planes.SelectMany(p => p.Values).Where(double.IsFinite).ToList();
        if (finite.Count == 0) yield break;
        var (low, high) = (finite.Min(), finite.Max());
        // Losses away from the minimum grow by orders of magnitude; a linear scale would paint the basin one colour.
        var logarithmic = low > 0 && high / low > 100;
        var label = Label(name);
        foreach (var plane in planes)
        {
            var frame = PlotFrame.Default.WithLegend(1);
            var xEdges = Edges(plane.X);
            var yEdges = Edges(plane.Y);
            var x = new LinearScale(xEdges, frame.Left, frame.Right);
            var y = new LinearScale(yEdges, frame.Bottom, frame.Top);
            var plot = new SvgPlot($"{name}: {plane.Setting}", frame, x, y, label.X, label.Y.Length == 0 ? "y" : label.Y);
            for (var row = 0; row < plane.Y.Count; row++)
            for (var column = 0; column < plane.X.Count; column++)
            {
                var value = plane.Values[row * plane.X.Count + column];
                var tooltip = $"{plane.Setting}: ({Markup.Tick(plane.X[column])}, {Markup.Tick(plane.Y[row])}) {(double.IsFinite(value) ? TableRenderer.Number(value) : "no finite value")}";
                plot.Cell(xEdges[column], xEdges[column + 1], yEdges[row], yEdges[row + 1], Colour(value, low, high, logarithmic), tooltip);
            }
            var scale = logarithmic ? " (log colour scale)" : "";
            plot.ColourBar(Colours, $"{TableRenderer.Number(low)}", $"{TableRenderer.Number(high)}{scale}, mean of {plane.Trials}");
            yield return plot.ToSvg();
        }
    }

    /// <summary>The colour of a value on the shared scale; grey for NaN.</summary>
    internal static string Colour(double value, double low, double high, bool logarithmic)
    {
        if (!double.IsFinite(value)) return "#bbbbbb";
        var share = high == low ? 0.5
            : logarithmic ? (Math.Log(value) - Math.Log(low)) / (Math.Log(high) - Math.Log(low))
            : (value - low) / (high - low);
        var index = (int)Math.Round(Math.Clamp(share, 0, 1) * (Colours.Length - 1), MidpointRounding.AwayFromZero);
        return Colours[index];
    }

    /// <summary>Cell edges: halfway between grid points, half a step beyond the first and last.</summary>
    private static double[] Edges(IReadOnlyList<double> axis)
    {
        var edges = new double[axis.Count + 1];
        for (var i = 1; i < axis.Count; i++) edges[i] = (axis[i - 1] + axis[i]) / 2;
        edges[0] = axis[0] - (axis[1] - axis[0]) / 2;
        edges[^1] = axis[^1] + (axis[^1] - axis[^2]) / 2;
        return edges;
    }

    private static (string X, string Y) Label(string name) => AxisLabels.GetValueOrDefault(name, ("x", "y"));
}
