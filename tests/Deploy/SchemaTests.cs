namespace Goldstone.Tests.Deploy;

/// <summary>Every rendered object is one the Kubernetes API accepts: kubernetes-models' schemas, object by object.</summary>
[Collection(RenderedManifestsCollection.Name)]
public sealed class SchemaTests(RenderedManifests manifests)
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData(RenderedManifests.Monitored)]
    public void Render_EveryObject_ValidatesAgainstItsApiSchema(string overlay)
    {
        var validations = manifests.ValidationOf(overlay);

        Assert.Equal(manifests.Of(overlay).Objects.Count, validations.Count);
        Assert.All(validations, v => Assert.True(v.Errors.Count == 0, $"{v.Kind}/{v.Name} ({v.Model}): {string.Join("; ", v.Errors)}"));
    }

    [Fact]
    public void CpuOverlay_Objects_AreTheSilosThePostgresStoreAndTheDashboard()
    {
        Assert.Equal(
            [
                "ConfigMap/goldstone-campaign", "ConfigMap/goldstone-config", "ConfigMap/goldstone-dashboard",
                "Deployment/goldstone-silo", "Job/goldstone-campaign", "Namespace/goldstone",
                "NetworkPolicy/goldstone-postgres", "PersistentVolumeClaim/goldstone-checkpoints",
                "PodDisruptionBudget/goldstone-silo", "Secret/goldstone-postgres", "Secret/goldstone-store",
                "Service/goldstone-gateway", "Service/goldstone-postgres", "Service/goldstone-silo-metrics", "ServiceAccount/goldstone",
                "StatefulSet/goldstone-postgres",
            ],
            Kinds("cpu"));
    }

    [Fact]
    public void GpuOverlay_Objects_AreTheSilosTheAzureStoreSecretAndTheDashboard()
    {
        Assert.Equal(
            [
                "ConfigMap/goldstone-campaign", "ConfigMap/goldstone-config", "ConfigMap/goldstone-dashboard",
                "Deployment/goldstone-silo", "Job/goldstone-campaign", "Namespace/goldstone",
                "PodDisruptionBudget/goldstone-silo", "Secret/goldstone-store", "Service/goldstone-gateway",
                "Service/goldstone-silo-metrics", "ServiceAccount/goldstone",
            ],
            Kinds("gpu"));
    }

    [Fact]
    public void ServiceMonitorComponent_ServiceMonitor_IsCheckedByThePrometheusOperatorModel()
    {
        var validation = Assert.Single(manifests.ValidationOf(RenderedManifests.Monitored), v => v.Kind == "ServiceMonitor");

        Assert.Equal(("monitoring.coreos.com/v1", "goldstone-silo"), (validation.ApiVersion, validation.Name));
        Assert.Equal("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor.js", validation.Model);
        Assert.Empty(validation.Errors);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Render_NamespacedObjects_AreAllInTheGoldstoneNamespace(string overlay)
    {
        var namespaced = manifests.Of(overlay).Objects.Where(o => (string?)o["kind"] != "Namespace").ToList();

        Assert.All(namespaced, o => Assert.Equal("goldstone", (string?)o["metadata"]!["namespace"]));
    }

    [Fact]
    public async Task Validator_AnInvalidObject_IsReported()
    {
        // The validator must be able to fail: a container port that is not a number.
        var broken = manifests.Of("cpu").Silo.DeepClone().AsObject();
        Rendered.Container(broken["spec"]!["template"]!["spec"]!, "silo")["ports"]![0]!["containerPort"] = "http";

        var validation = Assert.Single(await KubernetesModels.ValidateAsync([broken]));

        Assert.Contains(validation.Errors, e => e.Contains("containerPort must be integer", StringComparison.Ordinal));
    }

    /// <summary>Kind/name of each object, the hash suffix of generated ConfigMaps and Secrets cut, sorted.</summary>
    private List<string> Kinds(string overlay) =>
        manifests.Of(overlay).Objects
            .Select(o => (string?)o["kind"] is "ConfigMap" or "Secret"
                ? System.Text.RegularExpressions.Regex.Replace(Rendered.Describe(o), "-[a-z0-9]{10}$", "")
                : Rendered.Describe(o))
            .Order(StringComparer.Ordinal)
            .ToList();
}
