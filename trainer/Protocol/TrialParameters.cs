using System.Globalization;
using System.Text.Json;

namespace Goldstone.Trainer.Protocol;

/// <summary>A request's parameters with typed accessors; unknown names are an error.</summary>
public sealed class TrialParameters
{
    private readonly IReadOnlyDictionary<string, JsonElement> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Wraps the request's parameter dictionary.</summary>
    public TrialParameters(IReadOnlyDictionary<string, JsonElement> values) => _values = values;

    /// <summary>A number, or <paramref name="fallback"/> when the parameter is absent.</summary>
    public double Double(string name, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var element)) return fallback;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value))
            throw new TrialRequestException($"params.{name}: expected a number, got {element.GetRawText()}");
        if (value < min || value > max || double.IsNaN(value))
            throw new TrialRequestException(
                $"params.{name}: {value.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        return value;
    }

    /// <summary>An integer, or <paramref name="fallback"/> when the parameter is absent.</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var element)) return fallback;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
            throw new TrialRequestException($"params.{name}: expected an integer, got {element.GetRawText()}");
        if (value < min || value > max)
            throw new TrialRequestException($"params.{name}: {value} is outside [{min}, {max}]");
        return value;
    }

    /// <summary>A string, one of <paramref name="allowed"/> when given, or <paramref name="fallback"/>.</summary>
    public string String(string name, string fallback, params string[] allowed)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var element)) return fallback;
        if (element.ValueKind != JsonValueKind.String)
            throw new TrialRequestException($"params.{name}: expected a string, got {element.GetRawText()}");
        var value = element.GetString()!;
        if (allowed.Length > 0 && !allowed.Contains(value, StringComparer.Ordinal))
            throw new TrialRequestException($"params.{name}: '{value}' is not allowed (allowed: {string.Join(", ", allowed)})");
        return value;
    }

    /// <summary>Throws when the request carries a parameter that no accessor asked for.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new TrialRequestException(
                $"params: unknown parameter(s) {string.Join(", ", unknown)} (allowed: {string.Join(", ", _read.OrderBy(k => k, StringComparer.Ordinal))})");
    }
}

/// <summary>A request the trainer cannot run: a user error, reported as such, never retried into success.</summary>
public sealed class TrialRequestException(string message) : Exception(message);
