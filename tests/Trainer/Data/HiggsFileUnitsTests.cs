using Goldstone.Trainer.Data;
using Goldstone.Tests.Trainer.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Goldstone.Tests.Trainer.Data;

/// <summary>
/// The symmetries on rows in the UCI file's own units: the first two events of the HIGGS file (azimuths stored as
/// φ / 1.8, b-tags at each jet's levels, written as the file writes them), read back with the loader.
/// </summary>
public sealed class HiggsFileUnitsTests : IDisposable
{
    // Rows 1 and 2 of HIGGS.csv: label, then lepton (pT, η, φ), missing energy (magnitude, φ), four jets (pT, η, φ,
    // b-tag) and seven masses. Jet 2's loose tag, jet 1's tight tag and jet 4's tight tag are at their own levels.
    private static readonly string[] FileRows =
    [
        "1.000000000000000000e+00,0.869293,-0.635082,0.225690,0.327470,-0.689993,0.754202,-0.248573,-1.092064,0.0,"
        + "1.374992,-0.653674,0.930349,1.107436060905456543e+00,1.138904,-1.578198,-1.046985,0.0,"
        + "0.657930,-0.010455,-0.045767,3.101961374282836914e+00,1.353760,0.979563,0.978076,0.920005,0.721657,0.988751,0.876678",
        "1.000000000000000000e+00,1.595839,-0.607811,0.007075,1.818450,-0.111906,0.847550,-0.566437,1.581239,2.173076152801513672e+00,"
        + "0.755421,0.643110,1.426367,0.0,0.921661,-1.190432,-1.615589,0.0,"
        + "0.651114,-0.654227,-1.274345,3.101961374282836914e+00,0.823761,0.938191,0.971758,0.789176,0.430553,0.961357,0.957818",
    ];

    // Azimuth columns in file order: lepton, missing energy, jets 1-4.
    private static readonly float[][] StoredPhi =
    [
        [0.225690f, -0.689993f, -1.092064f, 0.930349f, -1.046985f, -0.045767f],
        [0.007075f, -0.111906f, 1.581239f, 1.426367f, -1.615589f, -1.274345f],
    ];

    // By hand, in file units: a rotation by π/2 adds (π/2)/1.8 = 0.872665; a value that passes π/1.8 = 1.745329
    // (φ past +π) comes back 2π/1.8 = 3.490659 lower. Jet 2 of row 1: 0.930349 + 0.872665 − 3.490659 = −1.687645;
    // jets 1 and 2 of row 2: 1.581239 → −1.036755 and 1.426367 → −1.191627.
    private static readonly float[][] RotatedByHalfPi =
    [
        [1.098355f, 0.182672f, -0.219399f, -1.687645f, -0.174320f, 0.826898f],
        [0.879740f, 0.760759f, -1.036755f, -1.191627f, -0.742924f, -0.401680f],
    ];

    // By −π/2: subtract 0.872665; below −1.745329 (φ past −π) add 3.490659. Jet 3 of row 2: −1.615589 − 0.872665
    // + 3.490659 = 1.002405; jet 4 of row 2: −1.274345 → 1.343649; missing energy of row 1: −0.689993 → −1.562658.
    private static readonly float[][] RotatedByMinusHalfPi =
    [
        [-0.646975f, -1.562658f, 1.525930f, 0.057684f, 1.571009f, -0.918432f],
        [-0.865590f, -0.984571f, 0.708574f, 0.553702f, 1.002405f, 1.343649f],
    ];

    private readonly TempDirectory _directory = new();

    public HiggsFileUnitsTests() => TorchTestSetup.Ensure();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_FileRows_KeepsTheFilesUnits()
    {
        var data = ReadFileRows();

        Assert.Equal([1f, 1f], data.Labels);
        for (var row = 0; row < 2; row++)
            Assert.Equal(StoredPhi[row], HiggsFeatures.PhiColumns.Select(c => data[row, c]));
        Assert.Equal([0f, 1.1074360609054565f, 0f, 3.101961374282837f], HiggsFeatures.BTagColumns.Select(c => data[0, c]));
        Assert.Equal([2.1730761528015137f, 0f, 0f, 3.101961374282837f], HiggsFeatures.BTagColumns.Select(c => data[1, c]));
    }

