using Goldstone.Silo.Hosting;

namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class ClusterOptionsValidatorTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_UnknownProvider_ListsTheProvidersAndAsksForNoConnectionString()
    {
        Assert.Equal(["Goldstone:Cluster:Provider (Goldstone__Cluster__Provider, --cluster) is 'mysql': allowed one of embedded, postgres, azure"],
            Settings.Failures(new() { ["Goldstone:Cluster:Provider"] = "mysql" }));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("azure")]
    public void Validate_ClusterStoreWithoutAConnectionString_NamesBothKeys(string provider)
    {
        Assert.Equal(
        [
            "Goldstone:Cluster:ConnectionString (Goldstone__Cluster__ConnectionString, --connection) is empty, and so is "
            + "Goldstone:Cluster:ConnectionStringFile (Goldstone__Cluster__ConnectionStringFile): allowed a connection string, "
            + $"or a file holding one (a mounted secret), when Goldstone:Cluster:Provider is '{provider}'",
        ], Settings.Failures(new() { ["Goldstone:Cluster:Provider"] = provider }));
    }

    [Fact]
    public void Validate_MissingConnectionStringFile_NamesTheFile()
    {
        var path = Path.Combine(_dir.Path, "missing");

        Assert.Equal(
            [$"Goldstone:Cluster:ConnectionStringFile (Goldstone__Cluster__ConnectionStringFile) is '{path}', which does not exist: allowed a file holding the connection string"],
            Settings.Failures(new() { ["Goldstone:Cluster:Provider"] = "postgres", ["Goldstone:Cluster:ConnectionStringFile"] = path }));
    }

    [Fact]
    public void Validate_ConnectionStringFile_IsReadTrimmed()
    {
        var path = Path.Combine(_dir.Path, "connection");
        File.WriteAllText(path, "Host=db;Password=secret\n");

        var options = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration(new()
        {
            ["Goldstone:Cluster:Provider"] = "postgres",
            ["Goldstone:Cluster:ConnectionStringFile"] = path,
        }));

        Assert.Equal("Host=db;Password=secret", options.Cluster.ResolveConnectionString());
    }

    [Fact]
    public void Validate_BadIdsAndAddress_NamesEachKeyAndWhatIsAllowed()
    {
        Assert.Equal(
        [
            "Goldstone:Cluster:ClusterId (Goldstone__Cluster__ClusterId) is 'a b': allowed 1 to 64 of a-z A-Z 0-9 - _ .",
            $"Goldstone:Cluster:ServiceId (Goldstone__Cluster__ServiceId) is '{new string('s', 65)}': allowed 1 to 64 of a-z A-Z 0-9 - _ .",
            "Goldstone:Cluster:AdvertisedAddress (Goldstone__Cluster__AdvertisedAddress) is 'node-1': allowed an IP address (a pod's POD_IP), or empty to let Orleans pick one",
        ], Settings.Failures(new()
        {
            ["Goldstone:Cluster:ClusterId"] = "a b",
            ["Goldstone:Cluster:ServiceId"] = new string('s', 65),
            ["Goldstone:Cluster:AdvertisedAddress"] = "node-1",
        }));
    }

    [Fact]
    public void Validate_Defaults_AreTheEmbeddedClusterNamedGoldstone()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration([]));

        Assert.Equal((ClusterOptions.Embedded, false, "goldstone", "goldstone"),
            (options.Cluster.Provider, options.Cluster.IsCluster, options.Cluster.ClusterId, options.Cluster.ServiceId));
    }
}
