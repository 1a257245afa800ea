using System.Globalization;

namespace Goldstone.Trainer.Metrics;

/// <summary>
/// A metric with a number after <c>@</c> (<c>robust_noise@0.1</c>, <c>compress@0.9</c>): its prefix names the
/// metric, the number is its parameter, and the whole name is the key it is reported under.
/// </summary>
/// <param name="Prefix">The part up to and including <c>@</c>.</param>
/// <param name="Description">What the number is and its range, for error messages (e.g. "sparsity in (0, 1]").</param>
/// <param name="Example">A valid name, for error messages.</param>
/// <param name="IsValid">Whether a parsed, finite number is allowed.</param>
public sealed record ParametricMetric(string Prefix, string Description, string Example, Func<double, bool> IsValid)
{
    /// <summary>
    /// The number of <paramref name="name"/> when it starts with <see cref="Prefix"/>; null when it does not.
    /// </summary>
    /// <exception cref="FormatException">The name has the prefix but the number is malformed or out of range; the
    /// message names the metric, the text and what is allowed.</exception>
    public double? Parse(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var text = name[Prefix.Length..];
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && IsValid(value))
            return value;
        throw new FormatException($"'{name}' has a malformed value '{text}' (expected {Description}, e.g. {Example})");
    }
}
