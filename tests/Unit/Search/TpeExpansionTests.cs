using Goldstone.Contracts;
using Goldstone.Grains.Search;
using Goldstone.Grains.Specs;
using Goldstone.Tests.Unit.Specs;

namespace Goldstone.Tests.Unit.Search;

public sealed class TpeExpansionTests
{
    private static CampaignSpec Spec(int trials, int parallel) => SpecText.Valid("name: t", "kind: synthetic", "params: {duration: 0}", "search:", "  algorithm: tpe",
        $"  trials: {trials}", $"  parallel: {parallel}", "  seed: 4", "  objective: {metric: score, mode: max}", "  space:", "    x: {uniform: [0, 1]}", "seeds: [9]");

    private static TrialRecord Succeeded(int index, double score) => new(index, TrialStatus.Succeeded, new Dictionary<string, double> { ["score"] = score }, null, 0, 1);

    private static TrialRecord Ended(int index, TrialStatus status) => new(index, status, new Dictionary<string, double>(), "x", 1, 1);

    [Fact]
    public void Trials_NoRecords_AreTheFirstParallelSuggestions()
    {
        var trials = TpeExpansion.Trials(Spec(10, 3), _ => null);

        Assert.Equal([0, 1, 2], trials.Select(t => t.Index));
        Assert.All(trials, t => Assert.Equal(9, t.Seed));
        Assert.All(trials, t => Assert.Equal(["duration", "x"], t.Params.Select(p => p.Name)));
        Assert.Equal(trials.Select(t => $"x={ParamFormat.Value(t.Params[1])}"), trials.Select(t => t.Setting));
    }

    [Fact]
    public void Trials_EachTerminalBasis_AddsOneTrial_UpToTrials()
    {
        var spec = Spec(4, 2);
        Assert.Equal(3, TpeExpansion.Trials(spec, i => i == 0 ? Succeeded(0, 1) : null).Count);
        // Trial 1 still runs: trial 3 waits for it even though trial 2 has ended.
        Assert.Equal(3, TpeExpansion.Trials(spec, i => i is 0 or 2 ? Succeeded(i, 1) : null).Count);
        Assert.Equal(4, TpeExpansion.Trials(spec, i => Succeeded(i, 1)).Count);
    }

    [Fact]
    public void Trials_FailedBasis_LetsTheNextFollow_CancelledStopsIt()
    {
        var spec = Spec(4, 1);
        Assert.Equal(4, TpeExpansion.Trials(spec, i => Ended(i, TrialStatus.Failed)).Count);
        Assert.Single(TpeExpansion.Trials(spec, i => Ended(i, TrialStatus.Cancelled)));
    }

    [Fact]
    public void Trials_KnownTrials_AreKeptAndOnlyNewOnesSuggested()
    {
        var spec = Spec(12, 1);
        var all = TpeExpansion.Trials(spec, i => Succeeded(i, i % 3));
        var half = TpeExpansion.Trials(spec, i => i < 5 ? Succeeded(i, i % 3) : null);

        Assert.Equal(6, half.Count);
        Assert.Equal(all.Take(6).Select(t => t.Setting), half.Select(t => t.Setting));
        var continued = TpeExpansion.Trials(spec, i => Succeeded(i, i % 3), half);
        Assert.Equal(all.Select(t => t.Setting), continued.Select(t => t.Setting));
        // The known ones are taken as they are, not suggested again.
        Assert.All(half, t => Assert.Same(t, continued[t.Index]));
    }

    [Fact]
    public void Trials_SuccessesBeyondStartup_ChangeTheSuggestions_FailuresDoNot()
    {
        var spec = Spec(14, 1);
        var scored = TpeExpansion.Trials(spec, i => Succeeded(i, i));
        var rescored = TpeExpansion.Trials(spec, i => Succeeded(i, -i));
        var failed = TpeExpansion.Trials(spec, i => i == 11 ? Ended(i, TrialStatus.Failed) : Succeeded(i, i));

        Assert.Equal(scored.Take(10).Select(t => t.Setting), rescored.Take(10).Select(t => t.Setting));
        Assert.NotEqual(scored[10].Setting, rescored[10].Setting);
        // Trial 12 sees trials 0-10 and 11 (failed: left out), so it is suggested from the same history as trial 11 was.
        Assert.Equal(scored.Take(12).Select(t => t.Setting), failed.Take(12).Select(t => t.Setting));
        Assert.NotEqual(scored[12].Setting, failed[12].Setting);
    }

    private static CampaignSpec TwoObjectives(int trials) => SpecText.Valid("name: t", "kind: synthetic", "params: {duration: 0}", "search:", "  algorithm: tpe",
        $"  trials: {trials}", "  seed: 4", "  objectives: [{metric: score, mode: max}, {metric: loss, mode: min}]", "  space:", "    x: {uniform: [0, 1]}", "seeds: [9]");

    private static TrialRecord Scored(int index, double score, double? loss) => new(index, TrialStatus.Succeeded,
        loss is { } l ? new Dictionary<string, double> { ["score"] = score, ["loss"] = l } : new Dictionary<string, double> { ["score"] = score }, null, 0, 1);

