namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class StorageOptionsValidatorTests
{
    [Fact]
    public void Validate_UnknownProvider_ListsTheProvidersOfThisBuild()
    {
        Assert.Equal(["Goldstone:Storage:Provider (Goldstone__Storage__Provider) is 'mysql': allowed one of sqlite"],
            Settings.Failures(new() { ["Goldstone:Storage:Provider"] = "mysql" }));
    }
}
