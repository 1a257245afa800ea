using System.Diagnostics;
using System.Text.Json;
using Goldstone.Contracts;
using Goldstone.Grains.Analysis;

namespace Goldstone.Tests.Unit.Analysis;

/// <summary>
/// Goldstone's statistics against SciPy and statsmodels (Debian's python3-scipy and python3-statsmodels, which
/// test.sh installs): the same data through both, every number equal within 1e-9 relative. The corrections are
/// statsmodels' <c>multipletests</c> ("holm", "fdr_bh"), the trend tests SciPy's <c>spearmanr</c> and
/// <c>page_trend_test</c> (both directions: the decreasing one by reversed predicted ranks).
/// </summary>
public sealed class ScipyReferenceTests
{
    private const double Tolerance = 1e-9;

    private const string Script = """
        import json, sys
        import numpy as np
        from scipy import stats
        from statsmodels.stats.multitest import multipletests
        cases = json.load(open(sys.argv[1]))
        out = []
        for case in cases:
            a = np.array(case["a"]); b = np.array(case["b"])
            n = len(a)
            low, high = stats.t.interval(0.95, n - 1, loc=a.mean(), scale=stats.sem(a))
            t_p = stats.ttest_rel(a, b).pvalue
            w_p = stats.wilcoxon(a, b).pvalue
            out.append({"mean": float(a.mean()), "low": float(low), "high": float(high), "t": float(t_p), "w": float(w_p)})
        p = np.array([o["t"] for o in out])
        holm = multipletests(p, method="holm")[1]
        bh = multipletests(p, method="fdr_bh")[1]
        trends = []
        for trend in json.load(open(sys.argv[2])):
            rho, rho_p = stats.spearmanr(trend["x"], trend["y"])
            blocks = np.array(trend["blocks"])
            up = stats.page_trend_test(blocks)
            down = stats.page_trend_test(blocks, predicted_ranks=list(range(blocks.shape[1], 0, -1)))
            trends.append({"rho": float(rho), "rho_p": float(rho_p), "l": float(up.statistic), "up": float(up.pvalue),
                           "down": float(down.pvalue), "exact": up.method == "exact"})
        print(json.dumps({"cases": out, "holm": holm.tolist(), "bh": bh.tolist(), "trends": trends}))
        """;

    [Fact]
    public void Statistics_GeneratedSamples_MatchScipyAndStatsmodels()
    {
        var cases = Cases();
        var trends = TrendCases();
        var reference = RunScipy(cases, trends);

        var pValues = new List<double>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (a, b) = cases[i];
            var expected = reference.GetProperty("cases")[i];
            var summary = Summary.Of(a);
            AssertClose(expected.GetProperty("mean").GetDouble(), summary.Mean, $"case {i} mean");
            AssertClose(expected.GetProperty("low").GetDouble(), summary.Mean - summary.HalfWidth, $"case {i} CI low");
            AssertClose(expected.GetProperty("high").GetDouble(), summary.Mean + summary.HalfWidth, $"case {i} CI high");
            var t = PairedTests.PairedT(a, b);
            AssertClose(expected.GetProperty("t").GetDouble(), t, $"case {i} paired t (n = {a.Length})");
            AssertClose(expected.GetProperty("w").GetDouble(), PairedTests.Wilcoxon(a, b), $"case {i} Wilcoxon (n = {a.Length})");
            pValues.Add(t);
        }
        var corrections = new[] { ("holm", MultipleTestCorrection.Holm), ("bh", MultipleTestCorrection.BenjaminiHochberg) };
        foreach (var (key, correction) in corrections)
        {
            var adjusted = MultipleTesting.Adjust(pValues, correction);
            var expected = reference.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToList();
            for (var i = 0; i < adjusted.Length; i++) AssertClose(expected[i], adjusted[i], $"{key} {i}");
        }
        Assert.NotEqual(MultipleTesting.Holm(pValues), MultipleTesting.BenjaminiHochberg(pValues));

