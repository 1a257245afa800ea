namespace Goldstone.Contracts;

/// <summary>Collects a campaign's trial outcomes and answers with the comparative table. Key: campaign name.</summary>
[Alias("goldstone.IAggregatorGrain")]
public interface IAggregatorGrain : IGrainWithStringKey
{
    /// <summary>Sets what the table shows; called once by the campaign when it is created.</summary>
    [Alias("Configure")]
    Task ConfigureAsync(TableDefinition definition);

    /// <summary>Records a trial outcome; a second outcome for the same trial index is ignored.</summary>
    [Alias("Record")]
    Task RecordAsync(TrialOutcome outcome);

    /// <summary>The table over the outcomes recorded so far, with running and pending trials counted per row.</summary>
    [Alias("GetTable")]
    Task<CampaignTable> GetTableAsync(TableQuery query);

    /// <summary>The table definition, or null before the campaign configured one.</summary>
    [Alias("GetDefinition")]
    Task<TableDefinition?> GetDefinitionAsync();

    /// <summary>Every recorded outcome, ordered by trial index.</summary>
    [Alias("GetOutcomes")]
    Task<IReadOnlyList<TrialOutcome>> GetOutcomesAsync();
}
