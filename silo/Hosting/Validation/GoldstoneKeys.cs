using Goldstone.Grains;

namespace Goldstone.Silo.Hosting.Validation;

/// <summary>
/// Every key the validators name, with the flag of <c>goldstone silo</c> and <c>goldstone run</c> that sets it
/// (<c>client/Parsing/CliOptions</c>, <c>SiloCommand</c>); a key without a flag is set only by configuration.
/// </summary>
public static class GoldstoneKeys
{
    private const string Root = GoldstoneOptions.Section;

    /// <summary><c>Goldstone:DataDir</c>, <c>--data-dir</c>.</summary>
    public static readonly OptionKey DataDir = new($"{Root}:{nameof(GoldstoneOptions.DataDir)}", "--data-dir");

    /// <summary><c>Goldstone:SiloPort</c>, <c>--port</c>.</summary>
    public static readonly OptionKey SiloPort = new($"{Root}:{nameof(GoldstoneOptions.SiloPort)}", "--port");

    /// <summary><c>Goldstone:GatewayPort</c>, <c>--gateway-port</c>.</summary>
    public static readonly OptionKey GatewayPort = new($"{Root}:{nameof(GoldstoneOptions.GatewayPort)}", "--gateway-port");

    /// <summary><c>Goldstone:Storage:Provider</c>.</summary>
    public static readonly OptionKey StorageProvider = new($"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}");

    /// <summary><c>Goldstone:Cluster:Provider</c>, <c>--cluster</c>.</summary>
    public static readonly OptionKey ClusterProvider = new($"{ClusterOptions.Section}:{nameof(ClusterOptions.Provider)}", "--cluster");

    /// <summary><c>Goldstone:Cluster:ConnectionString</c>, <c>--connection</c>.</summary>
    public static readonly OptionKey ClusterConnectionString = new($"{ClusterOptions.Section}:{nameof(ClusterOptions.ConnectionString)}", "--connection");

    /// <summary><c>Goldstone:Cluster:ConnectionStringFile</c>.</summary>
    public static readonly OptionKey ClusterConnectionStringFile = new($"{ClusterOptions.Section}:{nameof(ClusterOptions.ConnectionStringFile)}");

    /// <summary><c>Goldstone:Cluster:ClusterId</c>.</summary>
    public static readonly OptionKey ClusterId = new($"{ClusterOptions.Section}:{nameof(ClusterOptions.ClusterId)}");

    /// <summary><c>Goldstone:Cluster:ServiceId</c>.</summary>
    public static readonly OptionKey ServiceId = new($"{ClusterOptions.Section}:{nameof(ClusterOptions.ServiceId)}");

    /// <summary><c>Goldstone:Cluster:AdvertisedAddress</c>.</summary>
    public static readonly OptionKey AdvertisedAddress = new($"{ClusterOptions.Section}:{nameof(ClusterOptions.AdvertisedAddress)}");

    /// <summary><c>Goldstone:Http:Port</c>, <c>--http-port</c>.</summary>
    public static readonly OptionKey HttpPort = new($"{HttpOptions.Section}:{nameof(HttpOptions.Port)}", "--http-port");

    /// <summary><c>Goldstone:Dashboard:Enabled</c>.</summary>
    public static readonly OptionKey DashboardEnabled = new($"{DashboardOptions.Section}:{nameof(DashboardOptions.Enabled)}");

    /// <summary><c>Goldstone:Dashboard:Path</c>.</summary>
    public static readonly OptionKey DashboardPath = new($"{DashboardOptions.Section}:{nameof(DashboardOptions.Path)}");

    /// <summary><c>Goldstone:Checkpoints:Provider</c>.</summary>
    public static readonly OptionKey CheckpointsProvider = new($"{CheckpointOptions.Section}:{nameof(CheckpointOptions.Provider)}");

    /// <summary><c>Goldstone:Checkpoints:Container</c>.</summary>
    public static readonly OptionKey CheckpointsContainer = new($"{CheckpointOptions.Section}:{nameof(CheckpointOptions.Container)}");

    /// <summary><c>Goldstone:Checkpoints:ConnectionString</c>.</summary>
    public static readonly OptionKey CheckpointsConnectionString = new($"{CheckpointOptions.Section}:{nameof(CheckpointOptions.ConnectionString)}");

    /// <summary><c>Goldstone:Checkpoints:ConnectionStringFile</c>.</summary>
    public static readonly OptionKey CheckpointsConnectionStringFile = new($"{CheckpointOptions.Section}:{nameof(CheckpointOptions.ConnectionStringFile)}");

    /// <summary><c>Goldstone:Tls:CertificateFile</c>.</summary>
    public static readonly OptionKey TlsCertificateFile = new($"{TlsOptions.Section}:{nameof(TlsOptions.CertificateFile)}");

    /// <summary><c>Goldstone:Tls:CertificatePasswordFile</c>.</summary>
    public static readonly OptionKey TlsCertificatePasswordFile = new($"{TlsOptions.Section}:{nameof(TlsOptions.CertificatePasswordFile)}");

    /// <summary><c>Goldstone:Worker:Slots</c>, <c>--slots</c>.</summary>
    public static readonly OptionKey Slots = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.Slots)}", "--slots");

    /// <summary><c>Goldstone:Worker:Gpus</c>, <c>--gpus</c>.</summary>
    public static readonly OptionKey Gpus = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.Gpus)}", "--gpus");

    /// <summary><c>Goldstone:Worker:ThreadsPerTrial</c>.</summary>
    public static readonly OptionKey ThreadsPerTrial = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.ThreadsPerTrial)}");

    /// <summary><c>Goldstone:Worker:DrainTimeout</c>.</summary>
    public static readonly OptionKey DrainTimeout = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.DrainTimeout)}");

    /// <summary><c>Goldstone:Worker:PollInterval</c>.</summary>
    public static readonly OptionKey PollInterval = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.PollInterval)}");

    /// <summary><c>Goldstone:Worker:HeartbeatInterval</c>.</summary>
    public static readonly OptionKey HeartbeatInterval = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.HeartbeatInterval)}");

    /// <summary><c>Goldstone:Worker:TrialsPerProcess</c>.</summary>
    public static readonly OptionKey TrialsPerProcess = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.TrialsPerProcess)}");

    /// <summary><c>Goldstone:Worker:TrainerMemoryLimitMb</c>.</summary>
    public static readonly OptionKey TrainerMemoryLimitMb = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.TrainerMemoryLimitMb)}");

    /// <summary><c>Goldstone:Worker:TrainerPath</c>.</summary>
    public static readonly OptionKey TrainerPath = new($"{WorkerOptions.Section}:{nameof(WorkerOptions.TrainerPath)}");

    /// <summary><c>Goldstone:Scheduler:LeaseDuration</c>.</summary>
    public static readonly OptionKey LeaseDuration = new($"{SchedulerOptions.Section}:{nameof(SchedulerOptions.LeaseDuration)}");
}
