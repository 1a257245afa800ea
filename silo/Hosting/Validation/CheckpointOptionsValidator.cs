using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>The checkpoint store: a known provider and, for <c>azure-blob</c>, an account and a container name Azure takes.</summary>
public sealed class CheckpointOptionsValidator(PeerOptions<ClusterOptions> cluster) : IValidateOptions<CheckpointOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CheckpointOptions options)
    {
        var failures = new List<string>();
        if (!CheckpointOptions.Providers.Contains(options.Provider, StringComparer.Ordinal))
            failures.Add(GoldstoneKeys.CheckpointsProvider.Failure(OptionKey.Text(options.Provider), ValidationResults.OneOf(CheckpointOptions.Providers)));
        var blob = options.Provider == CheckpointOptions.AzureBlob;
        if (blob && options.ConnectionString.Length == 0 && options.ConnectionStringFile.Length == 0 && cluster.Value.Provider != ClusterOptions.Azure)
            failures.Add(GoldstoneKeys.CheckpointsConnectionString.Failure($"empty, and so is {GoldstoneKeys.CheckpointsConnectionStringFile}",
                $"a storage account's connection string, or a file holding one, when {GoldstoneKeys.CheckpointsProvider.Path} is 'azure-blob' "
                + $"(or {GoldstoneKeys.ClusterProvider.Path} 'azure', whose account it then uses)"));
        if (blob && !IsContainerName(options.Container))
            failures.Add(GoldstoneKeys.CheckpointsContainer.Failure(OptionKey.Text(options.Container),
                "3 to 63 of a-z 0-9 -, starting and ending with a letter or digit, no --"));
        if (options.ConnectionStringFile.Length > 0 && !File.Exists(options.ConnectionStringFile))
            failures.Add(GoldstoneKeys.CheckpointsConnectionStringFile.Failure($"{OptionKey.Text(options.ConnectionStringFile)}, which does not exist",
                "a file holding the connection string"));
        return ValidationResults.From(failures);
    }

    /// <summary>Azure's container name rule: 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit.</summary>
    private static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63 && char.IsAsciiLetterOrDigit(name[0]) && !name.Contains("--", StringComparison.Ordinal)
        && name[^1] != '-' && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-');
}
