using Goldstone.Silo.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Goldstone.Tests.Unit.Worker;

public sealed class GrainCallRetryTests
{
    [Fact]
    public async Task RunAsync_TwoStorageFailuresThenAnAnswer_ReturnsTheAnswerAfterThreeCalls()
    {
        var retry = new GrainCallRetry(TimeProvider.System, NullLogger.Instance);
        var calls = 0;

        var answer = await retry.RunAsync(() => ++calls < 3
            ? Task.FromException<int>(new OrleansException("Error from storage provider AdoNetGrainStorage.trial during WriteStateAsync"))
            : Task.FromResult(42), CancellationToken.None);

        Assert.Equal((42, 3), (answer, calls));
    }

    [Fact]
    public async Task RunAsync_AnAttemptThatIsNoLongerCurrent_IsNotRetried()
    {
        var retry = new GrainCallRetry(TimeProvider.System, NullLogger.Instance);
        var calls = 0;

        await Assert.ThrowsAsync<AttemptSupersededException>(() => retry.RunAsync(() =>
        {
            calls++;
            return Task.FromException(new AttemptSupersededException("c/1", 2));
        }, CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Theory]
    [InlineData(typeof(TimeoutException), true)]
    [InlineData(typeof(IOException), true)]
    [InlineData(typeof(HttpRequestException), true)]
    [InlineData(typeof(InvalidOperationException), false)]
    [InlineData(typeof(ArgumentException), false)]
    [InlineData(typeof(OperationCanceledException), false)]
    public void IsTransient_ByType(Type type, bool transient) =>
        Assert.Equal(transient, GrainCallRetry.IsTransient((Exception)Activator.CreateInstance(type)!));

    [Fact]
    public void IsTransient_ADatabaseErrorWrappedByTheGrain_IsTransient() =>
        Assert.True(GrainCallRetry.IsTransient(new InvalidOperationException("write failed", new Npgsql.NpgsqlException("connection refused"))));
}
