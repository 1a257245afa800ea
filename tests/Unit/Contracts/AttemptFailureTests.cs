using Goldstone.Contracts;

namespace Goldstone.Tests.Unit.Contracts;

public sealed class AttemptFailureTests
{
    [Fact]
    public void ShortReason_KeepsTheFirstLineCutToTheLimit()
    {
        Assert.Equal("trainer exited with code 1", AttemptFailure.ShortReason("  trainer exited with code 1\r\n  at Trainer.Main()\n"));
        var longReason = AttemptFailure.ShortReason(new string('x', 500));
        Assert.Equal(AttemptFailure.MaxReason, longReason.Length);
        Assert.EndsWith("x…", longReason);
    }
}
