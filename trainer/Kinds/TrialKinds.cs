using Goldstone.Trainer.Kinds.Synthetic;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds;

/// <summary>The kinds this trainer can run, created lazily so that a synthetic trial never loads libtorch.</summary>
public static class TrialKinds
{
    private static readonly Dictionary<string, Func<ITrialKind>> Factories = new(StringComparer.Ordinal)
    {
        ["synthetic"] = () => new SyntheticKind(),
        ["soft_symmetry"] = () => new SoftSymmetry.SoftSymmetryKind(),
    };

    /// <summary>Names of every kind, sorted.</summary>
    public static IReadOnlyList<string> Names => Factories.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Creates the kind named <paramref name="name"/>.</summary>
    /// <exception cref="TrialRequestException">No such kind.</exception>
    public static ITrialKind Create(string name) =>
        Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new TrialRequestException($"kind: unknown kind '{name}' (allowed: {string.Join(", ", Names)})");
}
