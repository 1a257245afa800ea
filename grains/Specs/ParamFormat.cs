using System.Globalization;
using Goldstone.Contracts;

namespace Goldstone.Grains.Specs;

/// <summary>How parameter values and settings are written in tables, keys and messages.</summary>
public static class ParamFormat
{
    /// <summary>A value as the spec would write it: numbers in their shortest round-trip form.</summary>
    public static string Value(ParamValue value) => value.Type switch
    {
        ParamType.Number => value.Number.ToString("R", CultureInfo.InvariantCulture),
        ParamType.Boolean => value.Boolean ? "true" : "false",
        _ => value.Text ?? "",
    };

    /// <summary>A setting: <c>name=value</c> pairs of the swept parameters, in space order; "(all)" when nothing is swept.</summary>
    public static string Setting(IEnumerable<ParamValue> swept)
    {
        var text = string.Join(", ", swept.Select(v => $"{v.Name}={Value(v)}"));
        return text.Length == 0 ? "(all)" : text;
    }
}
