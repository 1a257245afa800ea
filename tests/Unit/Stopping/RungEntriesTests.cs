using Goldstone.Contracts;
using Goldstone.Grains.Stopping;

namespace Goldstone.Tests.Unit.Stopping;

public sealed class RungEntriesTests
{
    private static EpochReport Loss(int epoch, double loss) => new(1, epoch, new Dictionary<string, double> { ["loss"] = loss });

    [Fact]
    public void Of_Curve_GivesValueRunningAverageAndBestUpToTheEpoch()
    {
        IReadOnlyList<EpochReport> curve = [Loss(1, 0.9), Loss(2, 0.6), Loss(3, 0.75), Loss(4, 0.1)];

        Assert.Equal(new RungEntry(7, 0.75, 0.75, 0.6), RungEntries.Of(7, 3, curve, "loss", maximize: false));
        Assert.Equal(new RungEntry(7, 0.75, 0.75, 0.9), RungEntries.Of(7, 3, curve, "loss", maximize: true));
    }

    [Fact]
    public void Of_MissingEpochOrMetric_IsNull()
    {
        Assert.Null(RungEntries.Of(0, 3, [Loss(1, 0.9), Loss(3, 0.7)], "loss", maximize: false));
        Assert.Null(RungEntries.Of(0, 1, [Loss(1, 0.9)], "auc", maximize: false));
    }
}
