using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>Builds spec texts line by line, so that a test's line numbers are the indexes of its arguments plus one.</summary>
internal static class SpecText
{
    /// <summary>The file name errors are formatted with.</summary>
    public const string Source = "spec.yaml";

    /// <summary>The lines joined with '\n' and a final newline.</summary>
    public static string Of(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>Every error of the spec made of <paramref name="lines"/>, as the CLI prints them.</summary>
    public static IReadOnlyList<string> Errors(params string[] lines) => Format(SpecParser.Parse(Of(lines)));

    /// <summary>The errors of a result, as the CLI prints them; asserts that no spec came with them.</summary>
    public static IReadOnlyList<string> Format(SpecParseResult result)
    {
        Assert.Null(result.Spec);
        Assert.False(result.IsValid);
        return result.Errors.Select(e => e.Format(Source)).ToList();
    }

    /// <summary>The spec made of <paramref name="lines"/>; fails the test with its errors when it is invalid.</summary>
    public static CampaignSpec Valid(params string[] lines)
    {
        var result = SpecParser.Parse(Of(lines));
        Assert.Equal([], result.Errors.Select(e => e.Format(Source)));
        Assert.True(result.IsValid);
        return result.Spec!;
    }
}
