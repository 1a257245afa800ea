using Goldstone.Cli;
using Goldstone.Cli.Commands;
using Orleans.Runtime;

namespace Goldstone.Tests.Unit.Cli;

public sealed class FailoverRetryTests
{
    [Fact]
    public async Task RunAsync_ASiloUnavailableTwice_RetriesAndReturnsTheAnswerWithOneLineOnStderr()
    {
        var calls = 0;
        var log = new StringWriter();

        var answer = await FailoverRetry.RunAsync("status", () =>
            ++calls <= 2 ? throw new SiloUnavailableException("silo S127.0.0.1:11111 is dead") : Task.FromResult(42), log: log);

        Assert.Equal(42, answer);
        Assert.Equal(3, calls);
        Assert.Equal("status: the cluster does not answer (silo S127.0.0.1:11111 is dead); retrying for 60 s" + Environment.NewLine, log.ToString());
    }

    [Fact]
    public async Task RunAsync_ATimeout_IsNotRetried()
    {
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => FailoverRetry.RunAsync<int>("table", () =>
        {
            calls++;
            throw new TimeoutException("Response did not arrive on time");
        }, log: new StringWriter()));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task RunAsync_AnErrorOfTheRequest_IsNotRetried()
    {
        var calls = 0;

        await Assert.ThrowsAsync<BadInputException>(() => FailoverRetry.RunAsync<int>("table", () =>
        {
            calls++;
            throw new BadInputException(["error: no campaign named 'x'"]);
        }, log: new StringWriter()));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task RunAsync_TheClusterSilentPastThePatience_FailsAsASystemErrorNamingTheLastFailure()
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<SystemFailureException>(() => FailoverRetry.RunAsync<int>("list", () =>
        {
            calls++;
            throw new SiloUnavailableException("Forwarding failed: tried to forward message for 2 times");
        }, TimeSpan.FromSeconds(2), new StringWriter()));

        Assert.Equal("the cluster did not answer for 2 s: Forwarding failed: tried to forward message for 2 times", error.Message);
        Assert.InRange(calls, 2, 10);
    }
}
