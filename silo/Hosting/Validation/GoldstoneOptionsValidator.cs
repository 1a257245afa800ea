using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>
/// The keys directly under <c>Goldstone</c>: the data directory and the two ports. Its sections (worker, cluster…)
/// are bound into <see cref="GoldstoneOptions"/> too, but each is validated by its own validator.
/// </summary>
public sealed class GoldstoneOptionsValidator : IValidateOptions<GoldstoneOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GoldstoneOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
            failures.Add(GoldstoneKeys.DataDir.Failure(OptionKey.Text(options.DataDir), "a directory path"));
        if (!ValidationResults.IsPort(options.SiloPort))
            failures.Add(GoldstoneKeys.SiloPort.Failure(OptionKey.Number(options.SiloPort), ValidationResults.Port));
        if (!ValidationResults.IsPort(options.GatewayPort))
            failures.Add(GoldstoneKeys.GatewayPort.Failure(OptionKey.Number(options.GatewayPort), ValidationResults.Port));
        else if (options.GatewayPort == options.SiloPort)
            failures.Add(GoldstoneKeys.GatewayPort.Failure($"{options.GatewayPort}, the same as {GoldstoneKeys.SiloPort}", "a port other than the silo's"));
        return ValidationResults.From(failures);
    }
}
