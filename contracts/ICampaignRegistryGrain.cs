namespace Goldstone.Contracts;

/// <summary>Every campaign this cluster knows, so that a starting silo can resume the unfinished ones. Key: 0.</summary>
[Alias("goldstone.ICampaignRegistryGrain")]
public interface ICampaignRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or updates a campaign's listing.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(CampaignListing listing);

    /// <summary>All campaigns, by name.</summary>
    [Alias("List")]
    Task<IReadOnlyList<CampaignListing>> ListAsync();
}
