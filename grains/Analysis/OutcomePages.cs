using Goldstone.Contracts;

namespace Goldstone.Grains.Analysis;

/// <summary>A campaign's outcomes in pages of one shard's trials, so no message grows with the campaign.</summary>
public static class OutcomePages
{
    /// <summary>Page <paramref name="page"/> of the outcomes of a campaign of <paramref name="trials"/> trials (those without an outcome left out).</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no such page.</exception>
    public static OutcomePage Page(string campaign, int trials, IReadOnlyDictionary<int, TrialOutcome> outcomes, int page)
    {
        var pages = Math.Max(1, TrialShards.Count(trials));
        if (page < 0 || page >= pages) throw new ArgumentOutOfRangeException(nameof(page), page, $"campaign '{campaign}' has pages 0 to {pages - 1}");
        var first = page * TrialShards.Size;
        var list = new List<TrialOutcome>();
        for (var index = first; index < Math.Min(trials, first + TrialShards.Size); index++)
            if (outcomes.TryGetValue(index, out var outcome)) list.Add(outcome);
        return new OutcomePage(page, pages, list);
    }
}
