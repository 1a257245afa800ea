using System.Globalization;
using System.Text;

namespace Goldstone.Trainer.Data;

/// <summary>
/// The CSV layout that HIGGS events and jets share: one row per line, no header, the label (0 or 1) then a fixed
/// number of values, comma-separated, in the invariant culture. The formats add their own checks on the values.
/// </summary>
internal static class LabelledCsv
{
    /// <summary>
    /// Reads at most <paramref name="maxRows"/> rows of <paramref name="values"/> values after the label from the
    /// start of the file, blank lines skipped, and passes each (label first) with its 1-based line number to
    /// <paramref name="row"/>. <paramref name="valueName"/> names the values in a count error ("features").
    /// </summary>
    /// <exception cref="Exception">What <paramref name="error"/> makes of the file, line and problem of a malformed line.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static void Read(string path, int maxRows, int values, string valueName, Func<string, int, string, Exception> error,
        Action<float[], int> row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var rows = 0;
        var lineNumber = 0;
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (rows < maxRows && reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            row(Parse(line, values, valueName, path, lineNumber, error), lineNumber);
            rows++;
        }
    }

    /// <summary>Writes <paramref name="count"/> rows, each its label then its values, so that <see cref="Read"/>
    /// returns the same values bit for bit.</summary>
    public static void Write(string path, int count, Func<int, float> label, Func<int, ReadOnlySpan<float>> values)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var line = new StringBuilder();
        for (var row = 0; row < count; row++)
        {
            line.Clear().Append(label(row).ToString("R", CultureInfo.InvariantCulture));
            foreach (var value in values(row)) line.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(line.Append('\n'));
        }
    }

    private static float[] Parse(string line, int values, string valueName, string path, int lineNumber, Func<string, int, string, Exception> error)
    {
        var columns = 1 + values;
        var span = line.AsSpan();
        var found = span.Count(',') + 1;
        if (found != columns)
            throw error(path, lineNumber, $"expected {columns} comma-separated values (label + {values} {valueName}), found {found}");
        var parsed = new float[columns];
        var column = 0;
        foreach (var range in span.Split(','))
        {
            var text = span[range].Trim();
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw error(path, lineNumber, $"column {column + 1} ('{text}') is not a number");
            if (!float.IsFinite(value))
                throw error(path, lineNumber, $"column {column + 1} ('{text}') is not finite");
            parsed[column++] = value;
        }
        if (parsed[0] is not (0f or 1f))
            throw error(path, lineNumber, $"the label (column 1) must be 0 or 1, got {parsed[0].ToString(CultureInfo.InvariantCulture)}");
        return parsed;
    }
}
