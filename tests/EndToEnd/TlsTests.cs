using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Goldstone.Tests.EndToEnd;

/// <summary>A <c>goldstone silo</c> with mutual TLS, and CLI clients with the same, no or another certificate.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task List_AgainstATlsSilo_SucceedsOnlyWithTheSiloCertificate()
    {
        using var dir = new TempDir();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var clusterCertificate = WritePfx(dir, "cluster.pfx", "goldstone-cluster", password);
        var otherCertificate = WritePfx(dir, "other.pfx", "goldstone-cluster", password);
        string[] clusterTls = [$"Goldstone__Tls__CertificateFile={clusterCertificate}", $"Goldstone__Tls__CertificatePassword={password}"];
        string[] otherTls = [$"Goldstone__Tls__CertificateFile={otherCertificate}", $"Goldstone__Tls__CertificatePassword={password}"];
        var (port, gatewayPort) = (FreePort(), FreePort());
        var gateway = $"localhost:{gatewayPort}";
        using var silo = CliProcess.StartWithEnvironment(dir.Path, clusterTls,
            "silo", "--data-dir", "store", "--port", $"{port}", "--gateway-port", $"{gatewayPort}", "--slots", "1");
        await silo.WaitForOutputAsync(text => text.Contains($"goldstone silo: gateway localhost:{gatewayPort}"), "the silo to start");

        var same = await CliProcess.RunWithEnvironmentAsync(dir.Path, clusterTls, "list", "--gateway", gateway);
        var none = await CliProcess.RunAsync(dir.Path, "list", "--gateway", gateway);
        // Same subject and issuer name, another key: a pinned certificate is not fooled by names.
        var other = await CliProcess.RunWithEnvironmentAsync(dir.Path, otherTls, "list", "--gateway", gateway);

        Assert.Equal((0, "no campaigns\n", ""), (same.ExitCode, same.Stdout, same.Stderr));
        Assert.Equal((1, ""), (none.ExitCode, none.Stdout));
        Assert.Equal(
            $"error: cannot reach a silo at 127.0.0.1:{gatewayPort}: no answer within 15 s (start one with ./goldstone silo, or pass --gateway HOST:PORT; "
            + "a silo with TLS takes only clients given its certificate: set Goldstone__Tls__CertificateFile and its password)\n",
            none.Stderr);
        Assert.Equal((1, ""), (other.ExitCode, other.Stdout));
        Assert.Equal(
            $"error: cannot reach a silo at 127.0.0.1:{gatewayPort}: no answer within 15 s (start one with ./goldstone silo, or pass --gateway HOST:PORT; "
            + $"with TLS, the silo must use the same certificate as Goldstone__Tls__CertificateFile ({otherCertificate}))\n",
            other.Stderr);
        Assert.DoesNotContain(password, silo.Stdout + silo.Stderr + same.Stderr + other.Stderr);

        silo.Signal(Signals.SigInt);
        Assert.Equal(0, await silo.WaitAsync());
    }

    [Fact]
    public async Task List_CertificateFileMissing_ExitsTwoNamingTheKey()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "missing.pfx");

        var (code, stdout, stderr) = await CliProcess.RunWithEnvironmentAsync(dir.Path, [$"Goldstone__Tls__CertificateFile={missing}"],
            "list", "--gateway", $"localhost:{FreePort()}");

        Assert.Equal((2, ""), (code, stdout));
        Assert.Equal($"error: Goldstone:Tls:CertificateFile (Goldstone__Tls__CertificateFile) is '{missing}', which does not exist: "
            + "allowed a PKCS#12 (.pfx) file with its private key, or empty for no TLS\n", stderr);
    }

    /// <summary>A self-signed certificate for server and client authentication, exported with its key and a password.</summary>
    private static string WritePfx(TempDir dir, string name, string subject, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(dir.Path, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
