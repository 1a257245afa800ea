using System.Globalization;
using System.Text.Json;
using Goldstone.Schema;

namespace Goldstone.Trainer.Protocol;

/// <summary>
/// A request's parameters with typed accessors, each reading one <see cref="ParamSchema"/> of the shared kind catalog:
/// its type, bounds, choices and default, so the trainer and the spec validator cannot disagree. Unknown names are an error.
/// </summary>
public sealed class TrialParameters
{
    private readonly IReadOnlyDictionary<string, JsonElement> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Wraps the request's parameter dictionary.</summary>
    public TrialParameters(IReadOnlyDictionary<string, JsonElement> values) => _values = values;

    /// <summary>A number within <paramref name="schema"/>'s bounds, or its default when the parameter is absent.</summary>
    /// <exception cref="TrialRequestException">The value is not a number or is outside the bounds.</exception>
    public double Double(ParamSchema schema) => OptionalDouble(schema) ?? schema.DefaultNumber;

    /// <summary>A number within <paramref name="schema"/>'s bounds, or <paramref name="fallback"/> when absent: for a
    /// parameter whose default depends on another (the schema's <see cref="ParamSchema.DefaultNote"/> says how).</summary>
    public double Double(ParamSchema schema, double fallback) => OptionalDouble(schema) ?? fallback;

    /// <summary>A number within <paramref name="schema"/>'s bounds, or null when the parameter is absent.</summary>
    public double? OptionalDouble(ParamSchema schema)
    {
        var name = Read(schema, ParamKind.Real);
        if (!_values.TryGetValue(name, out var element)) return null;
        // A JSON number is always finite: an infinity or NaN can only arrive as a string and fails here.
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value))
            throw new TrialRequestException($"params.{name}: expected a number, got {element.GetRawText()}");
        if (!schema.InRange(value))
            throw new TrialRequestException($"params.{name}: {value.ToString(CultureInfo.InvariantCulture)} is outside {schema.Interval()}");
        return value;
    }

    /// <summary>An integer within <paramref name="schema"/>'s bounds, or its default when the parameter is absent.</summary>
    /// <exception cref="TrialRequestException">The value is not an integer or is outside the bounds.</exception>
    public int Int(ParamSchema schema) => Int(schema, schema.DefaultInteger);

    /// <summary>An integer within <paramref name="schema"/>'s bounds, or <paramref name="fallback"/> when absent: for a
    /// parameter whose default depends on another.</summary>
    public int Int(ParamSchema schema, int fallback)
    {
        var name = Read(schema, ParamKind.Integer);
        if (!_values.TryGetValue(name, out var element)) return fallback;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
            throw new TrialRequestException($"params.{name}: expected an integer, got {element.GetRawText()}");
        if (!schema.InRange(value))
            throw new TrialRequestException($"params.{name}: {value} is outside {schema.Interval()}");
        return value;
    }

    /// <summary>One of <paramref name="schema"/>'s choices, or its default when the parameter is absent.</summary>
    /// <exception cref="TrialRequestException">The value is not a string or not one of the choices.</exception>
    public string Choice(ParamSchema schema)
    {
        var name = Read(schema, ParamKind.Choice);
        var value = StringValue(name) ?? schema.DefaultText;
        if (!schema.Choices!.Contains(value, StringComparer.Ordinal))
            throw new TrialRequestException($"params.{name}: '{value}' is not allowed (allowed: {string.Join(", ", schema.Choices!)})");
        return value;
    }

    /// <summary>A free string, or <paramref name="schema"/>'s default when the parameter is absent.</summary>
    /// <exception cref="TrialRequestException">The value is not a string.</exception>
    public string Text(ParamSchema schema) => StringValue(Read(schema, ParamKind.Text)) ?? schema.DefaultText;

    private string Read(ParamSchema schema, ParamKind kind)
    {
        // A reader of the wrong type is the trainer's bug, not the request's: say so loudly.
        if (schema.Kind != kind) throw new InvalidOperationException($"parameter {schema.Name} is {schema.Kind}, read as {kind}");
        _read.Add(schema.Name);
        return schema.Name;
    }

    private string? StringValue(string name)
    {
        if (!_values.TryGetValue(name, out var element)) return null;
        if (element.ValueKind != JsonValueKind.String)
            throw new TrialRequestException($"params.{name}: expected a string, got {element.GetRawText()}");
        return element.GetString()!;
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
