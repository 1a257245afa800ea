using Goldstone.Trainer.Data;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.SoftSymmetry;

/// <summary>The events of one trial: training and test sets under the nominal tune, and the test set under the shifted tune.</summary>
/// <param name="Train">Nominal training events.</param>
/// <param name="Test">Nominal test events.</param>
/// <param name="ShiftedTest">The test events measured with the shifted tune (same labels), or null when not needed.</param>
public sealed record SoftSymmetryData(HiggsDataset Train, HiggsDataset Test, HiggsDataset? ShiftedTest)
{
    /// <summary>Seed stream of the generated training events.</summary>
    public const long TrainStream = 1;

    /// <summary>Seed stream of the generated test events (nominal and shifted share it: same events, two tunes).</summary>
    public const long TestStream = 2;

    /// <summary>Seed stream of the extra smearing applied to a file's test events.</summary>
    public const long FileTuneStream = 7;

    /// <summary>Generates the events, or reads them from <see cref="SoftSymmetryOptions.DataPath"/>: the first
    /// train_size events train, the next test_size test.</summary>
    /// <exception cref="TrialRequestException">The file is missing, malformed or too short.</exception>
    public static SoftSymmetryData Load(SoftSymmetryOptions options, long seed, bool withShifted)
    {
        var shiftedTune = DetectorTune.Shifted(options.ShiftScale);
        if (options.DataPath.Length == 0)
        {
            var breaking = options.GeneratorBreaking;
            return new SoftSymmetryData(
                HiggsGenerator.Generate(options.TrainSize, seed, TrainStream, DetectorTune.Nominal, breaking),
                HiggsGenerator.Generate(options.TestSize, seed, TestStream, DetectorTune.Nominal, breaking),
                withShifted ? HiggsGenerator.Generate(options.TestSize, seed, TestStream, shiftedTune, breaking) : null);
        }

        var needed = options.TrainSize + options.TestSize;
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
            throw new TrialRequestException(
                $"params.data_path: {options.DataPath} has {file.Count} events; train_size + test_size need {needed}");
        var test = file.Slice(options.TrainSize, options.TestSize);
        return new SoftSymmetryData(file.Slice(0, options.TrainSize), test,
            withShifted ? HiggsSymmetries.ApplyTune(test, shiftedTune, seed, FileTuneStream) : null);
    }
}
