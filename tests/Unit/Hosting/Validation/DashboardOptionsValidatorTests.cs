using Goldstone.Silo.Hosting;

namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class DashboardOptionsValidatorTests
{
    [Fact]
    public void Validate_EnabledWithHttpOffAndATakenPath_NamesBothKeys()
    {
        Assert.Equal(
        [
            "Goldstone:Dashboard:Enabled (Goldstone__Dashboard__Enabled) is true, but Goldstone:Http:Port (Goldstone__Http__Port, --http-port) is 0: allowed true only with HTTP on",
            "Goldstone:Dashboard:Path (Goldstone__Dashboard__Path) is '/metrics': allowed a path such as /dashboard (a leading /, no trailing /, not /metrics, /healthz, /readyz)",
        ], Settings.Failures(new()
        {
            ["Goldstone:Http:Port"] = "0",
            ["Goldstone:Dashboard:Enabled"] = "true",
            ["Goldstone:Dashboard:Path"] = "/metrics",
        }));
    }

    [Theory]
    [InlineData("dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/")]
    public void Validate_EnabledAtAMalformedPath_NamesThePath(string path)
    {
        Assert.Equal(
            [$"Goldstone:Dashboard:Path (Goldstone__Dashboard__Path) is '{path}': allowed a path such as /dashboard (a leading /, no trailing /, not /metrics, /healthz, /readyz)"],
            Settings.Failures(new() { ["Goldstone:Dashboard:Enabled"] = "true", ["Goldstone:Dashboard:Path"] = path }));
    }

    [Fact]
    public void Validate_Disabled_IgnoresItsPathAndIsTheDefault()
    {
        var options = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration(new() { ["Goldstone:Dashboard:Path"] = "/metrics" }));
        var byDefault = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration([]));

        Assert.Equal((false, "/metrics", false, "/dashboard"),
            (options.Dashboard.Enabled, options.Dashboard.Path, byDefault.Dashboard.Enabled, byDefault.Dashboard.Path));
    }
}
