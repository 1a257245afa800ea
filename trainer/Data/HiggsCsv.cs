using System.Globalization;

namespace Goldstone.Trainer.Data;

/// <summary>
/// Reads and writes the UCI HIGGS CSV format: one event per line, no header, the label (0 or 1) then the 28
/// features of <see cref="HiggsFeatures"/>, comma-separated, in the file's units (azimuths as φ / 1.8).
/// </summary>
public static class HiggsCsv
{
    // Float rounding of a value written at the bound, with room to spare; a file in radians overshoots by up to 1.4.
    private const double PhiTolerance = 1e-3;

    /// <summary>Reads at most <paramref name="maxRows"/> events from the start of the file; blank lines are skipped.</summary>
    /// <exception cref="HiggsFormatException">A line is malformed, or an azimuth lies outside the file's
    /// ±<see cref="HiggsFeatures.PhiBound"/> (as in a file that stores radians); the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static HiggsDataset Read(string path, int maxRows = int.MaxValue)
    {
        var features = new List<float>();
        var labels = new List<float>();
        LabelledCsv.Read(path, maxRows, HiggsFeatures.Count, "features", static (file, line, problem) => new HiggsFormatException(file, line, problem),
            (values, lineNumber) =>
            {
                CheckAzimuths(values, path, lineNumber);
                labels.Add(values[0]);
                features.AddRange(values.AsSpan(1));
            });
        return new HiggsDataset(features.ToArray(), labels.ToArray());
    }

    /// <summary>Writes <paramref name="data"/> so that <see cref="Read"/> returns the same values bit for bit.</summary>
    public static void Write(string path, HiggsDataset data) =>
        LabelledCsv.Write(path, data.Count, row => data.Labels[row], row => data.Features.AsSpan(row * HiggsFeatures.Count, HiggsFeatures.Count));

    private static void CheckAzimuths(float[] values, string path, int lineNumber)
    {
        foreach (var feature in HiggsFeatures.PhiColumns)
        {
            // The symmetries convert azimuths with the file's scale: a file in other units would be rotated wrongly.
            var phi = values[feature + 1];
            if (Math.Abs(phi) > HiggsFeatures.PhiBound + PhiTolerance)
                throw new HiggsFormatException(path, lineNumber,
                    $"column {feature + 2} ({HiggsFeatures.Names[feature]} = {phi.ToString(CultureInfo.InvariantCulture)}) is outside "
                    + $"±{HiggsFeatures.PhiBound.ToString("F4", CultureInfo.InvariantCulture)}: the HIGGS format stores azimuths as "
                    + $"radians / {HiggsFeatures.RadiansPerPhiUnit.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}

/// <summary>A HIGGS CSV file is malformed; the message reads <c>file:line: what is wrong</c>.</summary>
public sealed class HiggsFormatException(string path, int line, string problem) : Exception($"{path}:{line}: {problem}")
{
    /// <summary>The offending file.</summary>
    public string Path { get; } = path;

    /// <summary>1-based line number.</summary>
    public int Line { get; } = line;
}
