using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using OrleansTlsOptions = Orleans.Connections.Security.TlsOptions;

namespace Goldstone.Silo.Hosting;

/// <summary>
/// Mutual TLS between silos and from clients to gateways, from <c>Goldstone:Tls</c>. Trust is pinned: every silo and
/// client presents the one cluster certificate (a PKCS#12 file distributed as a secret), and a peer is accepted only
/// when it presents that very certificate (equal SHA-256 thumbprints, within its validity period). Chain errors of a
/// self-signed certificate are therefore expected and ignored; an issuer name alone is never trusted, since anyone can
/// write any issuer name into a certificate of their own.
/// </summary>
public static class GoldstoneTls
{
    /// <summary>Configures silo-to-silo and gateway connections for mutual TLS when a certificate is configured; a no-op otherwise.</summary>
    /// <exception cref="GoldstoneConfigurationException">The certificate or its password file cannot be read.</exception>
    public static ISiloBuilder UseGoldstoneTls(this ISiloBuilder silo, TlsOptions options)
    {
        if (!options.Enabled) return silo;
        var certificate = LoadCertificate(options);
        return silo.UseTls(certificate, tls => Configure(tls, certificate));
    }

    /// <summary>Configures a client for mutual TLS when a certificate is configured; a no-op otherwise.</summary>
    /// <exception cref="GoldstoneConfigurationException">The certificate or its password file cannot be read.</exception>
    public static IClientBuilder UseGoldstoneTls(this IClientBuilder client, TlsOptions options)
    {
        if (!options.Enabled) return client;
        var certificate = LoadCertificate(options);
        return client.UseTls(certificate, tls => Configure(tls, certificate));
    }

    /// <summary>True when <paramref name="remote"/> is <paramref name="configured"/> and valid at <paramref name="now"/>.</summary>
    public static bool IsTrusted(X509Certificate2 configured, X509Certificate2? remote, DateTimeOffset now)
    {
        if (remote is null) return false;
        var expected = configured.GetCertHash(HashAlgorithmName.SHA256);
        var presented = remote.GetCertHash(HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(expected, presented)
            && now >= remote.NotBefore.ToUniversalTime() && now <= remote.NotAfter.ToUniversalTime();
    }

    /// <summary>Loads the configured certificate; every failure names the key to fix, never the password.</summary>
    /// <exception cref="GoldstoneConfigurationException">The file is missing or unreadable, the password is wrong, or it has no private key.</exception>
    public static X509Certificate2 LoadCertificate(TlsOptions options)
    {
        const string fileKey = "Goldstone:Tls:CertificateFile (Goldstone__Tls__CertificateFile)";
        var password = ReadPassword(options);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificateFile, password);
        }
        catch (CryptographicException e)
        {
            throw new GoldstoneConfigurationException([
                $"{fileKey} '{options.CertificateFile}' cannot be read as PKCS#12 ({e.Message.TrimEnd('.')}): check the file and Goldstone:Tls:CertificatePassword(File)"]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GoldstoneConfigurationException([$"{fileKey} '{options.CertificateFile}' cannot be read: {e.Message}"]);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new GoldstoneConfigurationException([$"{fileKey} '{options.CertificateFile}' has no private key: export the .pfx with its key"]);
        }
        return certificate;
    }

    private static string? ReadPassword(TlsOptions options)
    {
        if (options.CertificatePasswordFile.Length == 0) return options.CertificatePassword.Length > 0 ? options.CertificatePassword : null;
        try
        {
            // A mounted secret usually ends in a newline that is not part of the password.
            return File.ReadAllText(options.CertificatePasswordFile).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GoldstoneConfigurationException([
                $"Goldstone:Tls:CertificatePasswordFile (Goldstone__Tls__CertificatePasswordFile) '{options.CertificatePasswordFile}' cannot be read: {e.Message}"]);
        }
    }

    private static void Configure(OrleansTlsOptions tls, X509Certificate2 certificate)
    {
        // Both sides of every connection must present the cluster certificate: silos to silos, clients to gateways.
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (remote, _, _) => IsTrusted(certificate, remote, DateTimeOffset.UtcNow);
    }
}
