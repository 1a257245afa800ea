using YamlDotNet.RepresentationModel;

namespace Goldstone.Tests.Deploy;

/// <summary>The Job that submits the campaign of its ConfigMap and watches it, in every overlay.</summary>
[Collection(RenderedManifestsCollection.Name)]
public sealed class CampaignJobTests(RenderedManifests manifests)
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void CampaignSpec_ConfigMap_IsExamplesQuickstart(string overlay)
    {
        var spec = Rendered.Data(manifests.Of(overlay).Single("ConfigMap", "goldstone-campaign"));

        Assert.Equal(["campaign.yaml"], spec.Keys);
        Assert.Equal(Repository.Read("examples/quickstart.yaml"), spec["campaign.yaml"]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void CampaignJob_Command_SubmitsTheMountedSpecThenWatchesItsCampaign(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var pod = rendered.Single("Job", "goldstone-campaign")["spec"]!["template"]!["spec"]!;
        var container = Rendered.Container(pod, "submit");
        var mount = (string)container["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == "campaign")!["mountPath"]!;
        var volume = pod["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "campaign")!;
        var script = (string)container["command"]![2]!;
        var specName = NameOfSpec(Rendered.Data(rendered.Single("ConfigMap", "goldstone-campaign"))["campaign.yaml"]);

        Assert.Equal(["sh", "-c"], container["command"]!.AsArray().Take(2).Select(a => (string)a!).ToList());
        Assert.Equal(
            $"goldstone submit {mount}/campaign.yaml --gateway \"$GATEWAY\" && exec goldstone watch \"$CAMPAIGN\" --gateway \"$GATEWAY\"",
            script);
        Assert.Equal(Rendered.NameOf(rendered.Single("ConfigMap", "goldstone-campaign")), (string?)volume["configMap"]!["name"]);
        Assert.Equal(specName, Env(container, "CAMPAIGN"));
        Assert.Equal("goldstone/cli:dev", (string?)container["image"]);
        Assert.Equal("Never", (string?)pod["restartPolicy"]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void CampaignJob_Gateway_IsTheGatewayServicesGatewayPortInTheSilosCluster(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var container = Rendered.Container(rendered.Single("Job", "goldstone-campaign")["spec"]!["template"]!["spec"]!, "submit");
        var service = rendered.Single("Service", "goldstone-gateway");
        var port = (long)service["spec"]!["ports"]!.AsArray().Single(p => (string)p!["name"]! == "gateway")!["port"]!;
        var silos = rendered.SiloConfig;

        Assert.Equal($"{Rendered.NameOf(service)}:{port}", Env(container, "GATEWAY"));
        foreach (var key in new[] { "Goldstone__Cluster__ClusterId", "Goldstone__Cluster__ServiceId" })
        {
            var reference = container["env"]!.AsArray().Single(e => (string)e!["name"]! == key)!["valueFrom"]!["configMapKeyRef"]!;
            var configMap = rendered.OfKind("ConfigMap").Single(c => Rendered.NameOf(c) == (string)reference["name"]!);
            Assert.Equal(silos[key], Rendered.Data(configMap)[(string)reference["key"]!]);
        }
    }

    private static string? Env(System.Text.Json.Nodes.JsonObject container, string name) =>
        (string?)container["env"]!.AsArray().Single(e => (string)e!["name"]! == name)!["value"];

    private static string NameOfSpec(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ((YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode)["name"]).Value!;
    }
}
