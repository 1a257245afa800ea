using Goldstone.Grains.Specs;

namespace Goldstone.Cli.Commands;

/// <summary>A spec file read and validated before anything is created.</summary>
public sealed record LoadedSpec(string Text, CampaignSpec Spec);

/// <summary>Loads spec files; every error is one line, and nothing is created when there is one.</summary>
public static class SpecFiles
{
    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="BadInputException">The file is unreadable, empty or invalid.</exception>
    public static LoadedSpec Load(string path)
    {
        var result = SpecParser.ParseFile(path);
        if (!result.IsValid)
            throw new BadInputException(result.Errors.Select(e => e.Line == 0 ? $"error: {path}: {e.Message}" : e.Format(path)).ToList());
        return new LoadedSpec(File.ReadAllText(path), result.Spec!);
    }
}
