using Goldstone.Contracts;
using Goldstone.Grains;
using Goldstone.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace Goldstone.Tests.Unit.Storage;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private const string StateName = "campaign";

    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly GrainId Grain = GrainId.Create("campaign", "sweep");

    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "data", "goldstone.db");

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before the directory goes.
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private SqliteGrainStorage NewStorage() =>
        new(DatabasePath, new OrleansGrainStorageSerializer(Serializer), NullLogger<SqliteGrainStorage>.Instance);

    private static CampaignState State(string source, CampaignStatus status = CampaignStatus.Running) => new()
    {
        SpecText = "name: sweep\nkind: synthetic\n",
        Source = source,
        Status = status,
        CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
    };

    private static async Task<StoredCampaign> ReadAsync(SqliteGrainStorage storage, GrainId? grain = null)
    {
        var state = new StoredCampaign();
        await storage.ReadStateAsync(StateName, grain ?? Grain, state);
        return state;
    }

    private static async Task<StoredCampaign> WriteAsync(SqliteGrainStorage storage, CampaignState value, string? etag)
    {
        var state = new StoredCampaign { State = value, ETag = etag };
        await storage.WriteStateAsync(StateName, Grain, state);
        return state;
    }

    /// <summary>What a grain's persistent state holds; the state is never null, as after a read.</summary>
    private sealed class StoredCampaign : IGrainState<CampaignState>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public CampaignState State { get; set; } = null!;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }

    [Fact]
    public async Task ReadStateAsync_MissingRecord_GivesNoETagAndANewState()
    {
        var state = await ReadAsync(NewStorage());

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.NotNull(state.State);
        Assert.Null(state.State.SpecText);
        Assert.Equal(CampaignStatus.Unknown, state.State.Status);
        Assert.Null(state.State.SpecText);
    }

    [Fact]
    public async Task ReadStateAsync_MissingRecord_CreatesTheDatabaseAndItsDirectory()
    {
        var storage = NewStorage();

        await ReadAsync(storage);

        Assert.Equal(DatabasePath, storage.DatabasePath);
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task WriteStateAsync_ThenRead_RoundTripsTheState()
    {
        var storage = NewStorage();
        var written = await WriteAsync(storage, State("a.yaml"), etag: null);

        var read = await ReadAsync(storage);

        Assert.Equal(("1", true), (written.ETag, written.RecordExists));
        Assert.Equal(("1", true), (read.ETag, read.RecordExists));
        Assert.Equal("name: sweep\nkind: synthetic\n", read.State.SpecText);
        Assert.Equal("a.yaml", read.State.Source);
        Assert.Equal(CampaignStatus.Running, read.State.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), read.State.CreatedAt);
        Assert.Null(read.State.CompletedAt);
    }

    [Fact]
    public async Task WriteStateAsync_EachWrite_IncrementsTheETag()
    {
        var storage = NewStorage();
        var state = await WriteAsync(storage, State("v1"), etag: null);

        state.State = State("v2");
        await storage.WriteStateAsync(StateName, Grain, state);
        Assert.Equal("2", state.ETag);
        state.State = State("v3");
        await storage.WriteStateAsync(StateName, Grain, state);
        Assert.Equal("3", state.ETag);

        var read = await ReadAsync(storage);
        Assert.Equal(("3", "v3"), (read.ETag, read.State.Source));
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsAndKeepsTheFirstWrite()
    {
        var storage = NewStorage();
        await WriteAsync(storage, State("original"), etag: null);
        var first = await ReadAsync(storage);
        var second = await ReadAsync(storage);

        first.State = State("first");
        await storage.WriteStateAsync(StateName, Grain, first);
        second.State = State("second");
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, second));

        Assert.Equal("stale write of 'campaign' for campaign/sweep: the stored version is not 1", error.Message);
        Assert.Equal("1", second.ETag);
        var stored = await ReadAsync(storage);
        Assert.Equal(("2", "first"), (stored.ETag, stored.State.Source));
    }

    [Fact]
    public async Task WriteStateAsync_SecondFirstInsert_ThrowsAndKeepsTheFirstWritersValue()
    {
        var storage = NewStorage();
        await WriteAsync(storage, State("first writer"), etag: null);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, State("second writer"), etag: null));

        Assert.Equal("stale write of 'campaign' for campaign/sweep: the stored version is not absent", error.Message);
        var stored = await ReadAsync(storage);
        Assert.Equal(("1", "first writer"), (stored.ETag, stored.State.Source));
    }

    [Fact]
    public async Task WriteStateAsync_ETagOfADeletedRecord_Throws()
    {
        var storage = NewStorage();
        var state = await WriteAsync(storage, State("v1"), etag: null);
        var stale = new StoredCampaign { State = State("late"), ETag = state.ETag };
        await storage.ClearStateAsync(StateName, Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, stale));

        Assert.False((await ReadAsync(storage)).RecordExists);
    }

    [Fact]
    public async Task ClearStateAsync_CurrentETag_DeletesTheRecordAndResetsTheState()
    {
        var storage = NewStorage();
        var state = await WriteAsync(storage, State("v1"), etag: null);

        await storage.ClearStateAsync(StateName, Grain, state);

        Assert.Equal((null, false), (state.ETag, state.RecordExists));
        Assert.Null(state.State.Source);
        var read = await ReadAsync(storage);
        Assert.Equal((null, false), (read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task ClearStateAsync_StaleETag_ThrowsAndKeepsTheRecord()
    {
        var storage = NewStorage();
        var stale = await WriteAsync(storage, State("v1"), etag: null);
        var current = await ReadAsync(storage);
        current.State = State("v2");
        await storage.WriteStateAsync(StateName, Grain, current);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain, stale));

        Assert.Equal("stale clear of 'campaign' for campaign/sweep: the stored version is not 1", error.Message);
        var stored = await ReadAsync(storage);
        Assert.Equal(("2", "v2"), (stored.ETag, stored.State.Source));
    }

    [Fact]
    public async Task ClearStateAsync_ThenFirstInsert_StartsAgainAtVersionOne()
    {
        var storage = NewStorage();
        var state = await WriteAsync(storage, State("v1"), etag: null);
        await storage.ClearStateAsync(StateName, Grain, state);

        var again = await WriteAsync(storage, State("again"), etag: null);

        Assert.Equal("1", again.ETag);
        Assert.Equal("again", (await ReadAsync(storage)).State.Source);
    }

    [Fact]
    public async Task WriteStateAsync_OtherGrainOrStateName_IsAnotherRecord()
    {
        var storage = NewStorage();
        await WriteAsync(storage, State("sweep"), etag: null);
        var other = new StoredCampaign { State = State("other") };
        await storage.WriteStateAsync(StateName, GrainId.Create("campaign", "other"), other);
        var otherName = new StoredCampaign { State = State("other name") };
        await storage.WriteStateAsync("campaign-v2", Grain, otherName);

        Assert.Equal(("1", "sweep"), ((await ReadAsync(storage)).ETag, (await ReadAsync(storage)).State.Source));
        Assert.Equal("other", (await ReadAsync(storage, GrainId.Create("campaign", "other"))).State.Source);
        Assert.Equal(("1", "1"), (other.ETag, otherName.ETag));
    }

    [Fact]
    public async Task ReadStateAsync_NewStorageOnTheSameFile_SeesTheState()
    {
        var state = await WriteAsync(NewStorage(), State("v1"), etag: null);
        state.State = State("v2", CampaignStatus.Cancelled);
        await NewStorage().WriteStateAsync(StateName, Grain, state);
        SqliteConnection.ClearAllPools();

        var read = await ReadAsync(NewStorage());

        Assert.Equal(("2", true, "v2"), (read.ETag, read.RecordExists, read.State.Source));
        Assert.Equal(CampaignStatus.Cancelled, read.State.Status);
    }

    [Fact]
    public async Task WriteStateAsync_TwoStoragesOnTheSameFile_RejectTheStaleOne()
    {
        var first = NewStorage();
        var second = NewStorage();
        await WriteAsync(first, State("v1"), etag: null);
        var readByFirst = await ReadAsync(first);
        var readBySecond = await ReadAsync(second);

        readByFirst.State = State("from first");
        await first.WriteStateAsync(StateName, Grain, readByFirst);
        readBySecond.State = State("from second");

        await Assert.ThrowsAsync<InconsistentStateException>(() => second.WriteStateAsync(StateName, Grain, readBySecond));
        Assert.Equal("from first", (await ReadAsync(second)).State.Source);
    }
}
