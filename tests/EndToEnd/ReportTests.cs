using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Goldstone.Tests.EndToEnd;

public sealed class ReportTests
{
    /// <summary>x has a 0 and spans two decades (a log axis with a separate zero), y is an integer range.</summary>
    private const string Spec = """
        name: e2e-report
        kind: synthetic
        params: {duration: 0.2, noise: 0.05}
        search:
          space:
            x: {values: [0, 0.01, 0.1, 1]}
            y: {int: [0, 2]}
        seeds: 2
        epochs: 3
        table:
          baseline: {x: 0, y: 0}
          metrics: [score, loss]
        """;

    /// <summary>What the page shows: per plot its title, axes, ticks, labels, marks and whether the marks stay inside it.</summary>
    private const string PageSurvey = """
        (() => {
          const plots = [...document.querySelectorAll('svg.plot')].map(svg => {
            const box = svg.getBoundingClientRect();
            const inside = [...svg.querySelectorAll('.point, .line, .errorbar')].every(m => {
              const b = m.getBoundingClientRect();
              return b.left >= box.left - 1 && b.right <= box.right + 1 && b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
            });
            return {
              title: svg.querySelector('title').textContent,
              axes: svg.querySelectorAll('.axis').length,
              ticks: svg.querySelectorAll('.axis .tick').length,
              labels: [...svg.querySelectorAll('.axis-label')].map(l => l.textContent),
              points: svg.querySelectorAll('.point').length,
              lines: svg.querySelectorAll('.line').length,
              width: box.width,
              inside,
            };
          });
          return {
            plots,
            rows: document.querySelectorAll('table.campaign-table tbody tr').length,
            baselines: document.querySelectorAll('table.campaign-table tr.baseline').length,
            best: document.querySelectorAll('table.campaign-table td.best').length,
          };
        })()
        """;

