using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer.Kinds.SoftSymmetry;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>soft_symmetry's landscape metrics: loss slices, linear mode connectivity, and Hessians tracked over epochs.</summary>
public sealed class SoftSymmetryLandscapeTests
{
    public SoftSymmetryLandscapeTests() => TorchTestSetup.Ensure();

    [Fact]
    public void Run_LossSliceAndPlane_ReportTheirProfilesAndTheMeanRise()
    {
        var (reporter, metrics) = Run(["auc", "loss_slice", "loss_plane"], new { slice_points = 5, plane_points = 3, slice_span = 0.5 });

        var line = reporter.Profiles.Single(p => p.Name == "loss_slice");
        Assert.Equal([-0.5, -0.25, 0, 0.25, 0.5], line.X);
        Assert.Empty(line.Y);
        var centre = line.Values[2];
        Assert.Equal(line.Values.Average() - centre, metrics["loss_slice"], 1e-12);
        var plane = reporter.Profiles.Single(p => p.Name == "loss_plane");
        Assert.Equal([-0.5, 0, 0.5], plane.X);
        Assert.Equal([-0.5, 0, 0.5], plane.Y);
        Assert.Equal(9, plane.Values.Count);
        // The plane's centre and the line's are the trained weights themselves: the same bits.
        Assert.Equal(BitConverter.DoubleToInt64Bits(centre), BitConverter.DoubleToInt64Bits(plane.Values[4]));
        Assert.Equal(plane.Values.Average() - centre, metrics["loss_plane"], 1e-12);
        // Half a filter norm away from the trained weights the loss is higher on average (a seeded run: always the same).
        Assert.True(metrics["loss_slice"] > 0, $"loss_slice {metrics["loss_slice"]}");
    }

    [Fact]
    public void Run_LossSlice_SameSeedSameBits_AndNoSliceWhenNotAsked()
    {
        var (first, firstMetrics) = Run(["auc", "loss_slice"], new { slice_points = 5 });
        var (again, againMetrics) = Run(["auc", "loss_slice"], new { slice_points = 5 });
        var (none, noneMetrics) = Run(["auc"], new { slice_points = 5 });

        Assert.Equal(first.Profiles.Single().Values, again.Profiles.Single().Values);
        Assert.Equal(firstMetrics["loss_slice"], againMetrics["loss_slice"]);
        Assert.Empty(none.Profiles);
        Assert.False(noneMetrics.ContainsKey("loss_slice"));
        // Measuring the slice leaves the model as it was: the other metrics keep their bits.
        Assert.Equal(BitConverter.DoubleToInt64Bits(noneMetrics["auc"]), BitConverter.DoubleToInt64Bits(firstMetrics["auc"]));
    }

    [Fact]
    public void Run_LmcBarrier_IsTheLargestExcessOnThePathToATwinFromAnotherInitialisation()
    {
        var (reporter, metrics) = Run(["auc", "loss_slice", "lmc_barrier"], new { lmc_points = 5, slice_points = 3 });

        var path = reporter.Profiles.Single(p => p.Name == "lmc_path");
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], path.X);
        var v = path.Values;
        var excess = path.X.Select((t, i) => v[i] - ((1 - t) * v[0] + t * v[^1])).Max();
        Assert.Equal(excess, metrics["lmc_barrier"], 1e-15);
        Assert.True(metrics["lmc_barrier"] >= 0);
        // t = 0 is the trial's network (the slice's centre), t = 1 the twin: another network.
        Assert.Equal(BitConverter.DoubleToInt64Bits(reporter.Profiles.Single(p => p.Name == "loss_slice").Values[1]), BitConverter.DoubleToInt64Bits(v[0]));
        Assert.NotEqual(v[0], v[^1]);
    }

    [Fact]
    public void Run_EveryEpochs_MeasuresTheRequestedHessiansAfterEveryNthEpoch_TheLastEqualsTheEndValue()
    {
        var (reporter, metrics) = Run(["auc", "hessian_top", "hessian_trace"], new { every_epochs = 2, trace_samples = 4 }, epochs: 4);

        Assert.Equal([false, true, false, true], reporter.Epochs.Select(e => e.Metrics.ContainsKey("hessian_top")));
        Assert.Equal([false, true, false, true], reporter.Epochs.Select(e => e.Metrics.ContainsKey("hessian_trace")));
        var last = reporter.Epochs[3].Metrics;
        Assert.Equal(BitConverter.DoubleToInt64Bits(metrics["hessian_top"]), BitConverter.DoubleToInt64Bits(last["hessian_top"]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(metrics["hessian_trace"]), BitConverter.DoubleToInt64Bits(last["hessian_trace"]));
        Assert.NotEqual(reporter.Epochs[1].Metrics["hessian_top"], last["hessian_top"]);
    }

    [Fact]
    public void Run_EveryEpochsWithoutHessianMetrics_AddsNothingToTheEpochs()
    {
        var (reporter, _) = Run(["auc"], new { every_epochs = 1 });

        Assert.All(reporter.Epochs, e => Assert.Equal(KindCatalog.SoftSymmetry.EpochMetrics.Order(StringComparer.Ordinal), e.Metrics.Keys.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("slice_span", 0, "params.slice_span: 0 is outside (0, 10]")]
    [InlineData("slice_points", 2, "params.slice_points: 2 is outside [3, 101]")]
    [InlineData("plane_points", 32, "params.plane_points: 32 is outside [3, 31]")]
    [InlineData("lmc_points", 1, "params.lmc_points: 1 is outside [2, 101]")]
    [InlineData("every_epochs", -1, "params.every_epochs: -1 is outside [0, 1000]")]
    public void Run_BadLandscapeOption_IsARequestError(string name, double value, string message)
    {
        var parameters = new Dictionary<string, object> { [name] = value };

        var error = Assert.Throws<TrialRequestException>(() => Run(["auc"], parameters));

        Assert.Equal(message, error.Message);
    }

    private static (ProfileReporter Reporter, IReadOnlyDictionary<string, double> Metrics) Run(string[] metrics, object parameters, int epochs = 2)
    {
        var values = SoftSymmetryKindTests.Params(parameters);
        values.TryAdd("train_size", JsonSerializer.SerializeToElement(300));
        values.TryAdd("test_size", JsonSerializer.SerializeToElement(200));
        values.TryAdd("batch_size", JsonSerializer.SerializeToElement(64));
        values.TryAdd("hessian_batch", JsonSerializer.SerializeToElement(128));
        values.TryAdd("hessian_iterations", JsonSerializer.SerializeToElement(5));
        values.TryAdd("width", JsonSerializer.SerializeToElement(8));
        var request = new TrialRequest { Kind = "soft_symmetry", Seed = 3, Epochs = epochs, Threads = 1, Params = values, Metrics = [.. metrics] };
        var reporter = new ProfileReporter();
        return (reporter, new SoftSymmetryKind().Run(request, reporter, CancellationToken.None));
    }

    private sealed record Profile(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double> Values);

    private sealed class ProfileReporter : ITrialReporter
    {
        public List<(int Epoch, IReadOnlyDictionary<string, double> Metrics)> Epochs { get; } = [];

        public List<Profile> Profiles { get; } = [];

        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics) => Epochs.Add((epoch, metrics));

        public void Profile(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> values) =>
            Profiles.Add(new Profile(name, [.. x], [.. y], [.. values]));
    }
}
