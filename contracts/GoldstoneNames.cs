namespace Goldstone.Contracts;

/// <summary>Names shared by both sides of a registration, so that the strings cannot drift.</summary>
public static class GoldstoneNames
{
    /// <summary>The grain storage every Goldstone grain persists to.</summary>
    public const string Storage = "goldstone";

    /// <summary>The cluster id of the embedded (one machine) cluster.</summary>
    public const string EmbeddedClusterId = "goldstone";

    /// <summary>The service id shared by every deployment.</summary>
    public const string ServiceId = "goldstone";

    /// <summary>Key of the singleton grains (scheduler, registry).</summary>
    public const long SingletonKey = 0;
}
