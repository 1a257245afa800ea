using Goldstone.Cli.Commands;

namespace Goldstone.Tests.Unit.Commands;

public sealed class FreePortTests
{
    [Fact]
    public void PickTwo_GivesTwoDifferentPorts_EveryTime()
    {
        // Both listeners are open at once, so the system cannot hand out one port twice (two Pick calls in a row can).
        for (var i = 0; i < 200; i++)
        {
            var (first, second) = FreePort.PickTwo();
            Assert.NotEqual(first, second);
            Assert.InRange(first, 1, 65535);
            Assert.InRange(second, 1, 65535);
        }
    }
}
