namespace Goldstone.Trainer.Data;

/// <summary>
/// The 28 features of the UCI HIGGS format, in its column order (after the label): 21 low-level quantities
/// (lepton, missing energy, four jets) and 7 high-level invariant masses, in the units of the UCI file: every
/// azimuth is stored as φ / <see cref="RadiansPerPhiUnit"/> (φ in radians, in (−π, π]), every jet's b-tag takes
/// that jet's own three levels (<see cref="BTagLevels"/>). The file's other columns are rescaled too (momenta and
/// masses to means near 1, η to a spread near 1, about ±2.4 to ±3.0 at most); the generator writes momenta and
/// masses in units of 100 GeV and η as it is, which are close to those scales, and neither symmetry depends on
/// them: a rotation moves only the azimuths and a z-flip negates η whatever its scale.
/// </summary>
public static class HiggsFeatures
{
    /// <summary>Number of features per event (the label is not counted).</summary>
    public const int Count = 28;

    /// <summary>Number of jets in an event.</summary>
    public const int JetCount = 4;

    /// <summary>Lepton transverse momentum.</summary>
    public const int LeptonPt = 0;

    /// <summary>Lepton pseudorapidity.</summary>
    public const int LeptonEta = 1;

    /// <summary>Lepton azimuth.</summary>
    public const int LeptonPhi = 2;

    /// <summary>Missing transverse energy, magnitude.</summary>
    public const int MissingEnergy = 3;

    /// <summary>Missing transverse energy, azimuth.</summary>
    public const int MissingEnergyPhi = 4;

    /// <summary>First of the seven high-level masses (m_jj).</summary>
    public const int FirstMass = 21;

    /// <summary>
    /// Radians per file unit of every azimuth column. The UCI HIGGS file (Baldi, Sadowski and Whiteson 2014)
    /// standardised its features, and its six φ columns span ±1.7412 to ±1.7436 (per-column extremes of the file)
    /// where the physical azimuth spans ±π: the file holds φ / 1.8, whose bound π / 1.8 = 1.74533 lies just above
    /// every observed extreme (the per-column divisors the authors used are not published; they agree with 1.8 to
    /// about 0.1%). The loader, the symmetries and the generator all use this one constant.
    /// </summary>
    public const double RadiansPerPhiUnit = 1.8;

    /// <summary>The largest |azimuth| in file units, π / <see cref="RadiansPerPhiUnit"/> ≈ 1.74533.</summary>
    public const double PhiBound = Math.PI / RadiansPerPhiUnit;

    /// <summary>
    /// b-tag values of each jet's column (leading jet first): untagged, loose, tight. The file standardised each
    /// column on its own, so each jet has its own levels (0, c, 2c), c ≈ 1.0865, 1.1074, 1.2741, 1.5510; the values
    /// are the file's float32 numbers (e.g. jet 2's loose level is written 1.107436060905456543e+00 in the file).
    /// </summary>
    public static readonly float[][] BTagLevels =
    [
        [0f, 1.0865380764007568f, 2.1730761528015137f],
        [0f, 1.1074360609054565f, 2.214872121810913f],
        [0f, 1.2741122245788574f, 2.548224449157715f],
        [0f, 1.5509806871414185f, 3.101961374282837f],
    ];

    /// <summary>Column names, in file order.</summary>
    public static readonly string[] Names =
    [
        "lepton_pt", "lepton_eta", "lepton_phi", "missing_energy", "missing_energy_phi",
        "jet1_pt", "jet1_eta", "jet1_phi", "jet1_btag",
        "jet2_pt", "jet2_eta", "jet2_phi", "jet2_btag",
        "jet3_pt", "jet3_eta", "jet3_phi", "jet3_btag",
        "jet4_pt", "jet4_eta", "jet4_phi", "jet4_btag",
        "m_jj", "m_jjj", "m_lv", "m_jlv", "m_bb", "m_wbb", "m_wwbb",
    ];

    /// <summary>Every azimuth column: a global rotation adds the same angle to each.</summary>
    public static readonly int[] PhiColumns = [LeptonPhi, MissingEnergyPhi, JetPt(0) + 2, JetPt(1) + 2, JetPt(2) + 2, JetPt(3) + 2];

    /// <summary>Every pseudorapidity column: a z-flip negates each.</summary>
    public static readonly int[] EtaColumns = [LeptonEta, JetPt(0) + 1, JetPt(1) + 1, JetPt(2) + 1, JetPt(3) + 1];

    /// <summary>Jet transverse momentum columns, leading jet first.</summary>
    public static readonly int[] JetPtColumns = [JetPt(0), JetPt(1), JetPt(2), JetPt(3)];

    /// <summary>Mass columns that contain at least one jet (all but m_lv): they follow the jet energy scale.</summary>
    public static readonly int[] JetMassColumns = [21, 22, 24, 25, 26, 27];

    /// <summary>Jet b-tag columns, leading jet first.</summary>
    public static readonly int[] BTagColumns = [JetPt(0) + 3, JetPt(1) + 3, JetPt(2) + 3, JetPt(3) + 3];

    /// <summary>An azimuth in file units as radians.</summary>
    public static double PhiToRadians(double phi) => phi * RadiansPerPhiUnit;

    /// <summary>An azimuth in radians (any value) wrapped into (−π, π] and written in file units.</summary>
    public static double PhiFromRadians(double radians) => HiggsGenerator.WrapAngle(radians) / RadiansPerPhiUnit;

    /// <summary>Column of jet <paramref name="jet"/>'s pT (0-based jet index); η, φ and b-tag follow it.</summary>
    public static int JetPt(int jet) => 5 + 4 * jet;
}
