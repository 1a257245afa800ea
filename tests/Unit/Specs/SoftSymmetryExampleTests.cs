using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>examples/soft-symmetry.yaml (study A) as the parser reads it.</summary>
public sealed class SoftSymmetryExampleTests
{
    [Fact]
    public void Parse_Example_HasSevenPenaltiesTimesEightSeedsOnApproximatelyInvariantLabelsWithTheDistillationControl()
    {
        var result = SpecParser.Parse(Repository.Read("examples/soft-symmetry.yaml"));

        Assert.Empty(result.Errors);
        var spec = result.Spec!;
        Assert.Equal(8, spec.Seeds.Count);
        Assert.Equal([0, 0.001, 0.01, 0.1, 1, 10, 100], Grid.ValuesOf(spec.Search.Space.Single(p => p.Name == "penalty")).Select(v => v.Number));
        Assert.Equal(7, Grid.Points(spec.Search.Space).Count);
        Assert.Contains(new ParamValue("label_symmetry", ParamType.Text, 0, "approximate", false), spec.Params);
        Assert.Contains(new ParamValue("symmetry_breaking", ParamType.Number, 0.2, null, false), spec.Params);
        Assert.Equal([new ParamValue("penalty", ParamType.Number, 0, null, false)], spec.Table.Baseline!);
        Assert.Equal(["distill_ratio", "distill_control_ratio", "distill_gain", "loss_slice", "loss_plane", "lmc_barrier"], spec.Table.Metrics.TakeLast(6));
        Assert.Contains(new ParamValue("every_epochs", ParamType.Number, 5, null, false), spec.Params);
    }
}
