using Goldstone.Silo.Hosting;

namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class CheckpointOptionsValidatorTests : IDisposable
{
    private const string NoAccount = "Goldstone:Checkpoints:ConnectionString (Goldstone__Checkpoints__ConnectionString) is empty, and so is "
        + "Goldstone:Checkpoints:ConnectionStringFile (Goldstone__Checkpoints__ConnectionStringFile): allowed a storage account's connection string, "
        + "or a file holding one, when Goldstone:Checkpoints:Provider is 'azure-blob' (or Goldstone:Cluster:Provider 'azure', whose account it then uses)";

    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_UnknownProvider_ListsTheStores()
    {
        Assert.Equal(["Goldstone:Checkpoints:Provider (Goldstone__Checkpoints__Provider) is 's3': allowed one of files, azure-blob"],
            Settings.Failures(new() { ["Goldstone:Checkpoints:Provider"] = "s3" }));
    }

    [Fact]
    public void Validate_AzureBlobWithoutAnAccountOnTheEmbeddedCluster_NamesBothKeys()
    {
        Assert.Equal([NoAccount], Settings.Failures(new() { ["Goldstone:Checkpoints:Provider"] = "azure-blob" }));
    }

    [Fact]
    public void Validate_AzureBlobOnTheAzureCluster_UsesTheClustersAccount()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration(new()
        {
            ["Goldstone:Cluster:Provider"] = "azure",
            ["Goldstone:Cluster:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Goldstone:Checkpoints:Provider"] = "azure-blob",
        }));

        Assert.Equal("UseDevelopmentStorage=true", options.Checkpoints.ResolveConnectionString(options.Cluster));
    }

    [Theory]
    [InlineData("Checkpoints")]
    [InlineData("ab")]
    [InlineData("two--hyphens")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    public void Validate_AzureBlobContainerAzureRefuses_NamesItsRule(string container)
    {
        Assert.Equal(
            [$"Goldstone:Checkpoints:Container (Goldstone__Checkpoints__Container) is '{container}': allowed 3 to 63 of a-z 0-9 -, starting and ending with a letter or digit, no --"],
            Settings.Failures(new()
            {
                ["Goldstone:Checkpoints:Provider"] = "azure-blob",
                ["Goldstone:Checkpoints:ConnectionString"] = "UseDevelopmentStorage=true",
                ["Goldstone:Checkpoints:Container"] = container,
            }));
    }

    [Fact]
    public void Validate_MissingConnectionStringFile_NamesTheFile()
    {
        var path = Path.Combine(_dir.Path, "missing");

        Assert.Equal(
            [$"Goldstone:Checkpoints:ConnectionStringFile (Goldstone__Checkpoints__ConnectionStringFile) is '{path}', which does not exist: allowed a file holding the connection string"],
            Settings.Failures(new() { ["Goldstone:Checkpoints:Provider"] = "azure-blob", ["Goldstone:Checkpoints:ConnectionStringFile"] = path }));
    }
}
