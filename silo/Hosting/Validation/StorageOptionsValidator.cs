using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>The embedded grain storage: a provider this build has.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        ValidationResults.From(StorageOptions.Providers.Contains(options.Provider, StringComparer.Ordinal)
            ? []
            : [GoldstoneKeys.StorageProvider.Failure(OptionKey.Text(options.Provider), ValidationResults.OneOf(StorageOptions.Providers))]);
}
