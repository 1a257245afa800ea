namespace Goldstone.Trainer.Data;

/// <summary>
/// How the simulated detector measures jets. The nominal tune trains and tests; a shifted tune (a different jet
/// energy scale and worse resolution, as when simulation meets real data) is used only for evaluation.
/// </summary>
/// <param name="JetEnergyScale">Multiplies every jet's measured momentum (1 = nominal).</param>
/// <param name="ExtraJetSmearing">Relative resolution added in quadrature to the nominal one (0 = nominal).</param>
public sealed record DetectorTune(double JetEnergyScale, double ExtraJetSmearing)
{
    /// <summary>The tune the model trains on.</summary>
    public static DetectorTune Nominal { get; } = new(1, 0);

    /// <summary>The evaluation-only tune: scale 1 + <paramref name="shiftScale"/>, extra smearing <paramref name="shiftScale"/>.</summary>
    public static DetectorTune Shifted(double shiftScale) => new(1 + shiftScale, Math.Abs(shiftScale));
}
