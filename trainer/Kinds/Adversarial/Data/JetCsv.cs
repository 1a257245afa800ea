using Goldstone.Trainer.Data;

namespace Goldstone.Trainer.Kinds.Adversarial.Data;

/// <summary>
/// Reads and writes jets as CSV: one jet per line, no header, the label (1 signal, 0 background) then the 602 inputs
/// of <see cref="JetLayout"/> (40 constituent slots of 15 features, hardest first, zero-padded; then jet log pT and
/// log mass), comma-separated. The padding rule is checked: a slot with rel. pT 0 must be all zero, and no constituent
/// may follow a padding slot, so that the normaliser sees exactly the real constituents.
/// </summary>
public static class JetCsv
{
    /// <summary>Reads at most <paramref name="maxRows"/> jets from the start of the file; blank lines are skipped.</summary>
    /// <exception cref="JetFormatException">A line is malformed; the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static JetSet Read(string path, int maxRows = int.MaxValue)
    {
        var features = new List<float>();
        var labels = new List<float>();
        var slots = new List<int>();
        LabelledCsv.Read(path, maxRows, JetLayout.Inputs, "inputs", static (file, line, problem) => new JetFormatException(file, line, problem),
            (values, lineNumber) =>
            {
                labels.Add(values[0]);
                slots.Add(CheckPadding(values.AsSpan(1), path, lineNumber));
                features.AddRange(values.AsSpan(1));
            });
        return new JetSet(features.ToArray(), labels.ToArray(), slots.ToArray());
    }

    /// <summary>Writes <paramref name="jets"/> so that <see cref="Read"/> returns the same values bit for bit.</summary>
    public static void Write(string path, JetSet jets) => LabelledCsv.Write(path, jets.Count, jet => jets.Labels[jet], jets.Row);

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
