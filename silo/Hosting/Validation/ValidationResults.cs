using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>Helpers shared by the validators.</summary>
internal static class ValidationResults
{
    /// <summary>What every port key allows.</summary>
    public const string Port = "a port of 1 to 65535";

    /// <summary>Success when there is no failure, otherwise every failure line.</summary>
    public static ValidateOptionsResult From(IReadOnlyList<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

    /// <summary>True for a TCP port a listener can be given.</summary>
    public static bool IsPort(int port) => port is >= 1 and <= 65535;

    /// <summary>What a provider key allows: one of the names this build supports.</summary>
    public static string OneOf(IEnumerable<string> allowed) => "one of " + string.Join(", ", allowed);
}
