using Goldstone.Silo.Hosting;

namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class HttpOptionsValidatorTests
{
    [Fact]
    public void Validate_PortOutOfRange_SaysZeroTurnsHttpOff()
    {
        Assert.Equal(["Goldstone:Http:Port (Goldstone__Http__Port, --http-port) is 70000: allowed a port of 1 to 65535, or 0 for no HTTP"],
            Settings.Failures(new() { ["Goldstone:Http:Port"] = "70000" }));
    }

    [Fact]
    public void Validate_PortOfTheGateway_NamesTheGatewayKey()
    {
        Assert.Equal(
            ["Goldstone:Http:Port (Goldstone__Http__Port, --http-port) is 30000, the same as Goldstone:GatewayPort (Goldstone__GatewayPort, --gateway-port): allowed a port other than the silo's and the gateway's, or 0 for no HTTP"],
            Settings.Failures(new() { ["Goldstone:Http:Port"] = "30000" }));
    }

    [Fact]
    public void Validate_Zero_TurnsHttpOffAndTheDefaultIs8080()
    {
        var off = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration(new() { ["Goldstone:Http:Port"] = "0" }));
        var byDefault = GoldstoneSiloExtensions.ReadOptions(Settings.Configuration([]));

        Assert.Equal((0, HttpOptions.DefaultPort), (off.Http.Port, byDefault.Http.Port));
    }
}
