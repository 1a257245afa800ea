namespace Goldstone.Grains.Analysis;

/// <summary>A table query names a parameter or metric the campaign does not have; the message lists the allowed ones.</summary>
[GenerateSerializer]
public sealed class TableQueryException : Exception
{
    /// <summary>A query error with its message.</summary>
    public TableQueryException(string message) : base(message)
    {
    }
}
