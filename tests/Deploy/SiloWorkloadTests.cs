using System.Text.Json.Nodes;

namespace Goldstone.Tests.Deploy;

/// <summary>The silo Deployment, its disruption budget and its gateway Service, in every overlay.</summary>
[Collection(RenderedManifestsCollection.Name)]
public sealed class SiloWorkloadTests(RenderedManifests manifests)
{
    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_Environment_HasThePodFromTheDownwardApiAndAdvertisesThePodIp(string overlay)
    {
        var env = manifests.Of(overlay).SiloContainer["env"]!.AsArray().Select(e => e!.AsObject()).ToList();
        string? FieldOf(string name) => (string?)env.Single(e => (string)e["name"]! == name)["valueFrom"]?["fieldRef"]?["fieldPath"];
        var names = env.Select(e => (string)e["name"]!).ToList();

        Assert.Equal("metadata.name", FieldOf("POD_NAME"));
        Assert.Equal("metadata.namespace", FieldOf("POD_NAMESPACE"));
        Assert.Equal("status.podIP", FieldOf("POD_IP"));
        Assert.Equal("$(POD_IP)", (string?)env.Single(e => (string)e["name"]! == "Goldstone__Cluster__AdvertisedAddress")["value"]);
        // $(VAR) expands only variables defined earlier in the list.
        Assert.True(names.IndexOf("POD_IP") < names.IndexOf("Goldstone__Cluster__AdvertisedAddress"));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_Ports_AreTheConfiguredSiloGatewayAndHttpPorts(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var ports = rendered.SiloContainer["ports"]!.AsArray()
            .Select(p => ((string)p!["name"]!, (long)p["containerPort"]!)).ToList();
        var config = rendered.SiloConfig;

        Assert.Equal([("silo", 11111L), ("gateway", 30000L), ("http", 8080L)], ports);
        Assert.Equal(("11111", "30000", "8080"), (config["Goldstone__SiloPort"], config["Goldstone__GatewayPort"], config["Goldstone__Http__Port"]));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_Probes_ReadinessIsReadyzLivenessAndStartupAreHealthzOnTheHttpPort(string overlay)
    {
        var silo = manifests.Of(overlay).SiloContainer;
        (string?, string?) Get(string probe) => ((string?)silo[probe]!["httpGet"]!["path"], (string?)silo[probe]!["httpGet"]!["port"]);

        Assert.Equal(("/readyz", "http"), Get("readinessProbe"));
        Assert.Equal(("/healthz", "http"), Get("livenessProbe"));
        Assert.Equal(("/healthz", "http"), Get("startupProbe"));
        // Above the silo's 3 s storage check inside /readyz.
        Assert.True((long)silo["readinessProbe"]!["timeoutSeconds"]! > 3);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_Rollout_NeverTakesASiloAwayBeforeItsSuccessorIsReady(string overlay)
    {
        var strategy = manifests.Of(overlay).Silo["spec"]!["strategy"]!;

        Assert.Equal("RollingUpdate", (string?)strategy["type"]);
        Assert.Equal(0L, (long)strategy["rollingUpdate"]!["maxUnavailable"]!);
        Assert.Equal(1L, (long)strategy["rollingUpdate"]!["maxSurge"]!);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_TerminationGracePeriod_CoversOrleansHostShutdown(string overlay)
    {
        var grace = (long)manifests.Of(overlay).SiloPod["terminationGracePeriodSeconds"]!;

        Assert.True(grace >= 120, $"terminationGracePeriodSeconds {grace} < 120");
        Assert.Equal(150L, grace);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void DisruptionBudget_Selector_SelectsTheSiloPodsAndNothingElse(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var budget = rendered.Single("PodDisruptionBudget", "goldstone-silo");
        var selector = Rendered.Labels(budget["spec"]!["selector"]!["matchLabels"]);
        var selected = rendered.PodTemplates.Where(t => Rendered.Selects(selector, Rendered.Labels(t.Template["metadata"]!["labels"])))
            .Select(t => Rendered.Describe(t.Owner)).ToList();

        Assert.Equal(["Deployment/goldstone-silo"], selected);
        Assert.Equal(Rendered.Labels(rendered.Silo["spec"]!["selector"]!["matchLabels"]), selector);
        Assert.Equal(1L, (long)budget["spec"]!["maxUnavailable"]!);
        Assert.Null(budget["spec"]!["minAvailable"]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void GatewayService_Ports_ForwardTheGatewayAndMetricsToTheSilos(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var service = rendered.Single("Service", "goldstone-gateway");
        var selector = Rendered.Labels(service["spec"]!["selector"]);
        var ports = service["spec"]!["ports"]!.AsArray()
            .Select(p => ((string)p!["name"]!, (long)p["port"]!, (string)p["targetPort"]!)).ToList();
        var selected = rendered.PodTemplates.Where(t => Rendered.Selects(selector, Rendered.Labels(t.Template["metadata"]!["labels"])))
            .Select(t => Rendered.Describe(t.Owner)).ToList();

        Assert.Equal([("gateway", 30000L, "gateway"), ("metrics", 8080L, "http")], ports);
        Assert.Equal(["Deployment/goldstone-silo"], selected);
        // An Orleans client addresses the gateway by the port it dialled: the Service must not renumber it.
        Assert.Equal(rendered.SiloConfig["Goldstone__GatewayPort"], ports[0].Item2.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void MetricsService_IsTheHeadlessNameTheShippedPrometheusConfigDiscoversTheSilosBy(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var service = rendered.Single("Service", "goldstone-silo-metrics");
        var selector = Rendered.Labels(service["spec"]!["selector"]);
        var selected = rendered.PodTemplates.Where(t => Rendered.Selects(selector, Rendered.Labels(t.Template["metadata"]!["labels"])))
            .Select(t => Rendered.Describe(t.Owner)).ToList();
        var port = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        var prometheus = Repository.Read("k8s/prometheus/prometheus.yml");

        Assert.Equal("None", (string?)service["spec"]!["clusterIP"]);
        Assert.Equal(["Deployment/goldstone-silo"], selected);
        Assert.Equal((8080L, "http"), ((long)port["port"]!, (string)port["targetPort"]!));
        Assert.Contains($"names: [{Rendered.NameOf(service)}.{(string?)service["metadata"]!["namespace"]}.svc.cluster.local]", prometheus);
        Assert.Contains("port: 8080", prometheus);
        Assert.Contains("job_name: goldstone", prometheus);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_PodAnnotations_AskPrometheusToScrapeMetricsOnTheHttpPort(string overlay)
    {
        var annotations = Rendered.Labels(manifests.Of(overlay).Silo["spec"]!["template"]!["metadata"]!["annotations"]);

        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal("8080", annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }

    [Fact]
    public void ServiceMonitor_Endpoint_ScrapesMetricsThroughTheGatewayServicesMetricsPort()
    {
        var rendered = manifests.Of(RenderedManifests.Monitored);
        var monitor = rendered.Single("ServiceMonitor", "goldstone-silo");
        var service = rendered.Single("Service", "goldstone-gateway");
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;

        Assert.True(Rendered.Selects(Rendered.Labels(monitor["spec"]!["selector"]!["matchLabels"]), Rendered.Labels(service["metadata"]!["labels"])));
        Assert.Equal(("metrics", "/metrics"), ((string?)endpoint["port"], (string?)endpoint["path"]));
        Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => (string?)p!["name"] == "metrics");
        Assert.Equal("goldstone", (string?)monitor["metadata"]!["namespace"]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_Store_ConnectionStringFileIsTheMountedSecretKey(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var volume = rendered.SiloPod["volumes"]!.AsArray().Single(v => (string)v!["name"]! == "store")!;
        var mount = rendered.SiloContainer["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == "store")!;
        var item = Assert.Single(volume["secret"]!["items"]!.AsArray())!;
        var secret = rendered.OfKind("Secret").Single(s => Rendered.NameOf(s) == (string)volume["secret"]!["secretName"]!);

        Assert.Equal($"{(string)mount["mountPath"]!}/{(string)item["path"]!}", rendered.SiloConfig["Goldstone__Cluster__ConnectionStringFile"]);
        Assert.True((bool)mount["readOnly"]!);
        Assert.StartsWith("goldstone-store-", Rendered.NameOf(secret));
        Assert.True(Rendered.Data(secret).ContainsKey((string)item["key"]!));
        // The connection string itself is never in the environment.
        Assert.DoesNotContain("Goldstone__Cluster__ConnectionString", rendered.SiloConfig.Keys);
        Assert.DoesNotContain(rendered.SiloContainer["env"]!.AsArray(), e => (string)e!["name"]! == "Goldstone__Cluster__ConnectionString");
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_DbInit_RunsTheSchemaStepWithTheSilosImageConfigurationAndSecret(string overlay)
    {
        var rendered = manifests.Of(overlay);
        var init = Rendered.Container(rendered.SiloPod, "db-init", "initContainers");
        static string Mounts(JsonObject c, string volume) => (string)c["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == volume)!["mountPath"]!;

        Assert.Equal((string?)rendered.SiloContainer["image"], (string?)init["image"]);
        Assert.Equal(rendered.SiloContainer["envFrom"]!.ToJsonString(), init["envFrom"]!.ToJsonString());
        Assert.Equal(Mounts(rendered.SiloContainer, "store"), Mounts(init, "store"));
        Assert.Contains("goldstone db init", (string)init["command"]![2]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Silo_Pod_RunsAsTheImagesNonRootUserWithoutAnApiToken(string overlay)
    {
        var pod = manifests.Of(overlay).SiloPod;

        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
        Assert.Equal(1654L, (long)pod["securityContext"]!["runAsUser"]!);
        Assert.False((bool)pod["automountServiceAccountToken"]!);
        Assert.Equal("goldstone", (string?)pod["serviceAccountName"]);
        Assert.All(pod["containers"]!.AsArray().Concat(pod["initContainers"]!.AsArray()),
            c => Assert.False((bool)c!["securityContext"]!["allowPrivilegeEscalation"]!));
    }
}
