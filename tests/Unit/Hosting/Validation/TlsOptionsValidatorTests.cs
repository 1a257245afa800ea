namespace Goldstone.Tests.Unit.Hosting.Validation;

public sealed class TlsOptionsValidatorTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Validate_MissingCertificateAndPasswordFiles_NamesBothKeysAndFiles()
    {
        var certificate = Path.Combine(_dir.Path, "missing.pfx");
        var password = Path.Combine(_dir.Path, "missing.txt");

        Assert.Equal(
        [
            $"Goldstone:Tls:CertificateFile (Goldstone__Tls__CertificateFile) is '{certificate}', which does not exist: allowed a PKCS#12 (.pfx) file with its private key, or empty for no TLS",
            $"Goldstone:Tls:CertificatePasswordFile (Goldstone__Tls__CertificatePasswordFile) is '{password}', which does not exist: allowed a file holding the certificate's password, or empty for none",
        ], Settings.Failures(new() { ["Goldstone:Tls:CertificateFile"] = certificate, ["Goldstone:Tls:CertificatePasswordFile"] = password }));
    }
}
