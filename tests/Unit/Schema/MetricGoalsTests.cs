using Goldstone.Schema;

namespace Goldstone.Tests.Unit.Schema;

public sealed class MetricGoalsTests
{
    [Fact]
    public void Of_EveryCatalogMetric_HasADirectionExceptTheDescriptiveOnes()
    {
        var without = KindCatalog.Kinds.Values
            .SelectMany(kind => kind.Metrics.Concat(kind.ParametricMetrics))
            .Where(metric => MetricGoals.Of(metric) == MetricGoal.None)
            .Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(["distance", "soft_modes_exact"], without);
    }

    [Theory]
    [InlineData("auc", MetricGoal.Higher)]
    [InlineData("bkg_rejection@0.85", MetricGoal.Higher)]
    [InlineData("kappa4_err_paired_in", MetricGoal.Lower)]
    [InlineData("val_mse", MetricGoal.Lower)]
    [InlineData("no_such_metric", MetricGoal.None)]
    public void Of_Name_IsTheTablesDirection(string metric, MetricGoal expected)
    {
        Assert.Equal(expected, MetricGoals.Of(metric));
    }
}
