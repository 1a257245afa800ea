namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class GoldstoneOptionsValidatorTests
{
    [Fact]
    public void Validate_EmptyDataDir_NamesTheKeyItsVariableAndFlag()
    {
        Assert.Equal(["Goldstone:DataDir (Goldstone__DataDir, --data-dir) is ' ': allowed a directory path"],
            Settings.Failures(new() { ["Goldstone:DataDir"] = " " }));
    }

    [Fact]
    public void Validate_PortsOutsideTheirRange_NamesBothKeysAndFlags()
    {
        Assert.Equal(
        [
            "Goldstone:SiloPort (Goldstone__SiloPort, --port) is 0: allowed a port of 1 to 65535",
            "Goldstone:GatewayPort (Goldstone__GatewayPort, --gateway-port) is 65536: allowed a port of 1 to 65535",
        ], Settings.Failures(new() { ["Goldstone:SiloPort"] = "0", ["Goldstone:GatewayPort"] = "65536" }));
    }

    [Fact]
    public void Validate_GatewayOnTheSiloPort_NamesBothKeys()
    {
        Assert.Equal(
            ["Goldstone:GatewayPort (Goldstone__GatewayPort, --gateway-port) is 12000, the same as Goldstone:SiloPort (Goldstone__SiloPort, --port): allowed a port other than the silo's"],
            Settings.Failures(new() { ["Goldstone:SiloPort"] = "12000", ["Goldstone:GatewayPort"] = "12000" }));
    }

    [Fact]
    public void Validate_Defaults_HaveNoFailure()
    {
        Assert.Empty(Settings.Failures([]));
    }
}
