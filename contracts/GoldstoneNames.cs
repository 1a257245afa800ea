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

/// <summary>
/// The grain types and state names of the persisted grains: the keys of their rows in a store, shared by the grains'
/// registrations and by the offline reader of the embedded store (<c>--data-dir</c>), so a renamed class cannot orphan a store.
/// </summary>
public static class PersistedGrains
{
    /// <summary>Grain type of the campaign grain.</summary>
    public const string CampaignType = "campaign";
    /// <summary>State name of the campaign grain.</summary>
    public const string CampaignState = "campaign";
    /// <summary>Grain type of the campaign registry.</summary>
    public const string RegistryType = "campaignregistry";
    /// <summary>State name of the campaign registry.</summary>
    public const string RegistryState = "registry";
    /// <summary>Grain type of a trial shard.</summary>
    public const string ShardType = "trialshard";
    /// <summary>State name of a trial shard.</summary>
    public const string ShardState = "shard";
    /// <summary>Grain type of a trial.</summary>
    public const string TrialType = "trial";
    /// <summary>State name of a trial.</summary>
    public const string TrialState = "trial";
    /// <summary>Grain type of a stopping rung (the records one rung's decisions were based on).</summary>
    public const string RungType = "stoppingrung";
    /// <summary>State name of a stopping rung.</summary>
    public const string RungState = "rung";
    /// <summary>Grain type of a page of a stopping rung's records.</summary>
    public const string RungPageType = "stoppingrungpage";
    /// <summary>State name of a page of a stopping rung's records.</summary>
    public const string RungPageState = "rungpage";
}
