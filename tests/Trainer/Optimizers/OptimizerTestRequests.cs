using System.Text.Json;
using Goldstone.Trainer.Optimizers;
using Goldstone.Trainer.Protocol;

namespace Goldstone.Tests.Trainer.Optimizers;

internal static class OptimizerTestRequests
{
    /// <summary>Options parsed from an anonymous object's properties, as a request would carry them.</summary>
    public static OptimizerOptions Options(object parameters, OptimizerOptions? defaults = null) =>
        OptimizerOptions.Parse(Parameters(parameters), defaults ?? new OptimizerOptions());

    public static TrialParameters Parameters(object parameters) =>
        new(JsonSerializer.SerializeToElement(parameters).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()));
}
