using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Search;

/// <summary>Enumerates a space: every combination of the listed values, the first parameter varying slowest.</summary>
public static class Grid
{
    /// <summary>The values a grid takes for one parameter (<c>values</c>, or every integer of an <c>int</c> range).</summary>
    public static IReadOnlyList<ParamValue> ValuesOf(SpaceParam parameter) => parameter.Distribution switch
    {
        Distribution.Values => parameter.Values,
        Distribution.Int => Enumerable.Range(0, (int)(parameter.High - parameter.Low) + 1)
            .Select(i => new ParamValue(parameter.Name, ParamType.Number, parameter.Low + i, null, false)).ToList(),
        _ => throw new InvalidOperationException($"{parameter.Name}: a {parameter.Distribution} range cannot be enumerated"),
    };

    /// <summary>All points of the space; one empty point when nothing is swept.</summary>
    public static IReadOnlyList<IReadOnlyList<ParamValue>> Points(IReadOnlyList<SpaceParam> space)
    {
        IReadOnlyList<IReadOnlyList<ParamValue>> points = [[]];
        foreach (var parameter in space)
        {
            var values = ValuesOf(parameter);
            points = points.SelectMany(point => values.Select(value => (IReadOnlyList<ParamValue>)[.. point, value])).ToList();
        }
        return points;
    }
}