    [Fact]
    public void Trials_TwoObjectives_AreReplayedTheSameFromTheSameRecords_AndTrialsAskForBoth()
    {
        var spec = TwoObjectives(16);
        Func<int, TrialRecord?> record = i => Scored(i, i % 5, (i * 7) % 4);
        var once = TpeExpansion.Trials(spec, record);

        Assert.Equal(16, once.Count);
        Assert.Equal(once.Select(t => t.Setting), TpeExpansion.Trials(spec, record).Select(t => t.Setting));
        Assert.All(once, t => Assert.Contains("loss", t.Metrics));
        Assert.All(once, t => Assert.Contains("score", t.Metrics));
    }

    [Fact]
    public void Trials_TwoObjectives_ASuccessWithoutOneObjective_TellsTheSearcherNothing()
    {
        var spec = TwoObjectives(14);
        var both = TpeExpansion.Trials(spec, i => Scored(i, i, i));
        // Trial 11 lacks the loss: trial 12 is suggested from the same history as trial 11 was, as after a failure.
        var withoutLoss = TpeExpansion.Trials(spec, i => Scored(i, i, i == 11 ? null : i));
        var otherLoss = TpeExpansion.Trials(spec, i => Scored(i, i, -i));

        Assert.Equal(both.Take(12).Select(t => t.Setting), withoutLoss.Take(12).Select(t => t.Setting));
        Assert.NotEqual(both[12].Setting, withoutLoss[12].Setting);
        // The second objective is used: flipping it alone changes the first model-based suggestion.
        Assert.Equal(both.Take(10).Select(t => t.Setting), otherLoss.Take(10).Select(t => t.Setting));
        Assert.NotEqual(both[10].Setting, otherLoss[10].Setting);
    }

    private static TrialRecord StoppedAt(int index, int epoch, double? score) => new(index, TrialStatus.Stopped,
        score is { } v ? new Dictionary<string, double> { ["score"] = v } : new Dictionary<string, double>(), "asha", 0, 1)
    {
        StoppedRung = 0,
        StoppedEpoch = epoch,
    };

    [Fact]
    public void Trials_StoppedTrials_InformTheSearcher_RankedAfterEveryFinishedOne()
    {
        var spec = Spec(16, 1);
        // Trials 3, 6, 9 and 12 stopped; the others succeeded with score i.
        TrialRecord Record(int i, double stoppedScore) => i % 3 == 0 && i > 0 ? StoppedAt(i, 1, stoppedScore) : Succeeded(i, i);
        var low = TpeExpansion.Trials(spec, i => Record(i, -100));
        var high = TpeExpansion.Trials(spec, i => Record(i, 100));
        var failed = TpeExpansion.Trials(spec, i => i % 3 == 0 && i > 0 ? Ended(i, TrialStatus.Failed) : Succeeded(i, i));

        // Counted: trial 10 is the model's first suggestion from 10 observations; with those three trials failed it
        // sees 7 and still draws from the prior.
        Assert.Equal(low.Take(10).Select(t => t.Setting), failed.Take(10).Select(t => t.Setting));
        Assert.NotEqual(low[10].Setting, failed[10].Setting);
        // Ranked after the finished ones whatever they scored: a stopped trial's 100 (the best score by far) puts it
        // in no better group than its −100, so every suggestion is the same.
        Assert.Equal(low.Select(t => t.Setting), high.Select(t => t.Setting));
    }

    [Fact]
    public void Split_StoppedLater_RanksBeforeStoppedEarlier_AndFinishedBeforeBoth()
    {
        var point = new List<ParamValue> { new("x", ParamType.Number, 0.5, null, false) };
        IReadOnlyList<Observation> history =
        [
            new(point, 5.0),                              // 0: finished, worst loss of the finished
            new(point, -9.0) { StoppedEpoch = 1 },         // 1: stopped early, best loss of all
            new(point, 1.0),                              // 2: finished, best of the finished
            new(point, 0.0) { StoppedEpoch = 3 },          // 3: stopped later
            new(point, double.PositiveInfinity) { StoppedEpoch = 3 },
        ];

        Assert.Equal([0, 2], TpeSearcher.Split(history, 2).Good);
        Assert.Equal([0, 2, 3], TpeSearcher.Split(history, 3).Good);
        Assert.Equal([0, 2, 3, 4], TpeSearcher.Split(history, 4).Good);
        Assert.Equal([1], TpeSearcher.Split(history, 4).Bad);
    }

    [Fact]
    public void Trials_WithAStoppingBlock_CarryTheRule()
    {
        var spec = SpecText.Valid("name: t", "kind: synthetic", "search:", "  algorithm: tpe", "  trials: 3", "  objective: {metric: loss, mode: min}",
            "  space:", "    x: {uniform: [0, 1]}", "epochs: 4", "stopping: {algorithm: asha, metric: loss, mode: min}");

        var trials = TpeExpansion.Trials(spec, i => Succeeded(i, 1));

        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(spec.Stopping, t.Stopping));
        Assert.NotNull(spec.Stopping);
    }
}
