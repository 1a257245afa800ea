using Microsoft.Extensions.Options;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>The failure lines of options that did not validate, as a host's start reports them.</summary>
public static class OptionsFailures
{
    /// <summary>
    /// Every failure line of <paramref name="exception"/>: an <see cref="OptionsValidationException"/> (one class
    /// failed) or an <see cref="AggregateException"/> of them (several did); null for any other exception.
    /// </summary>
    public static IReadOnlyList<string>? Of(Exception exception) => exception switch
    {
        OptionsValidationException one => [.. one.Failures],
        AggregateException several when several.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(e => e is OptionsValidationException) =>
            [.. inner.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => null,
    };
}
