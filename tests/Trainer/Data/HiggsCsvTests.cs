using Goldstone.Trainer.Data;
using Goldstone.Tests.Trainer.Native;

namespace Goldstone.Tests.Trainer.Data;

public sealed class HiggsCsvTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WriteThenRead_GeneratedEvents_RoundTripBitForBit()
    {
        var data = HiggsGenerator.Generate(200, 6, 1, DetectorTune.Nominal);
        var path = _directory.File("higgs.csv");

        HiggsCsv.Write(path, data);
        var read = HiggsCsv.Read(path);

        Assert.Equal(data.Labels, read.Labels);
        Assert.Equal(data.Features, read.Features);
    }

    [Fact]
    public void Read_MaxRows_StopsAfterThatManyEvents()
    {
        var data = HiggsGenerator.Generate(50, 6, 1, DetectorTune.Nominal);
        var path = _directory.File("higgs.csv");
        HiggsCsv.Write(path, data);

        var read = HiggsCsv.Read(path, maxRows: 20);

        Assert.Equal(data.Slice(0, 20).Features, read.Features);
    }

    [Fact]
    public void Read_UciStyleNumbersAndBlankLines_Parses()
    {
        var line = "1.000000000000000000e+00," + string.Join(",", Enumerable.Range(1, 28).Select(i => $"{i}.5e-02"));
        var path = _directory.File("higgs.csv");
        File.WriteAllText(path, line + "\n\n" + line.Replace("1.000000000000000000e+00,", "0,", StringComparison.Ordinal) + "\n");

        var read = HiggsCsv.Read(path);

        Assert.Equal([1f, 0f], read.Labels);
        Assert.Equal(0.015f, read[0, 0]);
        Assert.Equal(0.285f, read[1, 27]);
    }

    [Fact]
    public void Read_WrongColumnCount_ThrowsWithFileAndLine()
    {
        var path = WriteLines(ValidLine(), ValidLine(), "1," + string.Join(",", Enumerable.Repeat("0.5", 27)));

        var error = Assert.Throws<HiggsFormatException>(() => HiggsCsv.Read(path));

        Assert.Equal($"{path}:3: expected 29 comma-separated values (label + 28 features), found 28", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Read_NonNumericValue_ThrowsWithColumn()
    {
        var path = WriteLines(ValidLine().Replace("0,0.25,", "0,abc,", StringComparison.Ordinal));

        var error = Assert.Throws<HiggsFormatException>(() => HiggsCsv.Read(path));

        Assert.Equal($"{path}:1: column 2 ('abc') is not a number", error.Message);
    }

    [Fact]
    public void Read_NonFiniteValue_Throws()
    {
        var path = WriteLines(ValidLine(), ValidLine().Replace("0,0.25,", "0,NaN,", StringComparison.Ordinal));

        var error = Assert.Throws<HiggsFormatException>(() => HiggsCsv.Read(path));

        Assert.Equal($"{path}:2: column 2 ('NaN') is not finite", error.Message);
    }

    [Fact]
    public void Read_LabelNotZeroOrOne_Throws()
    {
        var path = WriteLines("2" + ValidLine()[1..]);

        var error = Assert.Throws<HiggsFormatException>(() => HiggsCsv.Read(path));

        Assert.Equal($"{path}:1: the label (column 1) must be 0 or 1, got 2", error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => HiggsCsv.Read(_directory.File("absent.csv")));
    }

    private static string ValidLine() => "0," + string.Join(",", Enumerable.Repeat("0.25", 28));

    private string WriteLines(params string[] lines)
    {
        var path = _directory.File("bad.csv");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
