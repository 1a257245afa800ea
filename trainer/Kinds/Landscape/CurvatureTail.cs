namespace Goldstone.Trainer.Kinds.Landscape;

/// <summary>The running sum behind <c>curvature_tail</c>: saved in the checkpoint, so a resumed trial averages the
/// same values in the same order as an uninterrupted one.</summary>
internal sealed class CurvatureTail
{
    /// <summary>The sum of the curvatures added so far.</summary>
    public double Sum { get; set; }

    /// <summary>How many were added.</summary>
    public long Count { get; set; }

    /// <summary>Adds the curvature at one step's end point.</summary>
    public void Add(double curvature)
    {
        Sum += curvature;
        Count++;
    }

    /// <summary>The mean; NaN before the first value.</summary>
    public double Mean => Count == 0 ? double.NaN : Sum / Count;
}
