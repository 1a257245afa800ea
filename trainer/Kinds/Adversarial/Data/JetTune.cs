namespace Goldstone.Trainer.Kinds.Adversarial.Data;

/// <summary>
/// The generator settings that differ between two "event generators": the model trains on the nominal tune and is
/// evaluated on the shifted one too, as the paper trains on Pythia and tests on Herwig.
/// </summary>
/// <param name="Name">For messages.</param>
/// <param name="MultiplicityScale">Multiplies every prong's mean constituent multiplicity.</param>
/// <param name="SharingExponent">γ of the pT sharing inside a prong: constituent weights are (−ln u)^γ, so a larger γ
/// gives the hardest constituents a larger share.</param>
/// <param name="AngularWidthScale">Multiplies every prong's angular width.</param>
/// <param name="EnergyScaleMean">Mean δ of the per-jet energy scale 1 + δ applied to every constituent.</param>
/// <param name="EnergyScaleSigma">Standard deviation of δ.</param>
public sealed record JetTune(string Name, double MultiplicityScale, double SharingExponent, double AngularWidthScale,
    double EnergyScaleMean, double EnergyScaleSigma)
{
    /// <summary>The training tune.</summary>
    public static JetTune Nominal { get; } = new("nominal", 1.0, 1.6, 1.0, 0, 0);

    /// <summary>The evaluation-only tune: multiplicity +10%, softer pT sharing, 10% wider prongs, δ ~ N(0.02, 0.03).</summary>
    public static JetTune Shifted { get; } = new("shifted", 1.1, 1.4, 1.1, 0.02, 0.03);
}
