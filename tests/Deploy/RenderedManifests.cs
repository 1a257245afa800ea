namespace Goldstone.Tests.Deploy;

/// <summary>
/// The overlays, rendered once with <c>kubectl kustomize</c> and validated once with kubernetes-models, for all the
/// manifest tests. A missing kubectl, node or package fails every test that uses it, with the reason.
/// </summary>
public sealed class RenderedManifests : IAsyncLifetime
{
    /// <summary>The overlays a user applies.</summary>
    public static readonly string[] Overlays = ["cpu", "gpu"];

    /// <summary>The cpu overlay with the ServiceMonitor component (tests/Deploy/Fixtures/monitored).</summary>
    public const string Monitored = "tests/Deploy/Fixtures/monitored";

    private readonly Dictionary<string, Rendered> _renders = [];
    private readonly Dictionary<string, IReadOnlyList<KubernetesModels.Validation>> _validations = [];

    /// <summary>The render of <c>k8s/overlays/NAME</c>, or of <see cref="Monitored"/>.</summary>
    public Rendered Of(string overlay) => _renders[overlay];

    /// <summary>kubernetes-models' verdict on each object of a render, in order.</summary>
    public IReadOnlyList<KubernetesModels.Validation> ValidationOf(string overlay) => _validations[overlay];

    public async Task InitializeAsync()
    {
        foreach (var (key, path) in Overlays.Select(o => (o, $"k8s/overlays/{o}")).Append((Monitored, Monitored)))
        {
            var rendered = await Rendered.RenderAsync(path);
            _renders[key] = rendered;
            _validations[key] = await KubernetesModels.ValidateAsync(rendered.Objects);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class RenderedManifestsCollection : ICollectionFixture<RenderedManifests>
{
    public const string Name = "rendered manifests";
}
