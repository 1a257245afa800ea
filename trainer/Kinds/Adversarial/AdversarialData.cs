using Goldstone.Trainer.Kinds.Adversarial.Data;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Trainer.Kinds.Adversarial;

/// <summary>The jets of one trial: training, validation and test sets of the nominal tune, and the shifted test set
/// (generated: the same hard processes and labels as the test jets under the shifted tune; or read from a file).</summary>
/// <param name="Train">Nominal training jets.</param>
/// <param name="Validation">Nominal jets for the per-epoch val_auc.</param>
/// <param name="Test">Nominal test jets.</param>
/// <param name="ShiftedTest">The shifted test jets, or null when no metric needs them.</param>
public sealed record AdversarialData(JetSet Train, JetSet Validation, JetSet Test, JetSet? ShiftedTest)
{
    /// <summary>Seed stream of the training jets.</summary>
    public const long TrainStream = 1;

    /// <summary>Seed stream of the test jets (both tunes).</summary>
    public const long TestStream = 2;

    /// <summary>Seed stream of the validation jets.</summary>
    public const long ValidationStream = 3;

    /// <summary>Generates the sets from the trial seed, or reads them from <see cref="AdversarialOptions.DataPath"/> and
    /// <see cref="AdversarialOptions.ShiftDataPath"/>.</summary>
    /// <exception cref="TrialRequestException">A file is missing, malformed or too short, or the shift metrics need a
    /// shift_data_path that is not given.</exception>
    public static AdversarialData Load(AdversarialOptions options, long seed, int threads, bool withShifted)
    {
        JetSet? shifted = null;
        if (withShifted && options.ShiftDataPath.Length > 0) shifted = Read("shift_data_path", options.ShiftDataPath, options.TestSize);
        if (options.DataPath.Length == 0)
        {
            if (withShifted) shifted ??= JetGenerator.Generate(options.TestSize, seed, TestStream, JetTune.Shifted, threads);
            return new AdversarialData(
                JetGenerator.Generate(options.TrainSize, seed, TrainStream, JetTune.Nominal, threads),
                JetGenerator.Generate(options.ValSize, seed, ValidationStream, JetTune.Nominal, threads),
                JetGenerator.Generate(options.TestSize, seed, TestStream, JetTune.Nominal, threads),
                shifted);
        }
        if (withShifted && shifted is null)
            throw new TrialRequestException(
                "params.shift_data_path: the shift metrics (shift_auc, shift_gap, shift_bkg_rejection@) need a shifted test file when data_path is given "
                + "(allowed: a jet CSV file path, or leave both empty to generate)");
        var file = Read("data_path", options.DataPath, options.TrainSize + options.ValSize + options.TestSize);
        return new AdversarialData(file.Slice(0, options.TrainSize), file.Slice(options.TrainSize, options.ValSize),
            file.Slice(options.TrainSize + options.ValSize, options.TestSize), shifted);
    }

    private static JetSet Read(string parameter, string path, int needed)
    {
        JetSet jets;
        try
        {
            jets = JetCsv.Read(path, needed);
        }
        catch (Exception e) when (e is JetFormatException or IOException or UnauthorizedAccessException)
        {
            throw new TrialRequestException($"params.{parameter}: {e.Message}");
        }
        return jets.Count >= needed
            ? jets
            : throw new TrialRequestException($"params.{parameter}: {path} has {jets.Count} jets; the trial needs {needed} (allowed: a file with at least that many, or smaller sizes)");
    }
}
