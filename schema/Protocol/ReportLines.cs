using System.Text.Json.Serialization;

namespace Goldstone.Schema.Protocol;

/// <summary>
/// One line the trainer writes to stdout, a JSON object in <see cref="ProtocolJson.Options"/> whose <c>type</c> comes
/// first: <see cref="EpochLine"/>, <see cref="CheckpointLine"/>, <see cref="ProfileLine"/>,
/// <see cref="ResultLine"/> or <see cref="ErrorLine"/>.
/// </summary>
/// <param name="Type">The line's type: <c>epoch</c>, <c>checkpoint</c>, <c>profile</c>, <c>result</c> or <c>error</c>.</param>
public abstract record ReportLine([property: JsonPropertyOrder(-1)] string Type);

/// <summary>The metrics at the end of an epoch (1-based) and, when known, the training samples it processed (the silo
/// turns them into samples per second of the epoch's wall time).</summary>
public sealed record EpochLine(int Epoch, IReadOnlyDictionary<string, double> Metrics, long? Samples = null) : ReportLine("epoch");

/// <summary>A checkpoint of the state after <see cref="Epoch"/> is complete on disk.</summary>
public sealed record CheckpointLine(int Epoch) : ReportLine("checkpoint");

/// <summary>A profile measured at the end of the trial: <see cref="Values"/> over <see cref="X"/> (a line,
/// <see cref="Y"/> empty) or <see cref="X"/> × <see cref="Y"/> (a plane, one row per y value).</summary>
public sealed record ProfileLine(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double> Values) : ReportLine("profile");

/// <summary>The final metrics of the attempt.</summary>
public sealed record ResultLine(IReadOnlyDictionary<string, double> Metrics) : ReportLine("result");

/// <summary>Why the attempt failed.</summary>
public sealed record ErrorLine(string Message) : ReportLine("error");
