using Goldstone.Contracts;
using Goldstone.Grains.Specs;

namespace Goldstone.Bench.Tpe;

/// <summary>A standard test function: its space and its value (to minimise), the same as bench/python/tpe_bench.py's.</summary>
public sealed record TestFunction(string Name, IReadOnlyList<SpaceParam> Space, Func<IReadOnlyList<double>, double> Value, double Optimum)
{
    /// <summary>Branin on [-5, 10] × [0, 15]; minimum 0.397887 at three points.</summary>
    public static readonly TestFunction Branin = new("branin",
        [new("x1", Distribution.Uniform, [], -5, 10), new("x2", Distribution.Uniform, [], 0, 15)],
        x =>
        {
            const double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
            return Math.Pow(x[1] - b * x[0] * x[0] + c * x[0] - 6, 2) + 10 * (1 - t) * Math.Cos(x[0]) + 10;
        },
        0.397887);

    private static readonly double[] HartmannAlpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] HartmannA =
    {
        { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 },
    };
    private static readonly double[,] HartmannP =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 }, { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 }, { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Hartmann-6 on [0, 1]⁶; minimum −3.32237.</summary>
    public static readonly TestFunction Hartmann6 = new("hartmann6",
        Enumerable.Range(1, 6).Select(i => new SpaceParam($"x{i}", Distribution.Uniform, [], 0, 1)).ToList(),
        x =>
        {
            var sum = 0.0;
            for (var i = 0; i < 4; i++)
            {
                var inner = 0.0;
                for (var j = 0; j < 6; j++) inner += HartmannA[i, j] * Math.Pow(x[j] - HartmannP[i, j], 2);
                sum += HartmannAlpha[i] * Math.Exp(-inner);
            }
            return -sum;
        },
        -3.32237);

    /// <summary>The value at a suggested point.</summary>
    public double At(IReadOnlyList<ParamValue> point) => Value(point.Select(p => p.Number).ToList());
}

/// <summary>
/// A standard multi-objective test problem: its space, its loss vector (every objective minimised) and the reference
/// point of its hypervolume, the same as bench/python/motpe_bench.py's.
/// </summary>
public sealed record MultiObjectiveFunction(string Name, IReadOnlyList<SpaceParam> Space, Func<IReadOnlyList<double>, double[]> Values, double[] Reference)
{
    /// <summary>ZDT1 with 4 variables on [0, 1]⁴: a convex front f2 = 1 − √f1 where x2 = x3 = x4 = 0.</summary>
    public static readonly MultiObjectiveFunction Zdt1 = new("zdt1", UnitCube(4),
        x =>
        {
            var g = 1 + 9 * (x[1] + x[2] + x[3]) / 3;
            return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
        },
        [1.1, 11]);

    /// <summary>DTLZ2 with 3 objectives and 5 variables on [0, 1]⁵: the front is the positive octant of the unit sphere.</summary>
    public static readonly MultiObjectiveFunction Dtlz2 = new("dtlz2", UnitCube(5),
        x =>
        {
            var g = 0.0;
            for (var i = 2; i < 5; i++) g += (x[i] - 0.5) * (x[i] - 0.5);
            double a = x[0] * Math.PI / 2, b = x[1] * Math.PI / 2;
            return [(1 + g) * Math.Cos(a) * Math.Cos(b), (1 + g) * Math.Cos(a) * Math.Sin(b), (1 + g) * Math.Sin(a)];
        },
        [2, 2, 2]);

    /// <summary>The loss vector at a suggested point.</summary>
    public double[] At(IReadOnlyList<ParamValue> point) => Values(point.Select(p => p.Number).ToList());

    private static List<SpaceParam> UnitCube(int dimensions) =>
        Enumerable.Range(1, dimensions).Select(i => new SpaceParam($"x{i}", Distribution.Uniform, [], 0, 1)).ToList();
}
