using Goldstone.Trainer.Data;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>
/// The events of one trial: training and test sets under the nominal tune, the test set under the shifted tune, and
/// the distillation students' transfer set.
/// </summary>
/// <param name="Train">Nominal training events.</param>
/// <param name="Test">Nominal test events.</param>
/// <param name="ShiftedTest">The test events measured with the shifted tune (same labels), or null when not needed.</param>
/// <param name="Transfer">Nominal events the students learn from, none of them a training event; null when not needed.</param>
public sealed record SoftSymmetryData(HiggsDataset Train, HiggsDataset Test, HiggsDataset? ShiftedTest, HiggsDataset? Transfer = null)
{
    /// <summary>Seed stream of the generated training events.</summary>
    public const long TrainStream = 1;

    /// <summary>Seed stream of the generated test events (nominal and shifted share it: same events, two tunes).</summary>
    public const long TestStream = 2;

    /// <summary>Seed stream of the extra smearing applied to a file's test events.</summary>
    public const long FileTuneStream = 7;

    /// <summary>
    /// Seed stream of the generated transfer set. A generated event is a function of its key (seed, stream, index)
    /// alone, and no transfer key is a training key (stream 12 against stream 1), so no transfer event is drawn from
    /// the teacher's training events: the two sets are apart by construction, not by checking.
    /// </summary>
    public const long TransferStream = 12;

    /// <summary>Generates the events, or reads them from <see cref="SoftSymmetryOptions.DataPath"/>: the first
    /// train_size events train, the next test_size test, and (when asked for) the next distill_transfer_size are the
    /// transfer set; disjoint row ranges, so a file's transfer rows are never its training rows either.</summary>
    /// <exception cref="TrialRequestException">The file is missing, malformed or too short.</exception>
    public static SoftSymmetryData Load(SoftSymmetryOptions options, long seed, bool withShifted, bool withTransfer = false)
    {
        var shiftedTune = DetectorTune.Shifted(options.ShiftScale);
        if (options.DataPath.Length == 0)
        {
            var breaking = options.GeneratorBreaking;
            return new SoftSymmetryData(
                HiggsGenerator.Generate(options.TrainSize, seed, TrainStream, DetectorTune.Nominal, breaking),
                HiggsGenerator.Generate(options.TestSize, seed, TestStream, DetectorTune.Nominal, breaking),
                withShifted ? HiggsGenerator.Generate(options.TestSize, seed, TestStream, shiftedTune, breaking) : null,
                withTransfer ? HiggsGenerator.Generate(options.DistillTransferSize, seed, TransferStream, DetectorTune.Nominal, breaking) : null);
        }

        var needed = options.TrainSize + options.TestSize + (withTransfer ? options.DistillTransferSize : 0);
        HiggsDataset file;
        try
        {
            file = HiggsCsv.Read(options.DataPath, needed);
        }
        catch (Exception e) when (e is HiggsFormatException or IOException or UnauthorizedAccessException)
        {
            throw new TrialRequestException($"params.data_path: {e.Message}");
        }
        if (file.Count < needed)
            throw new TrialRequestException(withTransfer
                ? $"params.data_path: {options.DataPath} has {file.Count} events; train_size + test_size + distill_transfer_size need {needed} "
                  + "(the distillation students learn from events apart from the teacher's)"
                : $"params.data_path: {options.DataPath} has {file.Count} events; train_size + test_size need {needed}");
        var test = file.Slice(options.TrainSize, options.TestSize);
        return new SoftSymmetryData(file.Slice(0, options.TrainSize), test,
            withShifted ? HiggsSymmetries.ApplyTune(test, shiftedTune, seed, FileTuneStream) : null,
            withTransfer ? file.Slice(options.TrainSize + options.TestSize, options.DistillTransferSize) : null);
    }
}
