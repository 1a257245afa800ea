using Goldstone.Contracts;

namespace Goldstone.Grains;

/// <summary>Persisted list of every campaign, read by the resume task when a silo starts.</summary>
[GrainType(PersistedGrains.RegistryType)]
public sealed class CampaignRegistryGrain(
    [PersistentState(PersistedGrains.RegistryState, GoldstoneNames.Storage)] IPersistentState<CampaignRegistryState> state)
    : Grain, ICampaignRegistryGrain
{
    /// <inheritdoc />
    public async Task UpsertAsync(CampaignListing listing)
    {
        if (state.State.Campaigns.TryGetValue(listing.Name, out var existing) && existing == listing) return;
        state.State.Campaigns[listing.Name] = listing;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignListing>> ListAsync() =>
        Task.FromResult(state.State.Listings());
}

/// <summary>State of <see cref="CampaignRegistryGrain"/>.</summary>
[GenerateSerializer, Alias("goldstone.CampaignRegistryState")]
public sealed class CampaignRegistryState
{
    /// <summary>Listings by campaign name.</summary>
    [Id(0)] public Dictionary<string, CampaignListing> Campaigns { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The listings ordered by name.</summary>
    public IReadOnlyList<CampaignListing> Listings() => Campaigns.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
}
