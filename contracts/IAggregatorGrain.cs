namespace Goldstone.Contracts;

/// <summary>
/// Builds a campaign's comparative table, report and export from its shards' records, kept in memory. Key: campaign
/// name. It has no state of its own: the spec comes from the campaign, the records from the shards.
/// </summary>
[Alias("goldstone.IAggregatorGrain")]
public interface IAggregatorGrain : IGrainWithStringKey
{
    /// <summary>The table over the outcomes recorded so far, with running and pending trials counted per row.</summary>
    [Alias("GetTable")]
    Task<CampaignTable> GetTableAsync(TableQuery query);

    /// <summary>Page <paramref name="page"/> of every trial's outcome (those without one yet are pending), by index.</summary>
    [Alias("GetOutcomesPage")]
    Task<OutcomePage> GetOutcomesPageAsync(int page);

    /// <summary>Page <paramref name="page"/> of the HTML report of <paramref name="query"/>, rendered once per query and state.</summary>
    [Alias("GetReportPage")]
    Task<TextPage> GetReportPageAsync(TableQuery query, int page);
}

/// <summary>Outcomes of trials <c>page × size</c> up to the next page, in index order; <see cref="Pages"/> in all.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.OutcomePage")]
public sealed record OutcomePage(
    [property: Id(0)] int Page,
    [property: Id(1)] int Pages,
    [property: Id(2)] IReadOnlyList<TrialOutcome> Outcomes);

/// <summary>One piece of a long text (a report); <see cref="Pages"/> pieces in all, from the rendering <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.TextPage")]
public sealed record TextPage(
    [property: Id(0)] int Page,
    [property: Id(1)] int Pages,
    [property: Id(2)] string Text,
    [property: Id(3)] string Version);
