using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Goldstone.Silo.Hosting;

namespace Goldstone.Tests.Unit.Hosting;

public sealed class GoldstoneTlsTests : IDisposable
{
    private const string Password = "correct horse";
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadCertificate_PasswordFileEndingInANewline_LoadsTheKey()
    {
        using var written = SelfSigned("goldstone-test", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var file = WritePfx(written, "cluster.pfx");
        var passwordFile = Path.Combine(_dir.Path, "password");
        File.WriteAllText(passwordFile, Password + "\n");

        using var loaded = GoldstoneTls.LoadCertificate(new TlsOptions { CertificateFile = file, CertificatePasswordFile = passwordFile });

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(written.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void LoadCertificate_WrongPassword_NamesTheKeyAndNotThePassword()
    {
        using var written = SelfSigned("goldstone-test", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var file = WritePfx(written, "cluster.pfx");

        var error = Assert.Throws<GoldstoneConfigurationException>(() =>
            GoldstoneTls.LoadCertificate(new TlsOptions { CertificateFile = file, CertificatePassword = "wrong horse" }));

        var line = Assert.Single(error.Errors);
        Assert.StartsWith($"Goldstone:Tls:CertificateFile (Goldstone__Tls__CertificateFile) '{file}' cannot be read as PKCS#12 (", line);
        Assert.EndsWith("): check the file and Goldstone:Tls:CertificatePassword(File)", line);
        Assert.DoesNotContain("wrong horse", line);
    }

    [Fact]
    public void IsTrusted_OnlyTheConfiguredCertificateWithinItsValidity()
    {
        var now = DateTimeOffset.UtcNow;
        using var configured = SelfSigned("goldstone-cluster", now.AddDays(-1), now.AddDays(1));
        using var sameBytes = X509CertificateLoader.LoadCertificate(configured.RawData);
        using var sameNames = SelfSigned("goldstone-cluster", now.AddDays(-1), now.AddDays(1));

        Assert.True(GoldstoneTls.IsTrusted(configured, sameBytes, now));
        Assert.False(GoldstoneTls.IsTrusted(configured, sameNames, now));
        Assert.False(GoldstoneTls.IsTrusted(configured, null, now));
        Assert.False(GoldstoneTls.IsTrusted(configured, sameBytes, now.AddDays(2)));
        Assert.False(GoldstoneTls.IsTrusted(configured, sameBytes, now.AddDays(-2)));
    }

    private string WritePfx(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private static X509Certificate2 SelfSigned(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notBefore, notAfter);
    }
}
