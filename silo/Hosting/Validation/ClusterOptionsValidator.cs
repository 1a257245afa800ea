using System.Net;
using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>The cluster: a known provider, the connection string a cluster store needs, well-formed ids and address.</summary>
public sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    /// <summary>What a cluster or service id allows.</summary>
    private const string IdCharacters = "1 to 64 of a-z A-Z 0-9 - _ .";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var failures = new List<string>();
        if (!ClusterOptions.Providers.Contains(options.Provider, StringComparer.Ordinal))
            failures.Add(GoldstoneKeys.ClusterProvider.Failure(OptionKey.Text(options.Provider), ValidationResults.OneOf(ClusterOptions.Providers)));
        else if (options.IsCluster && options.ConnectionString.Length == 0 && options.ConnectionStringFile.Length == 0)
            failures.Add(GoldstoneKeys.ClusterConnectionString.Failure($"empty, and so is {GoldstoneKeys.ClusterConnectionStringFile}",
                $"a connection string, or a file holding one (a mounted secret), when {GoldstoneKeys.ClusterProvider.Path} is '{options.Provider}'"));
        if (options.ConnectionStringFile.Length > 0 && !File.Exists(options.ConnectionStringFile))
            failures.Add(GoldstoneKeys.ClusterConnectionStringFile.Failure($"{OptionKey.Text(options.ConnectionStringFile)}, which does not exist",
                "a file holding the connection string"));
        foreach (var (key, id) in new[] { (GoldstoneKeys.ClusterId, options.ClusterId), (GoldstoneKeys.ServiceId, options.ServiceId) })
            if (!IsId(id))
                failures.Add(key.Failure(OptionKey.Text(id), IdCharacters));
        if (options.AdvertisedAddress.Length > 0 && !IPAddress.TryParse(options.AdvertisedAddress, out _))
            failures.Add(GoldstoneKeys.AdvertisedAddress.Failure(OptionKey.Text(options.AdvertisedAddress),
                "an IP address (a pod's POD_IP), or empty to let Orleans pick one"));
        return ValidationResults.From(failures);
    }

    private static bool IsId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
