using Goldstone.Trainer.Data;
using Goldstone.Trainer.Kinds.SoftSymmetry;
using Goldstone.Tests.Trainer.Native;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>The events of a soft_symmetry trial, in particular the distillation students' transfer set.</summary>
public sealed class SoftSymmetryDataTests
{
    private static readonly SoftSymmetryOptions Sizes = new() { TrainSize = 2000, TestSize = 500, DistillTransferSize = 2000 };

    [Fact]
    public void Load_Generated_TransferSetIsDeterministicAndSharesNoRowWithTheTrainingOrTestSet()
    {
        var data = SoftSymmetryData.Load(Sizes, seed: 3, withShifted: false, withTransfer: true);
        var again = SoftSymmetryData.Load(Sizes, seed: 3, withShifted: false, withTransfer: true);

        Assert.NotNull(data.Transfer);
        Assert.Equal(2000, data.Transfer.Count);
        Assert.Equal(data.Transfer.Features, again.Transfer!.Features);
        Assert.Equal(data.Transfer.Labels, again.Transfer.Labels);
        var seen = RowKeys(data.Train).Concat(RowKeys(data.Test)).ToHashSet();
        Assert.Equal(2500, seen.Count);
        Assert.DoesNotContain(RowKeys(data.Transfer), seen.Contains);
        // The same events as the transfer stream of the generator, labelled alike.
        Assert.Equal(HiggsGenerator.Generate(2000, 3, SoftSymmetryData.TransferStream, DetectorTune.Nominal).Features, data.Transfer.Features);
    }

    [Fact]
    public void Load_WithoutTransfer_LeavesItOutAndTheOtherSetsUnchanged()
    {
        var without = SoftSymmetryData.Load(Sizes, seed: 3, withShifted: false);
        var with = SoftSymmetryData.Load(Sizes, seed: 3, withShifted: false, withTransfer: true);

        Assert.Null(without.Transfer);
        Assert.Equal(without.Train.Features, with.Train.Features);
        Assert.Equal(without.Test.Features, with.Test.Features);
    }

    [Fact]
    public void Load_ApproximateLabels_RelabelTheTransferSetAlike()
    {
        var options = Sizes with { LabelSymmetry = LabelSymmetry.Approximate, SymmetryBreaking = 0.4 };

        var data = SoftSymmetryData.Load(options, seed: 3, withShifted: false, withTransfer: true);

        Assert.Equal(HiggsGenerator.Generate(2000, 3, SoftSymmetryData.TransferStream, DetectorTune.Nominal, 0.4).Labels, data.Transfer!.Labels);
        Assert.Equal(HiggsGenerator.Generate(2000, 3, SoftSymmetryData.TrainStream, DetectorTune.Nominal, 0.4).Labels, data.Train.Labels);
    }

    [Fact]
    public void Load_File_TransferRowsAreTheRowsAfterTheTestRows()
    {
        using var directory = new TempDirectory();
        var path = directory.File("higgs.csv");
        var file = HiggsGenerator.Generate(800, 9, 1, DetectorTune.Nominal);
        HiggsCsv.Write(path, file);
        var options = new SoftSymmetryOptions { DataPath = path, TrainSize = 300, TestSize = 200, DistillTransferSize = 250 };

        var data = SoftSymmetryData.Load(options, seed: 1, withShifted: false, withTransfer: true);

        Assert.Equal(file.Slice(0, 300).Features, data.Train.Features);
        Assert.Equal(file.Slice(500, 250).Features, data.Transfer!.Features);
        Assert.Equal(file.Slice(500, 250).Labels, data.Transfer.Labels);
        Assert.DoesNotContain(RowKeys(data.Transfer), RowKeys(data.Train).ToHashSet().Contains);
    }

    /// <summary>Each row's 28 features as one string of bit patterns: equal keys are bit-identical rows.</summary>
    private static IEnumerable<string> RowKeys(HiggsDataset data) =>
        Enumerable.Range(0, data.Count).Select(row =>
            string.Join(",", Enumerable.Range(0, HiggsFeatures.Count).Select(c => BitConverter.SingleToInt32Bits(data[row, c]).ToString("X8"))));
}
