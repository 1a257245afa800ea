using System.Text.Json;
using Goldstone.Schema;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Optimizers;

internal static class OptimizerTestRequests
{
    /// <summary>Options parsed from an anonymous object's properties, as a request would carry them, against
    /// <paramref name="kind"/>'s catalog entries (the general defaults when null).</summary>
    public static OptimizerOptions Options(object parameters, KindDefinition? kind = null) =>
        OptimizerOptions.Parse(Parameters(parameters), kind ?? OptimizerOptions.General);

    public static TrialParameters Parameters(object parameters) =>
        new(JsonSerializer.SerializeToElement(parameters).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()));
}
