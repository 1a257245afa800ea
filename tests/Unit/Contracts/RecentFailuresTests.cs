using Goldstone.Contracts;
using Goldstone.Grains;

namespace Goldstone.Tests.Unit.Contracts;

public sealed class RecentFailuresTests
{
    private static AttemptFailure Failure(int index, int attempt) =>
        new(index, "x=1", 1, attempt, $"boom {index}.{attempt}", true, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Add_MoreThanCapacity_KeepsTheNewestFirst()
    {
        var failures = new RecentFailures(3);
        foreach (var index in Enumerable.Range(0, 5)) failures.Add(Failure(index, 1));

        Assert.Equal([4, 3, 2], failures.Newest().Select(f => f.Index));
    }

    [Fact]
    public void Add_SameAttemptTwice_KeepsOneEntry()
    {
        var failures = new RecentFailures(3);
        failures.Add(Failure(1, 1));
        failures.Add(Failure(2, 1));
        failures.Add(Failure(1, 1));
        failures.Add(Failure(1, 2));

        Assert.Equal([(1, 2), (1, 1), (2, 1)], failures.Newest().Select(f => (f.Index, f.Attempt)));
    }
}
