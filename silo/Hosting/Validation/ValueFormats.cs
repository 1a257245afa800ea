using System.ComponentModel;
using System.Reflection;
using Goldstone.Grains;
using Microsoft.Extensions.Configuration;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>
/// Values that cannot be bound at all (<c>Goldstone__Worker__Slots=four</c>): the binder would throw at the first,
/// naming no flag, so they are found before binding, every one, with what their type takes.
/// </summary>
internal static class ValueFormats
{
    /// <summary>Every options class with its section, as <see cref="GoldstoneOptionsRegistration"/> registers them.</summary>
    private static readonly (Type Options, string Section)[] Sections =
    [
        (typeof(GoldstoneOptions), GoldstoneOptions.Section), (typeof(StorageOptions), StorageOptions.Section),
        (typeof(ClusterOptions), ClusterOptions.Section), (typeof(HttpOptions), HttpOptions.Section),
        (typeof(DashboardOptions), DashboardOptions.Section), (typeof(CheckpointOptions), CheckpointOptions.Section),
        (typeof(TlsOptions), TlsOptions.Section), (typeof(WorkerOptions), WorkerOptions.Section),
        (typeof(SchedulerOptions), SchedulerOptions.Section),
    ];

    private static readonly Dictionary<string, OptionKey> KnownKeys = typeof(GoldstoneKeys)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OptionKey)f.GetValue(null)!)
        .ToDictionary(k => k.Path, StringComparer.OrdinalIgnoreCase);

    /// <summary>A failure line for every value in <paramref name="configuration"/> its property's type cannot take.</summary>
    public static IReadOnlyList<string> Failures(IConfiguration configuration)
    {
        var failures = new List<string>();
        foreach (var (options, section) in Sections)
            foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (Allowed(type) is not { } allowed) continue;
                var path = $"{section}:{property.Name}";
                if (configuration[path] is not { Length: > 0 } value || Converts(type, value)) continue;
                var key = KnownKeys.GetValueOrDefault(path) ?? new OptionKey(path);
                failures.Add(key.Failure(OptionKey.Text(value), allowed));
            }
        return failures;
    }

    private static string? Allowed(Type type) =>
        type == typeof(int) ? "an integer"
        : type == typeof(bool) ? "true or false"
        : type == typeof(TimeSpan) ? "a duration such as 00:00:05"
        : null;

    private static bool Converts(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }
}
