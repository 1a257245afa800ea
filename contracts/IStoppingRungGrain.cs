namespace Goldstone.Contracts;

/// <summary>
/// One rung of a campaign's stopping rule (an ASHA rung, or an epoch of the median rule): decides on each trial that
/// reaches it against the records it holds, persists the record with its decision before answering, and answers a
/// trial it has decided on already with the stored decision. Key: <see cref="StoppingRungs.Key"/>.
/// </summary>
[Alias("goldstone.IStoppingRungGrain")]
public interface IStoppingRungGrain : IGrainWithStringKey
{
    /// <summary>Decides whether the trial of <paramref name="entry"/> stops at this rung (epoch <paramref name="epoch"/>) under <paramref name="rule"/>.</summary>
    [Alias("Decide")]
    Task<StopVerdict> DecideAsync(StoppingConfig rule, int epoch, RungEntry entry);
}

/// <summary>Up to <see cref="StoppingRungs.PageSize"/> records of one rung, so no state grows with the campaign. Key: <see cref="StoppingRungs.PageKey"/>.</summary>
[Alias("goldstone.IStoppingRungPageGrain")]
public interface IStoppingRungPageGrain : IGrainWithStringKey
{
    /// <summary>Appends a record and persists it; a second record of the same trial is ignored.</summary>
    [Alias("Append")]
    Task AppendAsync(RungRecord record);

    /// <summary>The page's records in order.</summary>
    [Alias("Get")]
    Task<IReadOnlyList<RungRecord>> GetAsync();
}
