using System.Globalization;
using System.Text;

namespace Goldstone.Trainer.Kinds.Adversarial.Data;

/// <summary>
/// Reads and writes jets as CSV: one jet per line, no header, the label (1 signal, 0 background) then the 602 inputs
/// of <see cref="JetLayout"/> (40 constituent slots of 15 features, hardest first, zero-padded; then jet log pT and
/// log mass), comma-separated. The padding rule is checked: a slot with rel. pT 0 must be all zero, and no constituent
/// may follow a padding slot, so that the normaliser sees exactly the real constituents.
/// </summary>
public static class JetCsv
{
    private const int Columns = 1 + JetLayout.Inputs;

    /// <summary>Reads at most <paramref name="maxRows"/> jets from the start of the file; blank lines are skipped.</summary>
    /// <exception cref="JetFormatException">A line is malformed; the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static JetSet Read(string path, int maxRows = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var features = new List<float>();
        var labels = new List<float>();
        var slots = new List<int>();
        var lineNumber = 0;
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (labels.Count < maxRows && reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var values = Parse(line, path, lineNumber);
            labels.Add(values[0]);
            slots.Add(CheckPadding(values.AsSpan(1), path, lineNumber));
            features.AddRange(values.AsSpan(1));
        }
        return new JetSet(features.ToArray(), labels.ToArray(), slots.ToArray());
    }

    /// <summary>Writes <paramref name="jets"/> so that <see cref="Read"/> returns the same values bit for bit.</summary>
    public static void Write(string path, JetSet jets)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var line = new StringBuilder();
        for (var jet = 0; jet < jets.Count; jet++)
        {
            line.Clear().Append(jets.Labels[jet].ToString("R", CultureInfo.InvariantCulture));
            foreach (var value in jets.Row(jet)) line.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(line.Append('\n'));
        }
    }

    private static float[] Parse(string line, string path, int lineNumber)
    {
        var span = line.AsSpan();
        var found = span.Count(',') + 1;
        if (found != Columns)
            throw new JetFormatException(path, lineNumber, $"expected {Columns} comma-separated values (label + {JetLayout.Inputs} inputs), found {found}");
        var values = new float[Columns];
        var column = 0;
        foreach (var range in span.Split(','))
        {
            var text = span[range].Trim();
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new JetFormatException(path, lineNumber, $"column {column + 1} ('{text}') is not a number");
            if (!float.IsFinite(value))
                throw new JetFormatException(path, lineNumber, $"column {column + 1} ('{text}') is not finite");
            values[column++] = value;
        }
        if (values[0] is not (0f or 1f))
            throw new JetFormatException(path, lineNumber, $"the label (column 1) must be 0 or 1, got {values[0].ToString(CultureInfo.InvariantCulture)}");
        return values;
    }

    /// <summary>The number of real constituents of a row, after checking that padding is all zero and comes last.</summary>
    private static int CheckPadding(ReadOnlySpan<float> row, string path, int lineNumber)
    {
        var slots = 0;
        for (var slot = 0; slot < JetLayout.MaxConstituents; slot++)
        {
            var constituent = row.Slice(slot * JetLayout.ConstituentFeatures, JetLayout.ConstituentFeatures);
            var real = constituent[JetLayout.RelPt] != 0;
            if (real && slots < slot)
                throw new JetFormatException(path, lineNumber, $"constituent slot {slot + 1} follows the padding slot {slots + 1} (constituents come first, then zeros)");
            if (real) slots++;
            else if (HasNonZero(constituent))
                throw new JetFormatException(path, lineNumber, $"constituent slot {slot + 1} has rel. pT 0 but other features non-zero (padding must be all zero)");
        }
        return slots;
    }

    // A plain comparison, so that −0 counts as zero.
    private static bool HasNonZero(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
            if (value != 0) return true;
        return false;
    }
}

/// <summary>A jet CSV file is malformed; the message reads <c>file:line: what is wrong</c>.</summary>
public sealed class JetFormatException(string path, int line, string problem) : Exception($"{path}:{line}: {problem}")
{
    /// <summary>The offending file.</summary>
    public string Path { get; } = path;

    /// <summary>1-based line number.</summary>
    public int Line { get; } = line;
}
