using System.Globalization;
using System.Text;

namespace Goldstone.Trainer.Data;

/// <summary>
/// Reads and writes the UCI HIGGS CSV format: one event per line, no header, the label (0 or 1) then the 28
/// features of <see cref="HiggsFeatures"/>, comma-separated, in the file's units (azimuths as φ / 1.8).
/// </summary>
public static class HiggsCsv
{
    private const int Columns = 1 + HiggsFeatures.Count;

    // Float rounding of a value written at the bound, with room to spare; a file in radians overshoots by up to 1.4.
    private const double PhiTolerance = 1e-3;

    /// <summary>Reads at most <paramref name="maxRows"/> events from the start of the file; blank lines are skipped.</summary>
    /// <exception cref="HiggsFormatException">A line is malformed, or an azimuth lies outside the file's
    /// ±<see cref="HiggsFeatures.PhiBound"/> (as in a file that stores radians); the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static HiggsDataset Read(string path, int maxRows = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var features = new List<float>();
        var labels = new List<float>();
        var lineNumber = 0;
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (labels.Count < maxRows && reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ParseLine(line, path, lineNumber, features, labels);
        }
        return new HiggsDataset(features.ToArray(), labels.ToArray());
    }

    /// <summary>Writes <paramref name="data"/> so that <see cref="Read"/> returns the same values bit for bit.</summary>
    public static void Write(string path, HiggsDataset data)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var line = new StringBuilder();
        for (var row = 0; row < data.Count; row++)
        {
            line.Clear().Append(data.Labels[row].ToString("R", CultureInfo.InvariantCulture));
            for (var column = 0; column < HiggsFeatures.Count; column++)
                line.Append(',').Append(data[row, column].ToString("R", CultureInfo.InvariantCulture));
            writer.Write(line.Append('\n'));
        }
    }

    private static void ParseLine(string line, string path, int lineNumber, List<float> features, List<float> labels)
    {
        var span = line.AsSpan();
        var found = span.Count(',') + 1;
        if (found != Columns)
            throw new HiggsFormatException(path, lineNumber,
                $"expected {Columns} comma-separated values (label + {HiggsFeatures.Count} features), found {found}");
        var values = new float[Columns];
        var column = 0;
        foreach (var range in span.Split(','))
        {
            var text = span[range].Trim();
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new HiggsFormatException(path, lineNumber, $"column {column + 1} ('{text}') is not a number");
            if (!float.IsFinite(value))
                throw new HiggsFormatException(path, lineNumber, $"column {column + 1} ('{text}') is not finite");
            values[column++] = value;
        }
        if (values[0] is not (0f or 1f))
            throw new HiggsFormatException(path, lineNumber, $"the label (column 1) must be 0 or 1, got {values[0].ToString(CultureInfo.InvariantCulture)}");
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
        labels.Add(values[0]);
        features.AddRange(values.AsSpan(1));
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
