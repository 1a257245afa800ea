using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Grains.Search;

/// <summary>Draws <c>samples</c> points from the parameters' distributions; the same seed gives the same points.</summary>
public static class RandomSearch
{
    /// <summary>The sampled points, in draw order.</summary>
    public static IReadOnlyList<IReadOnlyList<ParamValue>> Points(IReadOnlyList<SpaceParam> space, int samples, long seed)
    {
        // System.Random with an explicit seed uses a fixed, documented-compatible algorithm across .NET versions.
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var points = new List<IReadOnlyList<ParamValue>>(samples);
        for (var s = 0; s < samples; s++)
            points.Add(space.Select(parameter => Draw(parameter, random)).ToList());
        return points;
    }

    private static ParamValue Draw(SpaceParam parameter, Random random)
    {
        var u = random.NextDouble();
        return parameter.Distribution switch
        {
            Distribution.Values => parameter.Values[Math.Min(parameter.Values.Count - 1, (int)(u * parameter.Values.Count))],
            Distribution.Uniform => Number(parameter, parameter.Low + (parameter.High - parameter.Low) * u),
            Distribution.LogUniform => Number(parameter, Math.Exp(Math.Log(parameter.Low) + (Math.Log(parameter.High) - Math.Log(parameter.Low)) * u)),
            Distribution.Int => Number(parameter, parameter.Low + Math.Min(parameter.High - parameter.Low, Math.Floor(u * (parameter.High - parameter.Low + 1)))),
            _ => throw new InvalidOperationException($"unknown distribution {parameter.Distribution}"),
        };
    }

    private static ParamValue Number(SpaceParam parameter, double value) => new(parameter.Name, ParamType.Number, value, null, false);
}
