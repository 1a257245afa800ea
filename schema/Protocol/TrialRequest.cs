using System.Text.Json;
using System.Text.Json.Serialization;

namespace Goldstone.Schema.Protocol;

/// <summary>One trial attempt, as the silo writes it to the trainer's stdin (a single JSON object in
/// <see cref="ProtocolJson.Options"/>): the silo serialises this record and the trainer reads it back.</summary>
public sealed record TrialRequest
{
    /// <summary>Trial kind, e.g. <c>soft_symmetry</c> or <c>synthetic</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Campaign name; used only in messages.</summary>
    public string Campaign { get; init; } = "";

    /// <summary>Index of the trial inside its campaign.</summary>
    public int Trial { get; init; }

    /// <summary>Attempt number, from 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The trial seed: every random choice of the run derives from it.</summary>
    public long Seed { get; init; }

    /// <summary>Number of training epochs.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Intra-op threads for torch (deterministic for a fixed count).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// GPUs the silo gave the attempt; 0 (the default, also when absent) trains on the CPU. The silo names the devices
    /// in the trainer's CUDA_VISIBLE_DEVICES, so the trainer sees them as 0 … N − 1; it trains on the first alone
    /// (the trainer's <c>TrialDevice</c>).
    /// </summary>
    public int Gpus { get; init; }

    /// <summary>Hyperparameters of the point: numbers, strings or booleans.</summary>
    public Dictionary<string, JsonElement> Params { get; init; } = new();

    /// <summary>Metrics the spec asks for; the kind computes these (they cost time).</summary>
    public List<string> Metrics { get; init; } = new();

    /// <summary>A directory the attempt may write to (logs, scratch); may be empty.</summary>
    public string? WorkDir { get; init; }

    /// <summary>Where the trial keeps its checkpoints across attempts; none when empty.</summary>
    public string? CheckpointDir { get; init; }

    /// <summary>Checkpoint after every this many epochs (and after the last); 1 when absent.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>Complete checkpoints kept in <see cref="CheckpointDir"/>, the newest; 2 when absent.</summary>
    public int CheckpointKeep { get; init; } = 2;

    /// <summary>True when the attempt should continue from the latest checkpoint of an earlier attempt.</summary>
    public bool Resume { get; init; }
}

/// <summary>JSON settings shared by both ends of the protocol.</summary>
public static class ProtocolJson
{
    /// <summary>snake_case names, NaN and infinities as named literals.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
