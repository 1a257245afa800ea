using Goldstone.Silo.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Goldstone.Tests.Unit.Worker;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GpuDevicesTests
{
    [Fact]
    public void Detect_AConfiguredCount_GivesDevicesZeroToNMinusOne()
    {
        var devices = GpuDevices.Detect(3, NullLogger.Instance, nvidiaSmi: "/nonexistent/nvidia-smi");

        Assert.Equal([0, 1, 2], devices.Devices);
        Assert.Equal(3, devices.Free);
    }

    [Fact]
    public void Detect_NvidiaSmiListingTwoGpus_GivesTheirIndices()
    {
        using var dir = new TemporaryDirectory();
        var smi = FakeNvidiaSmi(dir, "if [ \"$1 $2\" = '--query-gpu=index --format=csv,noheader' ]; then printf '0\\n3\\n'; else exit 9; fi");

        var devices = GpuDevices.Detect(null, NullLogger.Instance, smi);

        Assert.Equal([0, 3], devices.Devices);
    }

    [Fact]
    public void Detect_NoNvidiaSmi_IsACpuOnlySilo()
    {
        var devices = GpuDevices.Detect(null, NullLogger.Instance, "/nonexistent/nvidia-smi");

        Assert.Empty(devices.Devices);
    }

    [Fact]
    public void Detect_NvidiaSmiFailing_IsACpuOnlySilo()
    {
        using var dir = new TemporaryDirectory();
        var smi = FakeNvidiaSmi(dir, "echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver' >&2; exit 9");

        Assert.Empty(GpuDevices.Detect(null, NullLogger.Instance, smi).Devices);
    }

    [Fact]
    public void ParseIndices_ALineThatIsNotAnIndex_IsAnErrorNamingIt() =>
        Assert.Equal("nvidia-smi printed 'GPU 0: H100' where a GPU index was expected",
            Assert.Throws<FormatException>(() => GpuDevices.ParseIndices("GPU 0: H100\n")).Message);

    [Fact]
    public void TakeAndReturn_NeverGiveADeviceTwice()
    {
        var devices = new GpuDevices([0, 1, 2]);

        var first = devices.Take(2);
        var tooMany = devices.Take(2);
        var second = devices.Take(1);
        devices.Return(first!);
        var third = devices.Take(2);

        Assert.Equal([0, 1], first);
        Assert.Null(tooMany);
        Assert.Equal([2], second);
        Assert.Equal([0, 1], third);
        Assert.Equal(0, devices.Free);
        devices.Return(second!);
        Assert.Equal("GPU 2 was returned twice", Assert.Throws<InvalidOperationException>(() => devices.Return(second!)).Message);
        Assert.Equal("0,1", GpuDevices.VisibleDevices(third!));
        Assert.Equal("", GpuDevices.VisibleDevices([]));
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string FakeNvidiaSmi(TemporaryDirectory dir, string body)
    {
        var path = Path.Combine(dir.Path, "nvidia-smi");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
