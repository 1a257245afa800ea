using System.Text.Json;
using System.Text.RegularExpressions;
using Goldstone.Grains.Specs;
using Goldstone.Schema;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>
/// The trainer reads exactly the catalog's parameter names and reports the catalog's metrics, so a spec that
/// validates never fails in the trainer for a name it accepted. Ranges and defaults: <see cref="KindCatalogRangeTests"/>
/// and <see cref="KindCatalogDefaultTests"/>.
/// </summary>
public sealed partial class KindCatalogConsistencyTests
{
    [GeneratedRegex(@"\(allowed: (?<names>[^)]*)\)")]
    private static partial Regex AllowedList();

    public static TheoryData<string> KindNames => new(KindCatalog.Kinds.Keys);

    [Theory]
    [MemberData(nameof(KindNames))]
    public void Run_UnknownParameter_TrainerAllowsExactlyTheCatalogParameters(string kind)
    {
        var request = new TrialRequest
        {
            Kind = kind, Epochs = 1, Threads = 1, Metrics = [],
            Params = new Dictionary<string, JsonElement> { ["zz_not_a_parameter"] = JsonSerializer.SerializeToElement(1) },
        };

        var error = Assert.Throws<TrialRequestException>(() => TrialKinds.Create(kind).Run(request, new NullReporter(), CancellationToken.None));

        Assert.StartsWith("params: unknown parameter(s) zz_not_a_parameter (allowed: ", error.Message);
        var allowed = AllowedList().Match(error.Message).Groups["names"].Value.Split(", ").Order(StringComparer.Ordinal);
        Assert.Equal(KindCatalog.Kinds[kind].Params.Select(p => p.Name).Order(StringComparer.Ordinal), allowed);
    }

    [Fact]
    public void Run_SoftSymmetryUnknownMetric_TrainerAllowsExactlyTheCatalogMetrics()
    {
        var request = new TrialRequest { Kind = "soft_symmetry", Epochs = 1, Threads = 1, Metrics = ["zz_not_a_metric"] };

        var error = Assert.Throws<TrialRequestException>(() => TrialKinds.Create("soft_symmetry").Run(request, new NullReporter(), CancellationToken.None));

        var allowed = AllowedList().Match(error.Message).Groups["names"].Value.Split(", ")
            .Select(name => name.StartsWith("robust_noise@", StringComparison.Ordinal) ? "robust_noise@" : name)
            .Order(StringComparer.Ordinal);
        var catalog = KindCatalog.SoftSymmetry.Metrics.Concat(KindCatalog.SoftSymmetry.ParametricMetrics.Select(p => p + "@")).Order(StringComparer.Ordinal);
        Assert.Equal(catalog, allowed);
    }

    [Fact]
    public void Run_SoftSymmetryEveryCatalogMetric_IsReported()
    {
        TorchTestSetup.Ensure();
        string[] metrics = [.. KindCatalog.SoftSymmetry.Metrics, "robust_noise@0.25"];
        var request = new TrialRequest
        {
            Kind = "soft_symmetry", Seed = 1, Epochs = 1, Threads = 1, Metrics = [.. metrics],
            Params = new Dictionary<string, JsonElement>
            {
                ["width"] = JsonSerializer.SerializeToElement(4),
                ["train_size"] = JsonSerializer.SerializeToElement(128),
                ["test_size"] = JsonSerializer.SerializeToElement(128),
                ["hessian_iterations"] = JsonSerializer.SerializeToElement(2),
                ["hessian_batch"] = JsonSerializer.SerializeToElement(64),
            },
        };

        var result = TrialKinds.Create("soft_symmetry").Run(request, new NullReporter(), CancellationToken.None);

        Assert.All(metrics, metric => Assert.True(result.ContainsKey(metric), $"{metric} was not reported"));
    }

    [Fact]
    public void Run_Synthetic_ReportsExactlyTheCatalogMetrics()
    {
        var request = new TrialRequest { Kind = "synthetic", Epochs = 1, Threads = 1, Metrics = [] };

        var result = TrialKinds.Create("synthetic").Run(request, new NullReporter(), CancellationToken.None);

        Assert.Equal(KindCatalog.Synthetic.Metrics.Order(StringComparer.Ordinal), result.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Names_TrainerKinds_AreTheCatalogKinds()
    {
        Assert.Equal(KindCatalog.Kinds.Keys.Order(StringComparer.Ordinal), TrialKinds.Names);
    }

    private sealed class NullReporter : ITrialReporter
    {
        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
        }
    }
}
