using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>The Orleans Dashboard: only with HTTP on, at a path of its own.</summary>
public sealed class DashboardOptionsValidator(PeerOptions<HttpOptions> http) : IValidateOptions<DashboardOptions>
{
    private static readonly string[] TakenPaths = ["/metrics", "/healthz", "/readyz"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled) return ValidationResults.From(failures);
        if (http.Value.Port == 0)
            failures.Add(GoldstoneKeys.DashboardEnabled.Failure($"true, but {GoldstoneKeys.HttpPort} is 0", "true only with HTTP on"));
        var path = options.Path;
        if (!path.StartsWith('/') || path.Length < 2 || path.EndsWith('/') || TakenPaths.Contains(path, StringComparer.Ordinal))
            failures.Add(GoldstoneKeys.DashboardPath.Failure(OptionKey.Text(path),
                $"a path such as /dashboard (a leading /, no trailing /, not {string.Join(", ", TakenPaths)})"));
        return ValidationResults.From(failures);
    }
}
