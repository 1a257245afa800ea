using Goldstone.Trainer.Common;

namespace Goldstone.Trainer.Data;

/// <summary>
/// A small event generator in the HIGGS format. Signal is gg → H⁰ → W∓H± → W∓W±h → W∓W±bb̄ (m_H⁰ = 425 GeV,
/// m_H± = 325 GeV, m_h = 125 GeV), background is tt̄ → W∓W±bb̄, both with one leptonic and one hadronic W, as in
/// the UCI data set. Events are built from four-momenta with two-body decays, smeared by a simple detector, and
/// only then given a global azimuth φ₀ ~ U(−π, π] and a random sign of every η. The class therefore depends on
/// invariant quantities only, and a global rotation or z-flip maps the event distribution onto itself exactly
/// (unless a symmetry breaking b &gt; 0 asks for labels that are only approximately invariant under the rotation).
/// Events are written in the UCI file's units (<see cref="HiggsFeatures"/>): azimuths as φ / 1.8, each jet's b-tag
/// at that jet's own levels, so that generated events and a file's events go through the same transforms.
/// </summary>
public static class HiggsGenerator
{
    private const double WMass = 0.804;
    private const double TopMass = 1.73;
    private const double LightHiggsMass = 1.25;
    private const double ChargedHiggsMass = 3.25;
    private const double HeavyHiggsMass = 4.25;
    private const double BottomMass = 0.048;
    private const double JetResolution = 0.15;
    private const double LeptonResolution = 0.02;
    private const double AngularResolution = 0.02;
    private const double SoftMissingEnergy = 0.1;
    private const int MaxAttempts = 1000;

    /// <summary>
    /// Generates <paramref name="count"/> events. Event i depends only on (<paramref name="seed"/>,
    /// <paramref name="stream"/>, i), and the tune changes the detector response but not the underlying truth or
    /// the random draws: the same seed and stream under two tunes give the same physics events measured two ways.
    /// </summary>
    /// <param name="symmetryBreaking">b in [0, 1]: 0 (the default) labels every event by its physics class, so the
    /// labels are exactly invariant; above 0 the labels are only approximately invariant (<see cref="SignalProbability"/>).
    /// The events themselves do not depend on b, and the relabelling draws come after every other draw.</param>
    public static HiggsDataset Generate(int count, long seed, long stream, DetectorTune tune, double symmetryBreaking = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(symmetryBreaking is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(symmetryBreaking), symmetryBreaking, "symmetry breaking must be in [0, 1]");
        var features = new float[count * HiggsFeatures.Count];
        var labels = new float[count];
        for (var i = 0; i < count; i++)
        {
            var random = SplitMix64.Derive(seed, stream, i);
            var truth = GenerateTruth(random);
            var row = features.AsSpan(i * HiggsFeatures.Count, HiggsFeatures.Count);
            Reconstruct(truth, random, tune, row);
            // Both draws happen whatever b: a larger b relabels a superset of the events a smaller one does.
            var relabel = random.NextDouble() < symmetryBreaking;
            var replacement = random.NextDouble() < BreakingScore(row);
            labels[i] = (relabel ? replacement : truth.Signal) ? 1f : 0f;
        }
        return new HiggsDataset(features, labels);
    }

    /// <summary>
    /// The label's non-invariant part: (1 + cos φ_ℓ) / 2, with φ_ℓ the lepton's stored azimuth in radians. The lepton,
    /// not a jet, because the detector tune leaves it alone: the nominal and shifted test sets keep the same labels.
    /// </summary>
    public static double BreakingScore(ReadOnlySpan<float> features) =>
        (1 + Math.Cos(HiggsFeatures.PhiToRadians(features[HiggsFeatures.LeptonPhi]))) / 2;

    /// <summary>
    /// The Bayes-optimal score of a generated event, P(signal | x) = (1 − b)·q(x) + b·(1 + cos φ_ℓ)/2: with
    /// probability b an event's label is redrawn from its lepton's absolute azimuth (<see cref="BreakingScore"/>),
    /// otherwise it is the physics class, whose probability q(x) depends on invariant quantities only. Under a
    /// rotation by α the score therefore moves by (b/2)·(cos(φ_ℓ + α) − cos φ_ℓ), by −b·cos φ_ℓ for α = π; the
    /// z-flip leaves it unchanged.
    /// </summary>
    /// <param name="invariantProbability">q(x), the probability of the physics class given the event.</param>
    /// <param name="features">The event's 28 features in file units.</param>
    /// <param name="symmetryBreaking">b in [0, 1].</param>
    public static double SignalProbability(double invariantProbability, ReadOnlySpan<float> features, double symmetryBreaking) =>
        (1 - symmetryBreaking) * invariantProbability + symmetryBreaking * BreakingScore(features);

    /// <summary>Wraps an angle into (−π, π].</summary>
    public static double WrapAngle(double angle)
    {
        var wrapped = Math.IEEERemainder(angle, 2 * Math.PI);
        return wrapped <= -Math.PI ? wrapped + 2 * Math.PI : wrapped;
    }

