using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>TLS: the certificate and its password file exist (whether they load is checked when they are loaded).</summary>
public sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled && !File.Exists(options.CertificateFile))
            failures.Add(GoldstoneKeys.TlsCertificateFile.Failure($"{OptionKey.Text(options.CertificateFile)}, which does not exist",
                "a PKCS#12 (.pfx) file with its private key, or empty for no TLS"));
        if (options.CertificatePasswordFile.Length > 0 && !File.Exists(options.CertificatePasswordFile))
            failures.Add(GoldstoneKeys.TlsCertificatePasswordFile.Failure($"{OptionKey.Text(options.CertificatePasswordFile)}, which does not exist",
                "a file holding the certificate's password, or empty for none"));
        return ValidationResults.From(failures);
    }
}