    [Theory]
    [InlineData(Math.PI / 2)]
    [InlineData(-Math.PI / 2)]
    public void Rotate_FileRows_AddsTheAngleInRadiansAndWrapsAtPlusMinusPi(double alpha)
    {
        using var scope = torch.NewDisposeScope();
        var data = ReadFileRows();
        var x = data.FeatureTensor();

        var rotated = HiggsSymmetries.Rotate(x, torch.full([2], alpha));

        var expected = alpha > 0 ? RotatedByHalfPi : RotatedByMinusHalfPi;
        for (var row = 0; row < 2; row++)
            for (var k = 0; k < HiggsFeatures.PhiColumns.Length; k++)
                Assert.Equal(expected[row][k], rotated[row, HiggsFeatures.PhiColumns[k]].item<float>(), 2e-6f);
        AssertOnlyAzimuthsMoved(x, rotated);
    }

    [Fact]
    public void Rotate_FileRowsByTwoPi_IsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = ReadFileRows().FeatureTensor();

        var rotated = HiggsSymmetries.Rotate(x, torch.full([2], 2 * Math.PI));

        // Up to float rounding of φ·1.8 + 2π and back.
        Assert.True((rotated - x).abs().max().item<float>() < 2e-6f);
        AssertOnlyAzimuthsMoved(x, rotated);
    }

    [Fact]
    public void FlipEta_FileRows_NegatesEtaAndKeepsEveryOtherColumnAndTheBTagLevels()
    {
        using var scope = torch.NewDisposeScope();
        var data = ReadFileRows();
        var x = data.FeatureTensor();

        var flipped = HiggsSymmetries.FlipEta(x);

        Assert.Equal(0.635082f, flipped[0, HiggsFeatures.LeptonEta].item<float>());
        Assert.Equal(-0.643110f, flipped[1, HiggsFeatures.JetPt(1) + 1].item<float>());
        var others = Enumerable.Range(0, HiggsFeatures.Count).Except(HiggsFeatures.EtaColumns).Select(c => (long)c).ToArray();
        Assert.True(flipped.index_select(1, torch.tensor(others)).eq(x.index_select(1, torch.tensor(others))).all().item<bool>());
    }

    [Fact]
    public void Read_AzimuthInRadians_ThrowsNamingTheColumnAndTheFilesScale()
    {
        var path = _directory.File("radians.csv");
        File.WriteAllText(path, FileRows[0].Replace(",0.930349,", ",2.9,", StringComparison.Ordinal) + "\n");

        var error = Assert.Throws<HiggsFormatException>(() => HiggsCsv.Read(path));

        Assert.Equal($"{path}:1: column 13 (jet2_phi = 2.9) is outside ±1.7453: the HIGGS format stores azimuths as radians / 1.8", error.Message);
    }

    [Fact]
    public void Generate_Events_GoThroughTheSameTransformsAsFileRows()
    {
        using var scope = torch.NewDisposeScope();
        var generated = HiggsGenerator.Generate(200, 4, 1, DetectorTune.Nominal);
        var path = _directory.File("generated.csv");
        HiggsCsv.Write(path, generated);
        var x = HiggsCsv.Read(path).FeatureTensor();

        var rotated = HiggsSymmetries.Rotate(x, torch.full([200], Math.PI));

        // A rotation by π moves every stored azimuth by exactly half the file's range, π / 1.8, modulo 2π / 1.8.
        var phi = torch.tensor(HiggsFeatures.PhiColumns.Select(c => (long)c).ToArray());
        var moved = (rotated.index_select(1, phi) - x.index_select(1, phi)).abs();
        Assert.True((moved - HiggsFeatures.PhiBound).abs().max().item<float>() < 2e-6f);
        AssertOnlyAzimuthsMoved(x, rotated);
    }

    private HiggsDataset ReadFileRows()
    {
        var path = _directory.File("higgs-rows.csv");
        File.WriteAllText(path, string.Join("\n", FileRows) + "\n");
        return HiggsCsv.Read(path);
    }

    /// <summary>pT, η, missing energy, b-tags and masses are bit-identical; every b-tag stays at its jet's levels.</summary>
    private static void AssertOnlyAzimuthsMoved(Tensor before, Tensor after)
    {
        var others = Enumerable.Range(0, HiggsFeatures.Count).Except(HiggsFeatures.PhiColumns).Select(c => (long)c).ToArray();
        Assert.True(after.index_select(1, torch.tensor(others)).eq(before.index_select(1, torch.tensor(others))).all().item<bool>());
        for (var row = 0; row < after.shape[0]; row++)
            for (var jet = 0; jet < HiggsFeatures.JetCount; jet++)
                Assert.Contains(after[row, HiggsFeatures.BTagColumns[jet]].item<float>(), HiggsFeatures.BTagLevels[jet]);
    }
}
