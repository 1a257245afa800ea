using System.Text;
using Goldstone.Contracts;

namespace Goldstone.Cli.Commands;

/// <summary>
/// What the read commands (<c>table</c>, <c>report</c>, <c>status</c>, <c>list</c>, <c>export</c>) ask of a campaign
/// store: a running silo's grains (<see cref="GatewayReads"/>, <c>--gateway</c>), or an embedded store read without a
/// silo (<see cref="OfflineReads"/>, <c>--data-dir</c>). Both answer from the same table and report code.
/// </summary>
internal interface ICampaignReads
{
    /// <summary>True when nothing can be running: the store was read without a silo.</summary>
    bool Offline { get; }

    /// <summary>Every campaign, by name.</summary>
    Task<IReadOnlyList<CampaignListing>> ListAsync();

    /// <summary>A known campaign's counts and running trials.</summary>
    Task<CampaignProgress> GetProgressAsync(string campaign);

    /// <summary>A known campaign's table.</summary>
    Task<CampaignTable> GetTableAsync(string campaign, TableQuery query);

    /// <summary>A known campaign's HTML report.</summary>
    Task<string> GetReportAsync(string campaign, TableQuery query);

    /// <summary>One page of a known campaign's outcomes.</summary>
    Task<OutcomePage> GetOutcomesPageAsync(string campaign, int page);
}

/// <summary>Reads through a running silo's gateway.</summary>
internal sealed class GatewayReads(IGrainFactory grains) : ICampaignReads
{
    /// <inheritdoc />
    public bool Offline => false;

    /// <inheritdoc />
    public Task<IReadOnlyList<CampaignListing>> ListAsync() =>
        grains.GetGrain<ICampaignRegistryGrain>(GoldstoneNames.SingletonKey).ListAsync();

    /// <inheritdoc />
    public Task<CampaignProgress> GetProgressAsync(string campaign) => grains.GetGrain<ICampaignGrain>(campaign).GetProgressAsync();

    /// <inheritdoc />
    public Task<CampaignTable> GetTableAsync(string campaign, TableQuery query) => grains.GetGrain<IAggregatorGrain>(campaign).GetTableAsync(query);

    /// <inheritdoc />
    public Task<OutcomePage> GetOutcomesPageAsync(string campaign, int page) => grains.GetGrain<IAggregatorGrain>(campaign).GetOutcomesPageAsync(page);

    /// <summary>The report's pages, all from one rendering (if the campaign moved on between pages, read it again).</summary>
    public async Task<string> GetReportAsync(string campaign, TableQuery query)
    {
        var aggregator = grains.GetGrain<IAggregatorGrain>(campaign);
        for (var tries = 0; ; tries++)
        {
            var first = await aggregator.GetReportPageAsync(query, 0);
            var html = new StringBuilder(first.Text);
            var consistent = true;
            for (var page = 1; page < first.Pages && consistent; page++)
            {
                var next = await aggregator.GetReportPageAsync(query, page);
                consistent = next.Version == first.Version;
                html.Append(next.Text);
            }
            if (consistent) return html.ToString();
            if (tries >= 3) throw new InvalidOperationException("the report kept changing while it was read (another client renders it too); try again");
        }
    }
}
