namespace Goldstone.Silo.Hosting;

/// <summary>Options of a Goldstone silo, section <c>Goldstone</c> (environment: <c>Goldstone__…</c>).</summary>
public sealed class GoldstoneOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Goldstone";

    /// <summary>Default data directory, relative to the working directory.</summary>
    public const string DefaultDataDir = ".goldstone";

    /// <summary>Default silo-to-silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Default client gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Where grain state (SQLite), campaign outputs and trial logs live. Default: <c>./.goldstone</c>.</summary>
    public string DataDir { get; set; } = DefaultDataDir;

    /// <summary>Silo-to-silo port. Default: 11111.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Port clients (the CLI) connect to. Default: 30000.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Grain storage.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The worker that runs trainer processes.</summary>
    public WorkerOptions Worker { get; set; } = new();
}

/// <summary>Grain storage options, section <c>Goldstone:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The embedded provider: a SQLite file in the data directory.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Providers this build supports.</summary>
    public static readonly string[] Providers = [Sqlite];

    /// <summary>Which provider stores grain state. Default: <c>sqlite</c>.</summary>
    public string Provider { get; set; } = Sqlite;
}

/// <summary>Worker options, section <c>Goldstone:Worker</c>.</summary>
public sealed class WorkerOptions
{
    /// <summary>Default of <see cref="TrialsPerProcess"/>.</summary>
    public const int DefaultTrialsPerProcess = 5000;

    /// <summary>Default of <see cref="TrainerMemoryLimitMb"/>.</summary>
    public const int DefaultTrainerMemoryLimitMb = 4096;

    /// <summary>False on a silo that only hosts grains. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Slots of this silo (GPUs, or CPU slots); 0 means cores ÷ <see cref="ThreadsPerTrial"/>. Default: 0.</summary>
    public int Slots { get; set; }

    /// <summary>Threads one trial is expected to use, for the automatic slot count. Default: 1.</summary>
    public int ThreadsPerTrial { get; set; } = 1;

    /// <summary>How often an idle worker asks the scheduler for work. Default: 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often leases are renewed; keep well below the scheduler's lease duration. Default: 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Trials a warm trainer process runs before it is replaced by a fresh one; 1 starts a fresh process per trial.
    /// Default: 5000.
    /// </summary>
    public int TrialsPerProcess { get; set; } = DefaultTrialsPerProcess;

    /// <summary>
    /// Resident memory (MiB) above which a trainer process is replaced after its trial; 0 means no limit.
    /// Default: 4096.
    /// </summary>
    public int TrainerMemoryLimitMb { get; set; } = DefaultTrainerMemoryLimitMb;

    /// <summary>The trainer assembly (<c>Goldstone.Trainer.dll</c>); empty means next to the silo's own assemblies.</summary>
    public string TrainerPath { get; set; } = "";

    /// <summary>The trainer assembly this worker starts: <see cref="TrainerPath"/>, or Goldstone.Trainer.dll beside this program.</summary>
    public string EffectiveTrainerPath => TrainerPath.Length > 0 ? TrainerPath : Path.Combine(AppContext.BaseDirectory, "Goldstone.Trainer.dll");

    /// <summary>The slot count this worker uses.</summary>
    public int EffectiveSlots => Slots > 0 ? Slots : Math.Max(1, Environment.ProcessorCount / Math.Max(1, ThreadsPerTrial));
}

/// <summary>Checks options at start-up and names every bad key with how to fix it.</summary>
public static class GoldstoneOptionsValidator
{
    /// <summary>Every problem, one line each; empty when the options are valid.</summary>
    public static IReadOnlyList<string> Validate(GoldstoneOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
            errors.Add("Goldstone:DataDir (--data-dir, Goldstone__DataDir) is empty: give a directory path");
        if (options.SiloPort is < 0 or > 65535)
            errors.Add($"Goldstone:SiloPort (--port, Goldstone__SiloPort) is {options.SiloPort}: use 0-65535");
        if (options.GatewayPort is < 0 or > 65535)
            errors.Add($"Goldstone:GatewayPort (--gateway-port, Goldstone__GatewayPort) is {options.GatewayPort}: use 0-65535");
        if (options.SiloPort == options.GatewayPort && options.SiloPort != 0)
            errors.Add($"Goldstone:SiloPort and Goldstone:GatewayPort are both {options.SiloPort}: use two different ports");
        if (!StorageOptions.Providers.Contains(options.Storage.Provider, StringComparer.Ordinal))
            errors.Add($"Goldstone:Storage:Provider (Goldstone__Storage__Provider) is '{options.Storage.Provider}': allowed: {string.Join(", ", StorageOptions.Providers)}");
        if (options.Worker.Slots < 0)
            errors.Add($"Goldstone:Worker:Slots (--slots, Goldstone__Worker__Slots) is {options.Worker.Slots}: use 0 (automatic) or more");
        if (options.Worker.ThreadsPerTrial < 1)
            errors.Add($"Goldstone:Worker:ThreadsPerTrial (Goldstone__Worker__ThreadsPerTrial) is {options.Worker.ThreadsPerTrial}: use 1 or more");
        if (options.Worker.PollInterval <= TimeSpan.Zero)
            errors.Add("Goldstone:Worker:PollInterval (Goldstone__Worker__PollInterval) must be positive, e.g. 00:00:00.5");
        if (options.Worker.HeartbeatInterval <= TimeSpan.Zero)
            errors.Add("Goldstone:Worker:HeartbeatInterval (Goldstone__Worker__HeartbeatInterval) must be positive, e.g. 00:00:05");
        if (options.Worker.TrialsPerProcess < 1)
            errors.Add($"Goldstone:Worker:TrialsPerProcess (Goldstone__Worker__TrialsPerProcess) is {options.Worker.TrialsPerProcess}: use 1 (a fresh trainer per trial) or more");
        if (options.Worker.TrainerMemoryLimitMb < 0)
            errors.Add($"Goldstone:Worker:TrainerMemoryLimitMb (Goldstone__Worker__TrainerMemoryLimitMb) is {options.Worker.TrainerMemoryLimitMb}: use 0 (no limit) or a size in MiB");
        if (options.Worker.Enabled && !File.Exists(options.Worker.EffectiveTrainerPath))
            errors.Add(options.Worker.TrainerPath.Length > 0
                ? $"Goldstone:Worker:TrainerPath (Goldstone__Worker__TrainerPath) '{options.Worker.TrainerPath}' does not exist: give the path of Goldstone.Trainer.dll"
                : $"the trainer {options.Worker.EffectiveTrainerPath} is missing: build the solution, or set Goldstone:Worker:TrainerPath (Goldstone__Worker__TrainerPath)");
        return errors;
    }
}

/// <summary>Options that failed validation; the message lists every problem.</summary>
public sealed class GoldstoneConfigurationException(IReadOnlyList<string> errors)
    : Exception("invalid configuration:\n  " + string.Join("\n  ", errors))
{
    /// <summary>Each problem, one line.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
