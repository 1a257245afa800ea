namespace Goldstone.Contracts;

/// <summary>One metric of one setting: mean ± half-width of the 95% CI over seeds, and the difference to the baseline.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.TableCell")]
public sealed record TableCell(
    [property: Id(0)] int N,
    [property: Id(1)] double Mean,
    [property: Id(2)] double HalfWidth,
    [property: Id(3)] double? DiffToBaseline,
    [property: Id(4)] int NaNCount);

/// <summary>One setting (a point of the space, pooled over seeds).</summary>
[GenerateSerializer, Immutable, Alias("goldstone.TableRow")]
public sealed record TableRow(
    [property: Id(0)] string Setting,
    [property: Id(1)] bool IsBaseline,
    [property: Id(2)] int Seeds,
    [property: Id(3)] int Succeeded,
    [property: Id(4)] int Failed,
    [property: Id(5)] int Unfinished,
    [property: Id(6)] IReadOnlyList<TableCell> Cells);

/// <summary>The comparative table of a campaign.</summary>
[GenerateSerializer, Immutable, Alias("goldstone.CampaignTable")]
public sealed record CampaignTable(
    [property: Id(0)] string Campaign,
    [property: Id(1)] IReadOnlyList<string> Metrics,
    [property: Id(2)] IReadOnlyList<TableRow> Rows,
    [property: Id(3)] bool HasBaseline);