    private sealed record Truth(bool Signal, FourVector Lepton, FourVector Neutrino, FourVector[] Quarks, bool[] IsBottom);

    private static Truth GenerateTruth(SplitMix64 random)
    {
        var signal = random.NextDouble() < 0.5;
        Truth? truth = null;
        // Acceptance is decided on the truth only, so that every tune sees the same events.
        for (var attempt = 0; attempt < MaxAttempts && (truth is null || !Accepted(truth)); attempt++)
            truth = signal ? Signal(random) : Background(random);
        return truth!;
    }

    private static Truth Signal(SplitMix64 random)
    {
        var heavy = System(random, HeavyHiggsMass + 0.03 * random.NextNormal());
        var (wFromHeavy, charged) = Decay(heavy, Mass(random, WMass, 0.02), ChargedHiggsMass + 0.02 * random.NextNormal(), random);
        var (wFromCharged, higgs) = Decay(charged, Mass(random, WMass, 0.02), LightHiggsMass + 0.01 * random.NextNormal(), random);
        var (b1, b2) = Decay(higgs, BottomMass, BottomMass, random);
        return WithWDecays(true, wFromHeavy, wFromCharged, b1, b2, random);
    }

    private static Truth Background(SplitMix64 random)
    {
        // tt̄ pairs are produced from threshold with a falling tail in their invariant mass.
        var pair = System(random, 2 * TopMass - 0.9 * Math.Log(1 - random.NextDouble()));
        var (top1, top2) = Decay(pair, Mass(random, TopMass, 0.015), Mass(random, TopMass, 0.015), random);
        var (w1, b1) = Decay(top1, Mass(random, WMass, 0.02), BottomMass, random);
        var (w2, b2) = Decay(top2, Mass(random, WMass, 0.02), BottomMass, random);
        return WithWDecays(false, w1, w2, b1, b2, random);
    }

    private static Truth WithWDecays(bool signal, FourVector w1, FourVector w2, FourVector b1, FourVector b2, SplitMix64 random)
    {
        var (leptonic, hadronic) = random.NextDouble() < 0.5 ? (w1, w2) : (w2, w1);
        var (lepton, neutrino) = Decay(leptonic, 0, 0, random);
        var (q1, q2) = Decay(hadronic, 0, 0, random);
        return new Truth(signal, lepton, neutrino, [b1, b2, q1, q2], [true, true, false, false]);
    }

    private static bool Accepted(Truth truth) =>
        truth.Lepton.Pt > 0.25 && Math.Abs(truth.Lepton.Eta) < 2.5
        && truth.Quarks.All(q => q.Pt > 0.2 && Math.Abs(q.Eta) < 2.5);

    /// <summary>The heavy system (H⁰ or tt̄) with a small recoil against initial-state radiation.</summary>
    private static FourVector System(SplitMix64 random, double mass)
    {
        var px = 0.25 * random.NextNormal();
        var py = 0.25 * random.NextNormal();
        var rapidity = 0.8 * random.NextNormal();
        return FourVector.FromPtRapidity(Math.Sqrt(px * px + py * py), rapidity, Math.Atan2(py, px), mass);
    }

    private static double Mass(SplitMix64 random, double mean, double width) => Math.Max(0.5 * mean, mean + width * random.NextNormal());

    private static (FourVector, FourVector) Decay(FourVector parent, double mass1, double mass2, SplitMix64 random) =>
        parent.Decay(mass1, mass2, 2 * random.NextDouble() - 1, 2 * Math.PI * random.NextDouble());

    private static void Reconstruct(Truth truth, SplitMix64 random, DetectorTune tune, Span<float> features)
    {
        var lepton = FourVector.Massless(truth.Lepton.Pt * (1 + LeptonResolution * random.NextNormal()), truth.Lepton.Eta, truth.Lepton.Phi);
        var missingX = truth.Neutrino.Px + SoftMissingEnergy * random.NextNormal();
        var missingY = truth.Neutrino.Py + SoftMissingEnergy * random.NextNormal();

        var jets = new (FourVector Momentum, int BTag)[HiggsFeatures.JetCount];
        for (var j = 0; j < jets.Length; j++)
        {
            var quark = truth.Quarks[j];
            // Every draw happens whatever the tune, so that tunes differ in the response only.
            var nominal = random.NextNormal();
            var extra = random.NextNormal();
            var response = tune.JetEnergyScale * Math.Max(0.05, 1 + JetResolution * nominal + tune.ExtraJetSmearing * extra);
            var eta = quark.Eta + AngularResolution * random.NextNormal();
            var phi = quark.Phi + AngularResolution * random.NextNormal();
            var jet = FourVector.Massless(quark.Pt * response, eta, phi);
            // Mismeasured jets show up as fake missing energy.
            missingX += quark.Px - jet.Px;
            missingY += quark.Py - jet.Py;
            jets[j] = (jet, BTag(truth.IsBottom[j], random.NextDouble()));
        }

        var rotation = Math.PI - 2 * Math.PI * random.NextDouble();
        var flip = random.NextDouble() < 0.5 ? -1.0 : 1.0;

        var neutrino = Neutrino(lepton, missingX, missingY);
        var ordered = jets.OrderByDescending(j => j.Momentum.Pt).ToArray();
        WriteLowLevel(features, lepton, missingX, missingY, ordered, rotation, flip);
        WriteMasses(features, lepton, neutrino, ordered);
    }

