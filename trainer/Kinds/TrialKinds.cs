using System.Reflection;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds;

/// <summary>Names a trial kind: the value a spec writes in <c>kind:</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TrialKindAttribute(string name) : Attribute
{
    /// <summary>The kind's name.</summary>
    public string Name { get; } = name;
}

/// <summary>
/// The kinds this trainer can run: every <see cref="ITrialKind"/> class in this assembly marked with
/// <see cref="TrialKindAttribute"/>. Kinds are created on demand, so a synthetic trial never loads libtorch, and a
/// new kind registers itself by its attribute alone.
/// </summary>
public static class TrialKinds
{
    private static readonly Dictionary<string, Type> Types = typeof(TrialKinds).Assembly.GetTypes()
        .Where(type => typeof(ITrialKind).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false })
        .ToDictionary(
            type => type.GetCustomAttribute<TrialKindAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.FullName} implements ITrialKind without a [TrialKind] name"),
            StringComparer.Ordinal);

    /// <summary>Names of every kind, sorted.</summary>
    public static IReadOnlyList<string> Names => Types.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Creates the kind named <paramref name="name"/>.</summary>
    /// <exception cref="TrialRequestException">No such kind.</exception>
    public static ITrialKind Create(string name) =>
        Types.TryGetValue(name, out var type)
            ? (ITrialKind)Activator.CreateInstance(type)!
            : throw new TrialRequestException($"kind: unknown kind '{name}' (allowed: {string.Join(", ", Names)})");
}
