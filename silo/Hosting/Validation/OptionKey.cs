using System.Globalization;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>
/// A configuration key as a user sets it: the key (<c>Goldstone:Worker:Slots</c>), its environment variable
/// (<c>Goldstone__Worker__Slots</c>) and the command-line flag that sets it, where one does.
/// </summary>
public sealed record OptionKey(string Path, string? Flag = null)
{
    /// <summary>The environment variable of the key: every <c>:</c> written <c>__</c>.</summary>
    public string Variable => Path.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The key with its variable and flag: <c>Goldstone:Worker:Slots (Goldstone__Worker__Slots, --slots)</c>.</summary>
    public override string ToString() => Flag is null ? $"{Path} ({Variable})" : $"{Path} ({Variable}, {Flag})";

    /// <summary>One failure line: the key, the value it has and what it may be.</summary>
    public string Failure(string value, string allowed) => $"{this} is {value}: allowed {allowed}";

    /// <summary>A string value as a failure shows it, quoted.</summary>
    public static string Text(string value) => $"'{value}'";

    /// <summary>A duration as configuration takes it (<c>00:00:05</c>, <c>-00:00:01</c>).</summary>
    public static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>An integer as configuration takes it.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
