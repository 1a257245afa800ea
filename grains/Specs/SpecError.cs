namespace Goldstone.Grains.Specs;

/// <summary>One problem in a spec, at a line, under a key path.</summary>
public sealed record SpecError(int Line, string Path, string Message)
{
    /// <summary>The one-line form the CLI prints: <c>error: FILE:LINE: KEY.PATH: what is wrong</c>.</summary>
    public string Format(string source) => $"error: {source}:{Line}: {Path}: {Message}";
}

/// <summary>A spec, or every error that kept it from being one.</summary>
public sealed record SpecParseResult(CampaignSpec? Spec, IReadOnlyList<SpecError> Errors)
{
    /// <summary>True when the spec is valid.</summary>
    public bool IsValid => Spec is not null && Errors.Count == 0;
}
