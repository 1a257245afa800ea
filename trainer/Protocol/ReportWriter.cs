using System.Text.Json;
using Goldstone.Schema.Protocol;
using static TorchSharp.torch;

namespace Goldstone.Trainer.Protocol;

/// <summary>Where a kind reports progress: one JSON line per event on the trainer's stdout.</summary>
public interface ITrialReporter
{
    /// <summary>Reports the metrics at the end of an epoch (1-based).</summary>
    void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics);

    /// <summary>
    /// Reports the metrics at the end of an epoch and the training samples it processed (the silo turns them into
    /// samples per second of the epoch's wall time).
    /// </summary>
    /// <remarks>Reporters that only collect metrics (tests) see the metrics alone.</remarks>
    void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics, long samples) => Epoch(epoch, metrics);

    /// <summary>Reports that a checkpoint of the state after <paramref name="epoch"/> is complete on disk.</summary>
    /// <remarks>Reporters that only collect metrics (tests) have nothing to do with it.</remarks>
    void Checkpoint(int epoch)
    {
    }

    /// <summary>
    /// Reports a profile measured at the end of the trial, before its result: values over the grid <paramref name="x"/>
    /// (a line, <paramref name="y"/> empty) or <paramref name="x"/> × <paramref name="y"/> (a plane, row by row, one row per
    /// y value). The silo keeps at most four per trial, each of at most 1024 values.
    /// </summary>
    /// <remarks>Reporters that only collect metrics (tests) may ignore it.</remarks>
    void Profile(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> values)
    {
    }

    /// <summary>Tells where the trial's model and data are, once, after the kind has put them on the trial's device
    /// (<see cref="Common.TrialDevice.RequirePlaced"/>); <paramref name="tensors"/> are valid during the call only.</summary>
    /// <remarks>The protocol has no line for it: the silo chose the device. Tests read the placement through it.</remarks>
    void Placed(Device device, IReadOnlyDictionary<string, Tensor> tensors)
    {
    }
}

/// <summary>Writes protocol lines, the schema's <see cref="ReportLine"/> records (<c>epoch</c>, <c>checkpoint</c>, <c>profile</c>,
/// <c>result</c> and <c>error</c>); nothing else goes to stdout.</summary>
public sealed class ReportWriter(TextWriter output) : ITrialReporter
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics) => Write(new EpochLine(epoch, metrics));

    /// <inheritdoc />
    public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics, long samples) => Write(new EpochLine(epoch, metrics, samples));

    /// <inheritdoc />
    public void Checkpoint(int epoch) => Write(new CheckpointLine(epoch));

    /// <inheritdoc />
    public void Profile(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> values) =>
        Write(new ProfileLine(name, x, y, values));

    /// <summary>Reports the final metrics of the attempt.</summary>
    public void Result(IReadOnlyDictionary<string, double> metrics) => Write(new ResultLine(metrics));

    /// <summary>Reports why the attempt failed.</summary>
    public void Error(string message) => Write(new ErrorLine(message));

    private void Write<T>(T line) where T : ReportLine
    {
        // The concrete type, so that its own properties are written (a ReportLine would write only the type).
        var json = JsonSerializer.Serialize(line, ProtocolJson.Options);
        lock (_gate)
        {
            output.Write(json);
            output.Write('\n');
            output.Flush();
        }
    }
}
