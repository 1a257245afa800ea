using Goldstone.Grains.Specs;
using Goldstone.Schema;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>Unknown keys, missing keys, names, kinds and values of the wrong type.</summary>
public sealed class SpecParserKeyErrorTests
{
    [Fact]
    public void Parse_UnknownTopLevelKey_NamesItAndListsTheAllowedKeys()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "colour: red");

        Assert.Equal(["error: spec.yaml:3: colour: unknown key 'colour' (allowed: name, kind, params, search, seeds, epochs, retries, resources, checkpoints, table, stopping)"], errors);
    }

    [Fact]
    public void Parse_UnknownSearchKey_IsReportedUnderSearch()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  algorithm: grid", "  sampler: tpe");

        Assert.Equal(["error: spec.yaml:5: search.sampler: unknown key 'sampler' (allowed: algorithm, samples, seed, space, trials, parallel, objective, objectives)"], errors);
    }

    [Fact]
    public void Parse_UnknownRetriesKey_IsReportedUnderRetries()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  attempts: 3");

        Assert.Equal(["error: spec.yaml:4: retries.attempts: unknown key 'attempts' (allowed: max_attempts, backoff)"], errors);
    }

    [Fact]
    public void Parse_UnknownBackoffKey_IsReportedUnderBackoff()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  max_attempts: 2", "  backoff:", "    factor: 2");

        Assert.Equal(["error: spec.yaml:6: retries.backoff.factor: unknown key 'factor' (allowed: initial_seconds, max_seconds, jitter)"], errors);
    }

    [Fact]
    public void Parse_UnknownResourcesKey_IsReportedUnderResources()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "resources:", "  memory: 1");

        Assert.Equal(["error: spec.yaml:4: resources.memory: unknown key 'memory' (allowed: slots, gpus, threads, timeout_seconds)"], errors);
    }

    [Fact]
    public void Parse_ResourcesGpus_IsReadAndRangeChecked()
    {
        var spec = SpecText.Valid("name: a", "kind: synthetic", "resources:", "  gpus: 2");
        var defaulted = SpecText.Valid("name: a", "kind: synthetic");
        var errors = SpecText.Errors("name: a", "kind: synthetic", "resources:", "  gpus: 65");
        var notInteger = SpecText.Errors("name: a", "kind: synthetic", "resources:", "  gpus: one");

        Assert.Equal(2, spec.Resources.Gpus);
        Assert.Equal(0, defaulted.Resources.Gpus);
        Assert.Equal(["error: spec.yaml:4: resources.gpus: 65 is out of range (allowed: an integer from 0 to 64)"], errors);
        Assert.Equal(["error: spec.yaml:4: resources.gpus: expected an integer, got 'one' (allowed: an integer from 0 to 64)"], notInteger);
    }

    [Fact]
    public void Parse_UnknownTableKey_IsReportedUnderTable()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "table:", "  columns: [score]");

        Assert.Equal(["error: spec.yaml:4: table.columns: unknown key 'columns' (allowed: baseline, metrics, correction, trend, log_scale, stopped)"], errors);
    }

    [Fact]
    public void Parse_UnknownDistribution_IsTheOnlyError()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space:", "    x:", "      normal: [0, 1]");

        Assert.Equal(["error: spec.yaml:6: search.space.x.normal: unknown key 'normal' (allowed: values, uniform, log_uniform, int)"], errors);
    }

    [Fact]
    public void Parse_MissingName_IsRequired()
    {
        var errors = SpecText.Errors("kind: synthetic");

        Assert.Equal(["error: spec.yaml:1: name: required"], errors);
    }

    [Fact]
    public void Parse_MissingKind_IsRequiredWithTheKnownKinds()
    {
        var errors = SpecText.Errors("name: a");

        Assert.Equal([$"error: spec.yaml:1: kind: required (allowed: {KindCatalog.DescribeKinds()})"], errors);
    }

    [Fact]
    public void Parse_MissingNameAndKind_ReportsBothOnTheFirstLineSortedByPath()
    {
        var errors = SpecText.Errors("# a comment", "epochs: 2");

        Assert.Equal(
        [
            $"error: spec.yaml:2: kind: required (allowed: {KindCatalog.DescribeKinds()})",
            "error: spec.yaml:2: name: required",
        ], errors);
    }

    [Fact]
    public void Parse_UnknownKind_ListsTheKnownKinds()
    {
        var errors = SpecText.Errors("name: a", "kind: mnist");

        Assert.Equal([$"error: spec.yaml:2: kind: unknown kind 'mnist' (allowed: {KindCatalog.DescribeKinds()})"], errors);
    }

    [Fact]
    public void Parse_UnknownKind_DoesNotReportItsParamsAsUnknown()
    {
        var errors = SpecText.Errors("name: a", "kind: mnist", "params:", "  width: 8");

        Assert.Equal([$"error: spec.yaml:2: kind: unknown kind 'mnist' (allowed: {KindCatalog.DescribeKinds()})"], errors);
    }

    [Theory]
    [InlineData("My-Campaign")]
    [InlineData("-leading-dash")]
    [InlineData("_leading-underscore")]
    [InlineData("with.dot")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz012")]
    public void Parse_InvalidName_SaysWhichNamesAreAllowed(string name)
    {
        var errors = SpecText.Errors($"name: {name}", "kind: synthetic");

        Assert.Equal([$"error: spec.yaml:1: name: '{name}' is not a valid campaign name (allowed: 1-64 of a-z, 0-9, '-', '_', starting with a letter or digit)"], errors);
    }

    [Fact]
    public void Parse_NumericName_IsNotAString()
    {
        var errors = SpecText.Errors("name: 123", "kind: synthetic");

        Assert.Equal(["error: spec.yaml:1: name: expected a string, got '123'"], errors);
    }

    [Fact]
    public void Parse_KindAsList_IsNotAString()
    {
        var errors = SpecText.Errors("name: a", "kind: [synthetic]");

        Assert.Equal(["error: spec.yaml:2: kind: expected a string, got a list"], errors);
    }

    [Fact]
    public void Parse_StringWhereANumberIsNeeded_SaysTheAllowedRange()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  backoff:", "    initial_seconds: soon");

        Assert.Equal(["error: spec.yaml:5: retries.backoff.initial_seconds: expected a number, got 'soon' (allowed: a number from 0 to 86400)"], errors);
    }

    [Fact]
    public void Parse_StringWhereAnIntegerIsNeeded_SaysTheAllowedRange()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "epochs: many");

        Assert.Equal(["error: spec.yaml:3: epochs: expected an integer, got 'many' (allowed: an integer from 1 to 100000)"], errors);
    }

    [Fact]
    public void Parse_FloatWhereAnIntegerIsNeeded_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "epochs: 2.5", "resources:", "  threads: 1.0");

        Assert.Equal(
        [
            "error: spec.yaml:3: epochs: expected an integer, got '2.5' (allowed: an integer from 1 to 100000)",
            "error: spec.yaml:5: resources.threads: expected an integer, got '1.0' (allowed: an integer from 1 to 1024)",
        ], errors);
    }

    [Fact]
    public void Parse_ListWhereAMappingIsNeeded_SaysWhatWasFound()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "resources: [1, 2]", "retries:", "  backoff: 5");

        Assert.Equal(
        [
            "error: spec.yaml:3: resources: expected a mapping of keys, got a list",
            "error: spec.yaml:5: retries.backoff: expected a mapping of keys, got a value",
        ], errors);
    }

    [Fact]
    public void Parse_MappingWhereAnIntegerIsNeeded_SaysWhatWasFound()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  max_attempts: {n: 2}");

        Assert.Equal(["error: spec.yaml:4: retries.max_attempts: expected an integer, got a mapping (allowed: an integer from 1 to 100)"], errors);
    }

    [Fact]
    public void Parse_NonBooleanJitter_IsRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  backoff:", "    jitter: yes");

        Assert.Equal(["error: spec.yaml:5: retries.backoff.jitter: expected true or false, got 'yes'"], errors);
    }

    [Theory]
    [InlineData("retries:\n  max_attempts: 0", 2, "retries.max_attempts: 0 is out of range (allowed: an integer from 1 to 100)")]
    [InlineData("resources:\n  slots: 1025", 2, "resources.slots: 1025 is out of range (allowed: an integer from 1 to 1024)")]
    [InlineData("resources:\n  timeout_seconds: 0", 2, "resources.timeout_seconds: 0 is out of range (allowed: a number from 0.001 to 2592000)")]
    [InlineData("epochs: 0", 1, "epochs: 0 is out of range (allowed: an integer from 1 to 100000)")]
    public void Parse_ValueOutOfRange_SaysTheAllowedRange(string block, int lineInBlock, string expected)
    {
        var errors = SpecText.Errors(["name: a", "kind: synthetic", .. block.Split('\n')]);

        Assert.Equal([$"error: spec.yaml:{2 + lineInBlock}: {expected}"], errors);
    }

    [Fact]
    public void Parse_BackoffMaxBelowInitial_IsReportedAtTheBackoff()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  backoff:", "    initial_seconds: 10", "    max_seconds: 5");

        Assert.Equal(["error: spec.yaml:5: retries.backoff: max_seconds 5 is below initial_seconds 10 (allowed: max_seconds >= initial_seconds)"], errors);
    }

    [Fact]
    public void Parse_BackoffInitialAboveDefaultMax_IsReported()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  backoff:", "    initial_seconds: 120");

        Assert.Equal(["error: spec.yaml:5: retries.backoff: max_seconds 60 is below initial_seconds 120 (allowed: max_seconds >= initial_seconds)"], errors);
    }
}
