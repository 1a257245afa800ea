using Goldstone.Contracts;
using Goldstone.Grains.Search;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>The <c>stopping:</c> block and how it reaches every trial.</summary>
public sealed class SpecParserStoppingTests
{
    [Fact]
    public void Parse_AshaBlock_GivesTheRuleToEveryTrial()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "seeds: 2", "epochs: 9", "stopping:", "  algorithm: asha", "  metric: loss",
            "  mode: min", "  min_epochs: 1", "  reduction_factor: 3");

        var rule = new StoppingConfig("asha", "loss", Maximize: false, MinEpochs: 1, ReductionFactor: 3);
        Assert.Equal(rule, spec.Stopping);
        Assert.Equal([rule, rule], TrialExpansion.Expand(spec).Select(t => t.Stopping));
    }

    [Fact]
    public void Parse_MedianBlockWithDefaults_StartsAtEpochOne()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "epochs: 4", "stopping: {algorithm: median, metric: loss, mode: max}");

        Assert.Equal(new StoppingConfig("median", "loss", Maximize: true, MinEpochs: 1, ReductionFactor: 3), spec.Stopping);
    }

    [Fact]
    public void Parse_PerEpochMetricThatIsNoFinalMetric_IsAccepted()
    {
        var spec = SpecText.Valid("name: a", "kind: soft_symmetry", "epochs: 4", "stopping: {algorithm: asha, metric: val_auc, mode: max, min_epochs: 2}");

        Assert.Equal(new StoppingConfig("asha", "val_auc", Maximize: true, MinEpochs: 2, ReductionFactor: 3), spec.Stopping);
    }

    [Fact]
    public void Parse_NoStoppingBlock_HasNoRule() => Assert.Null(SpecText.Valid("name: a", "kind: synthetic").Stopping);

    [Theory]
    [InlineData("  algorithm: x", "error: spec.yaml:4: stopping.algorithm: 'x' is not allowed (allowed: asha, median)")]
    [InlineData("  mode: lowest", "error: spec.yaml:4: stopping.mode: 'lowest' is not allowed (allowed: min, max)")]
    [InlineData("  metric: score", "error: spec.yaml:4: stopping.metric: 'score' is not reported per epoch by kind synthetic (allowed: loss)")]
    [InlineData("  min_epochs: 5", "error: spec.yaml:4: stopping.min_epochs: 5 is out of range (allowed: an integer from 1 to 4)")]
    [InlineData("  reduction_factor: 1", "error: spec.yaml:4: stopping.reduction_factor: 1 is out of range (allowed: an integer from 2 to 100)")]
    [InlineData("  patience: 3", "error: spec.yaml:4: stopping.patience: unknown key 'patience' (allowed: algorithm, metric, mode, min_epochs, reduction_factor)")]
    public void Parse_BadKey_NamesItAndWhatIsAllowed(string line, string error)
    {
        // Line 4 is the key under test; the other required keys follow with valid values.
        var key = line.Trim().Split(':')[0];
        var valid = new Dictionary<string, string> { ["algorithm"] = "  algorithm: asha", ["metric"] = "  metric: loss", ["mode"] = "  mode: min" };

        var errors = SpecText.Errors(["name: a", "kind: synthetic", "stopping:", line, .. valid.Where(v => v.Key != key).Select(v => v.Value), "epochs: 5"]);

        Assert.Equal([error], errors);
    }

    [Fact]
    public void Parse_ReductionFactorWithMedian_IsRefused() =>
        Assert.Equal(["error: spec.yaml:7: stopping.reduction_factor: the median rule has no reduction factor (allowed: reduction_factor with algorithm: asha)"],
            SpecText.Errors("name: a", "kind: synthetic", "epochs: 5", "stopping:", "  algorithm: median", "  metric: loss", "  reduction_factor: 2", "  mode: min"));

    [Fact]
    public void Parse_MissingKeys_AreEachNamed() =>
        Assert.Equal([
                "error: spec.yaml:5: stopping.algorithm: required (allowed: asha, median)",
                "error: spec.yaml:5: stopping.mode: required (allowed: min, max)",
            ],
            SpecText.Errors("name: a", "kind: synthetic", "epochs: 5", "stopping:", "  metric: loss"));

    [Fact]
    public void Parse_OneEpoch_HasNothingToStop() =>
        Assert.Equal(["error: spec.yaml:4: stopping: with epochs: 1 no trial has an epoch to stop after (allowed: stopping with epochs >= 2)"],
            SpecText.Errors("name: a", "kind: synthetic", "stopping:", "  algorithm: asha", "  metric: loss", "  mode: min"));
}
