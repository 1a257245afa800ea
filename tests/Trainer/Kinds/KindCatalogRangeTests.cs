using System.Globalization;
using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer.Kinds;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Kinds;

/// <summary>
/// The trainer enforces each catalog entry's bounds: for every kind, a request with one numeric parameter just
/// outside its range (the bound itself where it is exclusive) fails in the trainer with the exact message, and the
/// bound itself, where it is inclusive, passes the range check. A range changed in schema/ alone, or restated in the
/// trainer, fails here.
/// </summary>
public sealed class KindCatalogRangeTests
{
    public static TheoryData<string, string, double> JustOutside()
    {
        var data = new TheoryData<string, string, double>();
        foreach (var kind in KindCatalog.Kinds.Values)
        foreach (var param in kind.Params.Where(p => p.IsNumeric))
        {
            if (!double.IsInfinity(param.Min)) data.Add(kind.Name, param.Name, Below(param));
            if (!double.IsInfinity(param.Max)) data.Add(kind.Name, param.Name, Above(param));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(JustOutside))]
    public void Run_ParameterJustOutsideTheCatalogRange_IsRejectedNamingTheRange(string kind, string name, double value)
    {
        var schema = KindCatalog.Kinds[kind][name];

        var error = Assert.Throws<TrialRequestException>(() => Run(kind, name, value, schema.Kind));

        Assert.Equal($"params.{name}: {value.ToString(CultureInfo.InvariantCulture)} is outside {schema.Interval()}", error.Message);
    }

    public static TheoryData<string, string, double> InclusiveBounds()
    {
        var data = new TheoryData<string, string, double>();
        foreach (var kind in KindCatalog.Kinds.Values)
        foreach (var param in kind.Params.Where(p => p.IsNumeric))
        {
            if (!double.IsInfinity(param.Min) && !param.MinExclusive) data.Add(kind.Name, param.Name, param.Min);
            if (!double.IsInfinity(param.Max) && !param.MaxExclusive) data.Add(kind.Name, param.Name, param.Max);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InclusiveBounds))]
    public void Run_ParameterOnAnInclusiveBound_PassesTheRangeCheck(string kind, string name, double value)
    {
        // Every kind reads all its parameters before it rejects unknown ones, and checks rules between parameters
        // (iterations ≤ chain_log2) only after: a value that passes its range check ends at the unknown name.
        var error = Assert.Throws<TrialRequestException>(() => Run(kind, name, value, KindCatalog.Kinds[kind][name].Kind, zzProbe: true));

        Assert.StartsWith("params: unknown parameter(s) zz_probe (allowed: ", error.Message);
    }

    [Fact]
    public void Interval_Bounds_AreWrittenAsTheTrainerReportsThem()
    {
        Assert.Equal("(0, Infinity]", KindCatalog.OptimizerParams.Single(p => p.Name == "lr").Interval());
        Assert.Equal("(0, 10]", KindCatalog.SoftSymmetry["slice_span"].Interval());
        Assert.Equal("[-0.9, 10]", KindCatalog.SoftSymmetry["shift_scale"].Interval());
        Assert.Equal("[1, 2147483647]", KindCatalog.SoftSymmetry["batch_size"].Interval());
        Assert.Equal("[-Infinity, Infinity]", KindCatalog.Synthetic["x"].Interval());
    }

    private static double Below(ParamSchema param) => param.Kind == ParamKind.Integer ? param.Min - 1
        : param.MinExclusive ? param.Min : param.Min - Step(param.Min);

    private static double Above(ParamSchema param) => param.Kind == ParamKind.Integer ? param.Max + 1
        : param.MaxExclusive ? param.Max : param.Max + Step(param.Max);

    private static double Step(double bound) => Math.Max(1, Math.Abs(bound)) * 1e-9;

    // zzProbe adds an unknown parameter, so a request whose values all pass stops at the unknown-name check instead of
    // training a model.
    private static void Run(string kind, string name, double value, ParamKind type, bool zzProbe = false)
    {
        var parameters = new Dictionary<string, JsonElement>
        {
            [name] = type == ParamKind.Integer ? JsonSerializer.SerializeToElement((int)value) : JsonSerializer.SerializeToElement(value),
        };
        if (zzProbe) parameters["zz_probe"] = JsonSerializer.SerializeToElement(1);
        var request = new TrialRequest { Kind = kind, Epochs = 1, Threads = 1, Metrics = [], Params = parameters };
        TrialKinds.Create(kind).Run(request, new NullReporter(), CancellationToken.None);
    }

    private sealed class NullReporter : ITrialReporter
    {
        public void Epoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
        }
    }
}
