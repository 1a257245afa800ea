using System.Diagnostics;
using System.Text.Json;
using Goldstone.Grains.Analysis;

namespace Goldstone.Tests.Unit.Analysis;

/// <summary>
/// Goldstone's statistics against SciPy (Debian's python3-scipy, which test.sh installs): the same data through both,
/// every number equal within 1e-9 relative.
/// </summary>
public sealed class ScipyReferenceTests
{
    private const double Tolerance = 1e-9;

    private const string Script = """
        import json, sys
        import numpy as np
        from scipy import stats
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
        order = np.argsort(p)
        m = len(p)
        holm = np.empty(m)
        running = 0.0
        for k, i in enumerate(order):
            running = max(running, min(1.0, (m - k) * p[i]))
            holm[i] = running
        print(json.dumps({"cases": out, "holm": holm.tolist()}))
        """;

    [Fact]
    public void Statistics_GeneratedPairedSamples_MatchScipy()
    {
        var cases = Cases();
        var reference = RunScipy(cases);

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
        var holm = MultipleTesting.Holm(pValues);
        var expectedHolm = reference.GetProperty("holm").EnumerateArray().Select(e => e.GetDouble()).ToList();
        for (var i = 0; i < holm.Length; i++) AssertClose(expectedHolm[i], holm[i], $"Holm {i}");
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

    private static JsonElement RunScipy(List<(double[] A, double[] B)> cases)
    {
        var directory = Directory.CreateTempSubdirectory("goldstone-scipy-");
        try
        {
            var data = Path.Combine(directory.FullName, "cases.json");
            var script = Path.Combine(directory.FullName, "reference.py");
            File.WriteAllText(data, JsonSerializer.Serialize(cases.Select(c => new { a = c.A, b = c.B })));
            File.WriteAllText(script, Script);
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(data);
            using var python = Process.Start(start)!;
            var stdout = python.StandardOutput.ReadToEnd();
            var stderr = python.StandardError.ReadToEnd();
            python.WaitForExit();
            Assert.True(python.ExitCode == 0, $"SciPy reference failed (is python3-scipy installed? test.sh installs it):\n{stderr}");
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
