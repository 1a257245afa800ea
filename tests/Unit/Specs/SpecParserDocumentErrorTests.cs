using Goldstone.Grains.Specs;

namespace Goldstone.Tests.Unit.Specs;

/// <summary>Problems with the file or the YAML itself, and several errors in one file.</summary>
public sealed class SpecParserDocumentErrorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\t\n  \n")]
    public void Parse_EmptyOrWhitespaceText_IsOneEmptyFileError(string text)
    {
        var errors = SpecText.Format(SpecParser.Parse(text));

        Assert.Equal(["error: spec.yaml:1: (file): the file is empty (expected a mapping with name, kind, …)"], errors);
    }

    [Fact]
    public void Parse_CommentsOnly_FindsNoDocument()
    {
        var errors = SpecText.Errors("# name: a", "# kind: synthetic");

        Assert.Equal(["error: spec.yaml:1: (file): expected one YAML document, found 0"], errors);
    }

    [Fact]
    public void Parse_TwoDocuments_AreRejected()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "---", "name: b", "kind: synthetic");

        Assert.Equal(["error: spec.yaml:1: (file): expected one YAML document, found 2"], errors);
    }

    [Fact]
    public void Parse_ListDocument_AsksForAMapping()
    {
        var errors = SpecText.Errors("# a list", "- name: a", "- kind: synthetic");

        Assert.Equal(["error: spec.yaml:2: (file): expected a mapping of keys (name, kind, …) at the top level"], errors);
    }

    [Fact]
    public void Parse_ScalarDocument_AsksForAMapping()
    {
        var errors = SpecText.Errors("just some words");

        Assert.Equal(["error: spec.yaml:1: (file): expected a mapping of keys (name, kind, …) at the top level"], errors);
    }

    [Fact]
    public void Parse_UnclosedFlowSequenceAtTheEnd_IsInvalidYamlAtTheEnd()
    {
        var errors = SpecText.Errors("name: a", "kind: [synthetic");

        Assert.Equal(["error: spec.yaml:3: (file): not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'."], errors);
    }

    [Fact]
    public void Parse_UnclosedFlowSequenceBeforeAKey_IsInvalidYamlAtTheOpeningBracket()
    {
        // YamlDotNet's scanner throws InvalidOperationException, without a position, on this one.
        var errors = SpecText.Errors("name: a", "kind: [synthetic", "epochs: 2");

        Assert.Equal(["error: spec.yaml:2: (file): not valid YAML: cannot parse past this line (check for an unclosed '[', '{' or quote, or a stray ':')"], errors);
    }

    [Fact]
    public void Parse_KeyLessEntry_IsInvalidYamlAtThatEntry()
    {
        // YamlDotNet loses the value and its loader throws ArgumentException on the mapping's end.
        var errors = SpecText.Errors("name: a", "kind: synthetic", "search:", "  space:", "   : x", "epochs: 2");

        Assert.Equal(["error: spec.yaml:5: (file): not valid YAML: cannot parse past this line (check for an unclosed '[', '{' or quote, or a stray ':')"], errors);
    }

    [Fact]
    public void Parse_BadFlowMapping_IsInvalidYamlAtItsLine()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "params: {x[: 1}");

        Assert.Equal(["error: spec.yaml:3: (file): not valid YAML: While parsing a flow mapping,  did not find expected ',' or '}'."], errors);
    }

    [Fact]
    public void Parse_BadIndentation_IsInvalidYamlAtTheOffendingLine()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "  epochs: 2");

        Assert.Equal(["error: spec.yaml:3: (file): not valid YAML: While scanning a plain scalar value, found invalid mapping."], errors);
    }

    [Fact]
    public void Parse_DuplicateTopLevelKey_IsOneLineNamingTheKey()
    {
        // YamlDotNet refuses duplicate keys while loading, so the parser's own duplicate check never sees them.
        var errors = SpecText.Errors("name: a", "kind: synthetic", "name: b");

        Assert.Equal(["error: spec.yaml:3: (file): not valid YAML: Duplicate key name"], errors);
    }

    [Fact]
    public void Parse_DuplicateNestedKey_IsOneLineNamingTheKey()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "retries:", "  max_attempts: 2", "  max_attempts: 3");

        Assert.Equal(["error: spec.yaml:5: (file): not valid YAML: Duplicate key max_attempts"], errors);
    }

    [Fact]
    public void Parse_SeveralErrors_AreAllReportedSortedByLine()
    {
        // The parser meets them in key order (unknown keys first, then name, kind, params, seeds, epochs).
        var errors = SpecText.Errors(
            "name: Bad Name",
            "kind: synthetic",
            "epochs: 0",
            "params:",
            "  x: abc",
            "  failure_mode: explode",
            "seeds: [1, 1]",
            "colour: red");

        Assert.Equal(
        [
            "error: spec.yaml:1: name: 'Bad Name' is not a valid campaign name (allowed: 1-64 of a-z, 0-9, '-', '_', starting with a letter or digit)",
            "error: spec.yaml:3: epochs: 0 is out of range (allowed: an integer from 1 to 100000)",
            "error: spec.yaml:5: params.x: expected a number, got 'abc' (allowed: a number)",
            "error: spec.yaml:6: params.failure_mode: 'explode' is not allowed (allowed: error, exit, crash, malformed, hang)",
            "error: spec.yaml:7: seeds[1]: duplicate seed 1 (allowed: each seed once)",
            "error: spec.yaml:8: colour: unknown key 'colour' (allowed: name, kind, params, search, seeds, epochs, retries, resources, checkpoints, table, stopping)",
        ], errors);
    }

    [Fact]
    public void Parse_ErrorsOnOneLine_AreSortedByPath()
    {
        var errors = SpecText.Errors("name: a", "kind: synthetic", "params: {y: b, x: a}");

        Assert.Equal(
        [
            "error: spec.yaml:3: params.x: expected a number, got 'a' (allowed: a number)",
            "error: spec.yaml:3: params.y: expected a number, got 'b' (allowed: a number)",
        ], errors);
    }

    [Fact]
    public void ParseFile_Directory_SaysItIsADirectory()
    {
        using var directory = new TemporaryDirectory();

        var errors = SpecParser.ParseFile(directory.Path).Errors;

        Assert.Equal([new SpecError(0, "(file)", $"cannot read the file: {directory.Path} is a directory (allowed: the path of a YAML spec file)")], errors);
    }

    [Fact]
    public void ParseFile_MissingFile_SaysItCannotBeFound()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "missing.yaml");

        var result = SpecParser.ParseFile(path);

        Assert.Null(result.Spec);
        Assert.Equal([new SpecError(0, "(file)", $"cannot read the file: Could not find file '{path}'.")], result.Errors);
    }

    [Fact]
    public void ParseFile_FileInMissingDirectory_SaysThePathCannotBeFound()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "nowhere", "spec.yaml");

        var result = SpecParser.ParseFile(path);

        Assert.Equal([new SpecError(0, "(file)", $"cannot read the file: Could not find a part of the path '{path}'.")], result.Errors);
    }

    [Fact]
    public void ParseFile_EmptyFile_IsOneEmptyFileError()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "empty.yaml");
        File.WriteAllText(path, "");

        var result = SpecParser.ParseFile(path);

        Assert.Equal([new SpecError(1, "(file)", "the file is empty (expected a mapping with name, kind, …)")], result.Errors);
    }

    [Fact]
    public void ParseFile_InvalidSpec_ReportsLinesOfTheFile()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "spec.yaml");
        File.WriteAllText(path, SpecText.Of("name: a", "kind: synthetic", "", "epochs: -3"));

        var result = SpecParser.ParseFile(path);

        Assert.Equal([new SpecError(4, "epochs", "-3 is out of range (allowed: an integer from 1 to 100000)")], result.Errors);
    }
}
