using System.Text.Json;

namespace Goldstone.Tests.Deploy;

/// <summary>The Grafana dashboard ConfigMap that Grafana's sidecar loads, in every overlay.</summary>
[Collection(RenderedManifestsCollection.Name)]
public sealed class DashboardTests(RenderedManifests manifests)
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Dashboard_ConfigMap_HasTheSidecarLabelAndAStableName(string overlay)
    {
        var dashboard = manifests.Of(overlay).Single("ConfigMap", "goldstone-dashboard");

        Assert.Equal("goldstone-dashboard", Rendered.NameOf(dashboard));
        Assert.Equal("1", Rendered.Labels(dashboard["metadata"]!["labels"])["grafana_dashboard"]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Dashboard_ConfigMap_HoldsTheDashboardJsonOfK8sGrafana(string overlay)
    {
        var data = Rendered.Data(manifests.Of(overlay).Single("ConfigMap", "goldstone-dashboard"));
        var json = Assert.Single(data);

        Assert.Equal("goldstone.json", json.Key);
        Assert.Equal(Repository.Read("k8s/grafana/goldstone.json"), json.Value);
        using var parsed = JsonDocument.Parse(json.Value);
        Assert.Equal(JsonValueKind.String, parsed.RootElement.GetProperty("title").ValueKind);
    }
}
