using Goldstone.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Goldstone.Tests.Unit.Hosting.Validation;

/// <summary>Configuration for the validator tests, read the way a silo reads it before its host exists.</summary>
internal static class Settings
{
    /// <summary>
    /// <paramref name="settings"/> with the worker off unless a test sets it, so that validation does not depend on
    /// where the trainer was built.
    /// </summary>
    public static IConfiguration Configuration(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Goldstone:Worker:Enabled", "false");
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    /// <summary>Every failure line <see cref="GoldstoneSiloExtensions.ReadOptions"/> reports; empty when the options are valid.</summary>
    public static IReadOnlyList<string> Failures(Dictionary<string, string?> settings)
    {
        try
        {
            GoldstoneSiloExtensions.ReadOptions(Configuration(settings));
            return [];
        }
        catch (GoldstoneConfigurationException e)
        {
            return e.Errors;
        }
    }
}
