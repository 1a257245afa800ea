using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Goldstone.Contracts;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Goldstone.Silo.Hosting;

/// <summary>
/// Membership, grain state and reminders of the cluster providers, and the membership timing that declares a dead
/// silo within about ten seconds. <see cref="GoldstoneSiloExtensions.AddGoldstoneSilo"/> picks one by configuration.
/// </summary>
public static class ClusterProviders
{
    /// <summary>The ADO.NET invariant of PostgreSQL (Npgsql, loaded by Orleans through reflection).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Membership, grain state and reminders in PostgreSQL through Orleans' ADO.NET providers.</summary>
    public static void UsePostgres(ISiloBuilder silo, string connectionString)
    {
        // Referenced so that the package is copied beside the silo: Orleans finds the provider by its invariant.
        _ = typeof(Npgsql.NpgsqlFactory);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        // Orleans' binary serializer, as on SQLite and Azure: the ADO.NET default (JSON with type names) cannot read
        // back the compiler's collection types in trial configs.
        silo.AddAdoNetGrainStorage(GoldstoneNames.Storage, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Membership and reminders in Azure Table storage; grain state in Blob storage, which fits every state (Table
    /// storage holds about 960 KiB per state, and a shard, a long trial and the registry each pass that:
    /// docs/architecture.md), written with Orleans' binary serializer, as on SQLite.
    /// </summary>
    public static void UseAzure(ISiloBuilder silo, string connectionString)
    {
        silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        silo.AddAzureBlobGrainStorage(GoldstoneNames.Storage, (OptionsBuilder<AzureBlobStorageOptions> options) => options.Configure<Serializer>((o, serializer) =>
        {
            o.BlobServiceClient = new BlobServiceClient(connectionString);
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString));
    }

    /// <summary>Membership timing for about ten seconds from a silo's death to its declaration (DESIGN.md, cluster facts).</summary>
    public static void TuneFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(2);
        o.NumMissedProbesLimit = 3;
        o.NumVotesForDeathDeclaration = 2;
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(45);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
    }
}
