using Goldstone.Trainer.Kinds.Adversarial.Data;

namespace Goldstone.Tests.Trainer.Kinds.Adversarial.Data;

public sealed class JetCsvTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"jet-csv-{Guid.NewGuid():N}");

    public JetCsvTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public void WriteRead_GeneratedJets_RoundTripBitForBit()
    {
        var jets = JetGenerator.Generate(30, seed: 4, stream: 1, JetTune.Shifted);
        var path = Path.Combine(_directory, "jets.csv");

        JetCsv.Write(path, jets);
        var read = JetCsv.Read(path);

        Assert.True(jets.Features.SequenceEqual(read.Features));
        Assert.True(jets.Labels.SequenceEqual(read.Labels));
        Assert.Equal(Enumerable.Range(0, jets.Count).Select(jets.Slots), read.GeneratedMultiplicity.ToArray());
    }

    [Fact]
    public void Read_MaxRows_StopsThere()
    {
        var path = Path.Combine(_directory, "jets.csv");
        JetCsv.Write(path, JetGenerator.Generate(10, seed: 4, stream: 1, JetTune.Nominal));

        Assert.Equal(4, JetCsv.Read(path, maxRows: 4).Count);
    }

    [Theory]
    [InlineData("short", "expected 603 comma-separated values (label + 602 inputs), found 3")]
    [InlineData("label", "the label (column 1) must be 0 or 1, got 2")]
    [InlineData("text", "column 5 ('x') is not a number")]
    [InlineData("gap", "constituent slot 3 follows the padding slot 2 (constituents come first, then zeros)")]
    [InlineData("dirty", "constituent slot 2 has rel. pT 0 but other features non-zero (padding must be all zero)")]
    public void Read_MalformedLine_ThrowsNamingFileLineAndProblem(string defect, string problem)
    {
        var values = Enumerable.Repeat("0", 603).ToArray();
        values[0] = "1";
        values[1 + JetLayout.RelPt] = "0.5";
        switch (defect)
        {
            case "short": values = ["1", "2", "3"]; break;
            case "label": values[0] = "2"; break;
            case "text": values[4] = "x"; break;
            case "gap": values[1 + 2 * JetLayout.ConstituentFeatures + JetLayout.RelPt] = "0.1"; break;
            case "dirty": values[1 + JetLayout.ConstituentFeatures + 13] = "0.2"; break;
        }
        var path = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(path, "\n" + string.Join(',', values) + "\n");

        var error = Assert.Throws<JetFormatException>(() => JetCsv.Read(path));

        Assert.Equal($"{path}:2: {problem}", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