    [Fact]
    public async Task Report_AfterRun_OpensInHeadlessChromiumWithoutErrorsAndDrawsEveryPlot()
    {
        using var dir = new TempDir();
        dir.Write("spec.yaml", Spec);
        var run = await CliProcess.RunAsync(dir.Path, "run", "spec.yaml", "--data-dir", "store");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var gatewayPort = FreePort();
        var gateway = $"localhost:{gatewayPort}";
        (int ExitCode, string Stdout, string Stderr) report, noOutput, unknown, badBy;
        using (var silo = CliProcess.Start(dir.Path, "silo", "--data-dir", "store", "--port", $"{FreePort()}", "--gateway-port", $"{gatewayPort}", "--http-port", "0"))
        {
            await silo.WaitForOutputAsync(text => text.Contains($"goldstone silo: gateway localhost:{gatewayPort}"), "the silo to start");
            report = await CliProcess.RunAsync(dir.Path, "report", "e2e-report", "-o", "out/report.html", "--gateway", gateway, "--pareto", "score,loss");
            noOutput = await CliProcess.RunAsync(dir.Path, "report", "e2e-report", "--gateway", gateway);
            unknown = await CliProcess.RunAsync(dir.Path, "report", "nope", "-o", "nope.html", "--gateway", gateway);
            badBy = await CliProcess.RunAsync(dir.Path, "report", "e2e-report", "-o", "bad.html", "--by", "z", "--gateway", gateway);
            silo.Signal(Signals.SigInt);
            Assert.Equal(0, await silo.WaitAsync());
        }

        var path = Path.Combine(dir.Path, "out", "report.html");
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Equal($"wrote {path}\n", report.Stderr);
        Assert.Equal(2, noOutput.ExitCode);
        Assert.StartsWith("error: -o FILE is required: where to write the report, e.g. -o report.html\nusage: goldstone report NAME -o FILE", noOutput.Stderr);
        Assert.Equal((2, "error: no campaign named 'nope' (known: e2e-report)\n"), (unknown.ExitCode, unknown.Stderr));
        Assert.Equal((2, "error: --by: 'z' is not a parameter of campaign e2e-report (allowed: duration, noise, x, y)\n"), (badBy.ExitCode, badBy.Stderr));
        Assert.False(File.Exists(Path.Combine(dir.Path, "nope.html")) || File.Exists(Path.Combine(dir.Path, "bad.html")));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "out"), "*.tmp"));

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.NavigateAsync(new Uri(path).AbsoluteUri);
        var page = await chromium.EvaluateAsync(PageSurvey);
        var png = await chromium.ScreenshotAsync();
        var screenshot = Path.Combine(dir.Path, "report.png");
        await File.WriteAllBytesAsync(screenshot, png);
        File.Copy(screenshot, "/tmp/goldstone-report.png", overwrite: true);

        Assert.Empty(chromium.Errors);
        AssertTable(page);
        AssertPlots(page.GetProperty("plots"));
        AssertDrawn(PngImage.Decode(png));
    }

    [Fact]
    public async Task Chromium_PageWithErrors_ReportsEachOfThem()
    {
        using var dir = new TempDir();
        var path = dir.Write("broken.html", """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
            <svg class="plot" width="100" height="100"><circle class="point" cx="NaN" cy="10" r="3"/></svg>
            <script>console.error("console says no"); throw new Error("thrown on purpose");</script>
            </body></html>
            """);

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.NavigateAsync(new Uri(path).AbsoluteUri);
        await chromium.EvaluateAsync("1");

        var errors = string.Join("\n", chromium.Errors);
        Assert.Contains("console says no", errors);
        Assert.Contains("thrown on purpose", errors);
        Assert.Contains("attribute cx: Expected length", errors);
    }

    private static void AssertTable(JsonElement page)
    {
        // 4 values of x × 3 of y; the baseline row and one best value per metric.
        Assert.Equal((12, 1, 2), (page.GetProperty("rows").GetInt32(), page.GetProperty("baselines").GetInt32(), page.GetProperty("best").GetInt32()));
    }

    private static void AssertPlots(JsonElement plots)
    {
        Assert.Equal(
            ["score against x", "loss against x", "score against y", "loss against y", "learning curves: loss", "Optimisation history: score",
                "Parallel coordinates: score", "Pareto front: score and loss"],
            plots.EnumerateArray().Select(p => p.GetProperty("title").GetString()));
        foreach (var plot in plots.EnumerateArray())
        {
            var title = plot.GetProperty("title").GetString();
            Assert.True(plot.GetProperty("axes").GetInt32() >= 2, $"{title}: fewer than two axes");
            Assert.True(plot.GetProperty("ticks").GetInt32() >= 6, $"{title}: fewer than six ticks");
            // Parallel coordinates label an axis per swept parameter (x, y) and the metric's.
            var parallel = title!.StartsWith("Parallel coordinates", StringComparison.Ordinal);
            Assert.Equal(parallel ? 3 : 2, plot.GetProperty("labels").GetArrayLength());
            Assert.True(plot.GetProperty("width").GetDouble() > 100, $"{title}: not laid out");
            Assert.True(plot.GetProperty("inside").GetBoolean(), $"{title}: a mark lies outside the plot");
            var marks = title.StartsWith("learning curves", StringComparison.Ordinal) || parallel ? plot.GetProperty("lines") : plot.GetProperty("points");
            Assert.True(marks.GetInt32() >= 1, $"{title}: nothing drawn");
        }
        var counts = plots.EnumerateArray().Select(p => (p.GetProperty("points").GetInt32(), p.GetProperty("lines").GetInt32())).ToList();
        // A point per value of x (4) and y (3), a curve per setting (12), a point per trial (24) and the best so far, a
        // line per trial across the axes (24), a point per row in the Pareto plot (12).
        Assert.Equal([(4, 1), (4, 1), (3, 1), (3, 1), (0, 12), (24, 1), (0, 24), (12, 1)], counts);
        Assert.Equal("x (log scale; 0 shown apart at the left)", plots[0].GetProperty("labels")[0].GetString());
    }

    /// <summary>The screenshot is a real page: mostly background, but a good share drawn, in many colours, plots included.</summary>
    private static void AssertDrawn(PngImage image)
    {
        Assert.Equal(1280, image.Width);
        Assert.True(image.Height > 1500, $"page only {image.Height} px high");
        var background = image.Rgb(0, 0);
        var colours = new HashSet<int>();
        var drawn = 0;
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var rgb = image.Rgb(x, y);
                colours.Add(rgb);
                if (rgb != background) drawn++;
            }
        var share = (double)drawn / (image.Width * image.Height);
        Assert.InRange(share, 0.02, 0.6);
        Assert.True(colours.Count > 50, $"only {colours.Count} colours");
        // The second series' orange and the Pareto front's red exist only in the SVG plots.
        Assert.Contains(0xF28E2B, colours);
        Assert.Contains(0xE15759, colours);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
