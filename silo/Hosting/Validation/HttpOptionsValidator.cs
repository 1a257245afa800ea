using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>The HTTP port: off, or a port that neither the silo nor the gateway listens on.</summary>
public sealed class HttpOptionsValidator(PeerOptions<GoldstoneOptions> silo) : IValidateOptions<HttpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var failures = new List<string>();
        if (options.Port != 0 && !ValidationResults.IsPort(options.Port))
            failures.Add(GoldstoneKeys.HttpPort.Failure(OptionKey.Number(options.Port), $"{ValidationResults.Port}, or 0 for no HTTP"));
        else if (options.Port != 0 && SameAs(options.Port) is { } taken)
            failures.Add(GoldstoneKeys.HttpPort.Failure($"{options.Port}, the same as {taken}", "a port other than the silo's and the gateway's, or 0 for no HTTP"));
        return ValidationResults.From(failures);
    }

    private OptionKey? SameAs(int port) =>
        port == silo.Value.SiloPort ? GoldstoneKeys.SiloPort : port == silo.Value.GatewayPort ? GoldstoneKeys.GatewayPort : null;
}
