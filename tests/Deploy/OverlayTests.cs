using System.Text.Json.Nodes;

namespace Goldstone.Tests.Deploy;

/// <summary>What differs between the cpu and gpu overlays: GPUs, slots, images, and the store each one uses.</summary>
[Collection(RenderedManifestsCollection.Name)]
public sealed class OverlayTests(RenderedManifests manifests)
{
    [Fact]
    public void GpuOverlay_Silo_AsksForOneGpuOnGpuNodesAndToleratesTheirTaint()
    {
        var rendered = manifests.Of("gpu");
        var pod = rendered.SiloPod;
        var toleration = Assert.Single(pod["tolerations"]!.AsArray())!;

        Assert.Equal(1L, (long)rendered.SiloContainer["resources"]!["limits"]!["nvidia.com/gpu"]!);
        Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"),
            ((string?)toleration["key"], (string?)toleration["operator"], (string?)toleration["effect"]));
        Assert.Equal(new Dictionary<string, string> { ["nvidia.com/gpu.present"] = "true" }, Rendered.Labels(pod["nodeSelector"]));
        Assert.Equal("goldstone/silo-gpu:dev", (string?)rendered.SiloContainer["image"]);
    }

    [Fact]
    public void GpuOverlay_WorkerGpusAndSlots_EqualTheGpuLimit()
    {
        var rendered = manifests.Of("gpu");
        var limit = (long)rendered.SiloContainer["resources"]!["limits"]!["nvidia.com/gpu"]!;

        Assert.Equal(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), rendered.SiloConfig["Goldstone__Worker__Gpus"]);
        Assert.Equal(rendered.SiloConfig["Goldstone__Worker__Gpus"], rendered.SiloConfig["Goldstone__Worker__Slots"]);
    }

    [Fact]
    public void CpuOverlay_Render_HasNoGpuLimitTolerationOrNodeSelector()
    {
        var rendered = manifests.Of("cpu");
        var resources = rendered.PodTemplates
            .SelectMany(t => t.Template["spec"]!["containers"]!.AsArray().Concat(t.Template["spec"]!["initContainers"]?.AsArray() ?? []))
            .Select(c => c!["resources"]?.ToJsonString() ?? "").ToList();

        Assert.All(resources, r => Assert.DoesNotContain("nvidia.com/gpu", r, StringComparison.Ordinal));
        Assert.All(rendered.PodTemplates, t => Assert.Null(t.Template["spec"]!["tolerations"]));
        Assert.All(rendered.PodTemplates, t => Assert.Null(t.Template["spec"]!["nodeSelector"]));
        Assert.DoesNotContain("Goldstone__Worker__Gpus", rendered.SiloConfig.Keys);
        Assert.Equal("goldstone/silo:dev", (string?)rendered.SiloContainer["image"]);
    }

    [Fact]
    public void CpuOverlay_WorkerSlots_EqualTheCpuLimit()
    {
        var rendered = manifests.Of("cpu");
        var limits = rendered.SiloContainer["resources"]!["limits"]!;

        Assert.Equal("4", rendered.SiloConfig["Goldstone__Worker__Slots"]);
        Assert.Equal("4", (string?)limits["cpu"]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Render_Dashboard_IsNeverEnabled(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var fromConfigMaps = rendered.OfKind("ConfigMap").SelectMany(c => Rendered.Data(c))
            .Where(p => IsDashboardKey(p.Key)).Select(p => p.Value);
        var fromEnv = rendered.PodTemplates
            .SelectMany(t => t.Template["spec"]!["containers"]!.AsArray().Concat(t.Template["spec"]!["initContainers"]?.AsArray() ?? []))
            .SelectMany(c => c!["env"]?.AsArray() ?? [])
            .Where(e => IsDashboardKey((string)e!["name"]!))
            .Select(e => (string?)e!["value"] ?? "(from a reference)");

        Assert.All(fromConfigMaps.Concat(fromEnv), value => Assert.Equal("false", value, ignoreCase: true));
        Assert.Equal("false", rendered.SiloConfig["Goldstone__Dashboard__Enabled"]);
    }

    [Fact]
    public void CpuOverlay_Store_IsTheInClusterPostgresWithMatchingCredentials()
    {
        var rendered = manifests.Of("cpu");
        var store = Parse(Rendered.Data(rendered.Single("Secret", "goldstone-store"))["connection-string"]);
        var database = Rendered.Data(rendered.Single("Secret", "goldstone-postgres"));
        var service = rendered.Single("Service", "goldstone-postgres");
        var servicePort = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        var postgres = rendered.Single("StatefulSet", "goldstone-postgres");

        Assert.Equal("postgres", rendered.SiloConfig["Goldstone__Cluster__Provider"]);
        Assert.Equal((Rendered.NameOf(service), ((long)servicePort["port"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)), (store["Host"], store["Port"]));
        Assert.Equal((database["database"], database["username"], database["password"]), (store["Database"], store["Username"], store["Password"]));
        Assert.True(Rendered.Selects(Rendered.Labels(service["spec"]!["selector"]), Rendered.Labels(postgres["spec"]!["template"]!["metadata"]!["labels"])));
        // The database's environment comes from the same Secret.
        var env = Rendered.Container(postgres["spec"]!["template"]!["spec"]!, "postgres")["env"]!.AsArray();
        Assert.All(env.Where(e => ((string)e!["name"]!).StartsWith("POSTGRES_", StringComparison.Ordinal)),
            e => Assert.Equal(Rendered.NameOf(rendered.Single("Secret", "goldstone-postgres")), (string?)e!["valueFrom"]!["secretKeyRef"]!["name"]));
    }

    [Fact]
    public void CpuOverlay_PostgresNetworkPolicy_AdmitsOnlyTheSiloPods()
    {
        var rendered = manifests.Of("cpu");
        var policy = rendered.Single("NetworkPolicy", "goldstone-postgres");
        var from = Assert.Single(Assert.Single(policy["spec"]!["ingress"]!.AsArray())!["from"]!.AsArray())!;
        var admitted = Rendered.Labels(from["podSelector"]!["matchLabels"]);
        var admittedPods = rendered.PodTemplates.Where(t => Rendered.Selects(admitted, Rendered.Labels(t.Template["metadata"]!["labels"])))
            .Select(t => Rendered.Describe(t.Owner)).ToList();

        Assert.Equal(["Deployment/goldstone-silo"], admittedPods);
        Assert.True(Rendered.Selects(Rendered.Labels(policy["spec"]!["podSelector"]!["matchLabels"]),
            Rendered.Labels(rendered.Single("StatefulSet", "goldstone-postgres")["spec"]!["template"]!["metadata"]!["labels"])));
    }

    [Fact]
    public void CpuOverlay_Checkpoints_AreFilesOnTheSharedReadWriteManyVolume()
    {
        var rendered = manifests.Of("cpu");
        var claim = rendered.Single("PersistentVolumeClaim", "goldstone-checkpoints");
        var volume = rendered.SiloPod["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "checkpoints")!;
        var mount = rendered.SiloContainer["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == "checkpoints")!;

        Assert.Equal("files", rendered.SiloConfig["Goldstone__Checkpoints__Provider"]);
        Assert.Equal((string)mount["mountPath"]!, rendered.SiloConfig["Goldstone__Checkpoints__Path"]);
        Assert.Equal("goldstone-checkpoints", (string?)volume["persistentVolumeClaim"]!["claimName"]);
        Assert.Equal(["ReadWriteMany"], claim["spec"]!["accessModes"]!.AsArray().Select(m => (string)m!).ToList());
    }

    [Fact]
    public void GpuOverlay_Store_IsAzureStorageWithBlobCheckpointsAndNoSharedVolume()
    {
        var rendered = manifests.Of("gpu");
        var config = rendered.SiloConfig;
        var store = Parse(Rendered.Data(rendered.Single("Secret", "goldstone-store"))["connection-string"]);

        Assert.Equal(("azure", "azure-blob", "goldstone-checkpoints"),
            (config["Goldstone__Cluster__Provider"], config["Goldstone__Checkpoints__Provider"], config["Goldstone__Checkpoints__Container"]));
        Assert.Equal(("https", "core.windows.net"), (store["DefaultEndpointsProtocol"], store["EndpointSuffix"]));
        Assert.False(rendered.Has("PersistentVolumeClaim", "goldstone-checkpoints"));
        Assert.DoesNotContain(rendered.SiloPod["volumes"]!.AsArray(), v => (string)v!["name"]! == "checkpoints");
        Assert.DoesNotContain(rendered.SiloContainer["volumeMounts"]!.AsArray(), m => (string)m!["name"]! == "checkpoints");
        Assert.Empty(rendered.OfKind("StatefulSet"));
    }

    private static bool IsDashboardKey(string name) =>
        name.Replace("__", ":", StringComparison.Ordinal).Equals("Goldstone:Dashboard:Enabled", StringComparison.OrdinalIgnoreCase);

    /// <summary>A <c>Key=Value;…</c> connection string (Npgsql's and Azure Storage's form).</summary>
    private static Dictionary<string, string> Parse(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
}