    /// <summary>The b-tag category of a jet: 0 untagged, 1 loose, 2 tight (its column's value is the jet's level).</summary>
    private static int BTag(bool bottom, double u)
    {
        var (tight, loose) = bottom ? (0.55, 0.20) : (0.06, 0.12);
        return u < tight ? 2 : u < tight + loose ? 1 : 0;
    }

    /// <summary>The neutrino with its unmeasured pz solved from the W mass, the smaller |pz| of the two roots.</summary>
    private static FourVector Neutrino(FourVector lepton, double missingX, double missingY)
    {
        var leptonPt2 = lepton.Px * lepton.Px + lepton.Py * lepton.Py;
        var missing2 = missingX * missingX + missingY * missingY;
        var mu = WMass * WMass / 2 + lepton.Px * missingX + lepton.Py * missingY;
        var centre = mu * lepton.Pz / leptonPt2;
        var discriminant = centre * centre - (lepton.E * lepton.E * missing2 - mu * mu) / leptonPt2;
        // No real root: the measured missing energy is too large for an on-shell W; keep the real part.
        var pz = discriminant < 0 ? centre
            : Math.Abs(centre - Math.Sqrt(discriminant)) < Math.Abs(centre + Math.Sqrt(discriminant)) ? centre - Math.Sqrt(discriminant)
            : centre + Math.Sqrt(discriminant);
        return new FourVector(Math.Sqrt(missing2 + pz * pz), missingX, missingY, pz);
    }

    private static void WriteLowLevel(Span<float> features, FourVector lepton, double missingX, double missingY,
        (FourVector Momentum, int BTag)[] jets, double rotation, double flip)
    {
        features[HiggsFeatures.LeptonPt] = (float)lepton.Pt;
        features[HiggsFeatures.LeptonEta] = (float)(flip * lepton.Eta);
        features[HiggsFeatures.LeptonPhi] = (float)HiggsFeatures.PhiFromRadians(lepton.Phi + rotation);
        features[HiggsFeatures.MissingEnergy] = (float)Math.Sqrt(missingX * missingX + missingY * missingY);
        features[HiggsFeatures.MissingEnergyPhi] = (float)HiggsFeatures.PhiFromRadians(Math.Atan2(missingY, missingX) + rotation);
        for (var j = 0; j < jets.Length; j++)
        {
            var column = HiggsFeatures.JetPt(j);
            features[column] = (float)jets[j].Momentum.Pt;
            features[column + 1] = (float)(flip * jets[j].Momentum.Eta);
            features[column + 2] = (float)HiggsFeatures.PhiFromRadians(jets[j].Momentum.Phi + rotation);
            // The jets are in pT order here, and the file's column j has its own levels.
            features[column + 3] = HiggsFeatures.BTagLevels[j][jets[j].BTag];
        }
    }

    /// <summary>
    /// The seven high-level masses. As in an analysis, the two most b-tagged jets are the b candidates (ties go
    /// to the harder jet; tag categories are compared, not the columns' values, whose levels differ per jet), the
    /// other two the hadronic W; the b that brings m_jjj closest to the top mass joins the hadronic side and the other
    /// the leptonic side.
    /// </summary>
    private static void WriteMasses(Span<float> features, FourVector lepton, FourVector neutrino, (FourVector Momentum, int BTag)[] jets)
    {
        var byTag = Enumerable.Range(0, jets.Length).OrderByDescending(j => jets[j].BTag).ThenBy(j => j).ToArray();
        var (b1, b2) = (jets[byTag[0]].Momentum, jets[byTag[1]].Momentum);
        var lightPair = jets[byTag[2]].Momentum + jets[byTag[3]].Momentum;
        var (hadronicB, leptonicB) = Math.Abs((lightPair + b1).Mass - TopMass) <= Math.Abs((lightPair + b2).Mass - TopMass) ? (b1, b2) : (b2, b1);
        var leptonicW = lepton + neutrino;
        var m = HiggsFeatures.FirstMass;
        features[m] = (float)lightPair.Mass;
        features[m + 1] = (float)(lightPair + hadronicB).Mass;
        features[m + 2] = (float)leptonicW.Mass;
        features[m + 3] = (float)(leptonicW + leptonicB).Mass;
        features[m + 4] = (float)(b1 + b2).Mass;
        features[m + 5] = (float)(lightPair + b1 + b2).Mass;
        features[m + 6] = (float)(leptonicW + lightPair + b1 + b2).Mass;
    }
}