        for (var i = 0; i < trends.Count; i++)
        {
            var (x, y, blocks) = trends[i];
            var expected = reference.GetProperty("trends")[i];
            var (rho, rhoP) = TrendTests.Spearman(x, y);
            AssertClose(expected.GetProperty("rho").GetDouble(), rho, $"trend {i} Spearman rho");
            AssertClose(expected.GetProperty("rho_p").GetDouble(), rhoP, $"trend {i} Spearman p");
            var page = TrendTests.Page(blocks)!;
            AssertClose(expected.GetProperty("l").GetDouble(), page.L, $"trend {i} Page L ({blocks.Count}×{blocks[0].Count})");
            AssertClose(expected.GetProperty("up").GetDouble(), page.PIncreasing, $"trend {i} Page p increasing ({blocks.Count}×{blocks[0].Count})");
            AssertClose(expected.GetProperty("down").GetDouble(), page.PDecreasing, $"trend {i} Page p decreasing ({blocks.Count}×{blocks[0].Count})");
            Assert.Equal(expected.GetProperty("exact").GetBoolean(), page.Exact);
        }
    }

    /// <summary>
    /// Trend data from no trend to a strong one: Spearman pairs (with tied x, as levels repeat over seeds) and Page
    /// tables on both sides of SciPy's exact/normal boundary (8 levels and 12 blocks), some with tied values.
    /// </summary>
    private static List<(double[] X, double[] Y, List<IReadOnlyList<double>> Blocks)> TrendCases()
    {
        var random = new Random(20261202);
        var cases = new List<(double[], double[], List<IReadOnlyList<double>>)>();
        foreach (var (m, n, slope, coarse) in new[] { (2, 3, 0.0, false), (4, 5, 0.3, false), (8, 7, 0.5, false), (12, 8, -0.2, false),
            (6, 4, 0.1, true), (13, 4, 0.4, false), (20, 3, 0.2, false), (21, 3, 0.1, false), (5, 9, 0.3, false), (16, 6, 0.05, true) })
        {
            var x = new List<double>();
            var y = new List<double>();
            var blocks = new List<IReadOnlyList<double>>();
            for (var block = 0; block < m; block++)
            {
                var seedEffect = Gaussian(random);
                var row = new double[n];
                for (var level = 0; level < n; level++)
                {
                    var value = seedEffect + slope * level + 0.5 * Gaussian(random);
                    row[level] = coarse ? Math.Round(value * 2) / 2 : value;
                    x.Add(level * 0.5);
                    y.Add(row[level]);
                }
                blocks.Add(row);
            }
            cases.Add((x.ToArray(), y.ToArray(), blocks));
        }
        return cases;
    }

    /// <summary>
    /// Exact Wilcoxon (small n, continuous data), the normal approximation (n &gt; 50), zeros and tied magnitudes
    /// (approximation with the tie correction), and effects from none to strong, so p-values span 1e-8 to 1.
    /// </summary>
    private static List<(double[] A, double[] B)> Cases()
    {
        var random = new Random(20261123);
        var cases = new List<(double[], double[])>();
        foreach (var (n, effect) in new[] { (3, 0.0), (5, 1.5), (6, 0.2), (8, 0.8), (12, 0.3), (20, 1.0), (30, -0.4), (49, 0.1), (60, 0.5), (80, 0.05) })
        {
            var a = new double[n];
            var b = new double[n];
            for (var i = 0; i < n; i++)
            {
                var shared = Gaussian(random);
                a[i] = 0.8 + shared + effect + 0.5 * Gaussian(random);
                b[i] = 0.8 + shared + 0.5 * Gaussian(random);
            }
            cases.Add((a, b));
        }
        // Rounded to a coarse grid: zero differences and tied magnitudes.
        var coarseA = Enumerable.Range(0, 14).Select(i => Math.Round(Gaussian(random) * 4) / 4 + 0.25).ToArray();
        var coarseB = Enumerable.Range(0, 14).Select(i => i % 4 == 0 ? coarseA[i] : Math.Round(Gaussian(random) * 4) / 4).ToArray();
        cases.Add((coarseA, coarseB));
        return cases;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static JsonElement RunScipy(List<(double[] A, double[] B)> cases, List<(double[] X, double[] Y, List<IReadOnlyList<double>> Blocks)> trends)
    {
        var directory = Directory.CreateTempSubdirectory("goldstone-scipy-");
        try
        {
            var data = Path.Combine(directory.FullName, "cases.json");
            var trendData = Path.Combine(directory.FullName, "trends.json");
            var script = Path.Combine(directory.FullName, "reference.py");
            File.WriteAllText(data, JsonSerializer.Serialize(cases.Select(c => new { a = c.A, b = c.B })));
            File.WriteAllText(trendData, JsonSerializer.Serialize(trends.Select(t => new { x = t.X, y = t.Y, blocks = t.Blocks })));
            File.WriteAllText(script, Script);
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(data);
            start.ArgumentList.Add(trendData);
            using var python = Process.Start(start)!;
            var stdout = python.StandardOutput.ReadToEnd();
            var stderr = python.StandardError.ReadToEnd();
            python.WaitForExit();
            Assert.True(python.ExitCode == 0, $"SciPy reference failed (are python3-scipy and python3-statsmodels installed? test.sh installs them):\n{stderr}");
            return JsonDocument.Parse(stdout).RootElement.Clone();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"{what}: SciPy {expected:R}, Goldstone {actual:R}");
    }
}
