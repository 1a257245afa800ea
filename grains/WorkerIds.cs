namespace Goldstone.Grains;

/// <summary>Worker ids end in <c>@</c> and their silo's address, so that grains can ask membership whether a worker may live.</summary>
public static class WorkerIds
{
    /// <summary>The silo of <paramref name="worker"/>, or null when the id names none.</summary>
    public static SiloAddress? SiloOf(string worker)
    {
        var at = worker.IndexOf('@', StringComparison.Ordinal);
        if (at < 0) return null;
        try
        {
            return SiloAddress.FromParsableString(worker[(at + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
