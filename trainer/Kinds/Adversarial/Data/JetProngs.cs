using Goldstone.Trainer.Common;

namespace Goldstone.Trainer.Kinds.Adversarial.Data;

/// <summary>A hard parton of a jet: its share of the jet pT, its axis relative to the jet's (Δη, Δφ), its mean
/// constituent multiplicity and angular width, the decay length of a heavy-flavour hadron in it (mm; 0 for light
/// flavour), whether a lepton comes out of that decay (0 none, 1 electron, 2 muon), and the uniform draw that fixes
/// its multiplicity as a Poisson quantile.</summary>
internal sealed record Prong(double PtFraction, double Eta, double Phi, double MeanMultiplicity, double Width, double DecayLength,
    int Lepton, double MultiplicityU);

/// <summary>
/// The hard process of a jet, drawn from the jet's own stream in a fixed order that does not depend on the tune.
/// Signal: H→bb̄ with the b quarks sharing the Higgs pT (z ~ U(0.15, 0.85)) at the opening angle of a 125 GeV decay,
/// b-hadron decays displaced by ~0.2 mm (65% of them measurably), 20% semileptonic, and in 40% of jets a hard gluon
/// radiated off one b. Background: a light-flavour jet of wide radiation, split in half of the jets into a second hard
/// prong (z ~ U(0.08, 0.43), angle log-uniform in 0.15-0.8, so its mass often lands near 125), and heavy flavour
/// (b or charm decay lengths, 30% of them semileptonic) in 20%.
/// </summary>
internal static class JetProngs
{
    private const double HiggsMass = 125;
    private const double BDecayLength = 0.2;
    private const double CharmDecayLength = 0.08;
    private const double PoorDecayLength = 0.03;

    /// <summary>The b prongs (and a radiated gluon) of an H→bb̄ jet of transverse momentum <paramref name="pt"/>.</summary>
    public static List<Prong> Signal(SplitMix64 random, double pt)
    {
        var z = 0.15 + 0.7 * random.NextDouble();
        var direction = 2 * Math.PI * random.NextDouble();
        var opening = HiggsMass / (pt * Math.Sqrt(z * (1 - z)));
        var prongs = new List<Prong>(2);
        foreach (var (fraction, offset) in new[] { (z, 1 - z), (1 - z, -z) })
        {
            // Not every b decay is measured as displaced (short decay, poorly measured tracks).
            var decayLength = random.NextDouble() < 0.65 ? BDecayLength : PoorDecayLength;
            var lepton = random.NextDouble() < 0.2 ? (random.NextDouble() < 0.5 ? 1 : 2) : 0;
            var mean = 10 * Math.Pow(fraction * pt / 300, 0.3);
            prongs.Add(new Prong(fraction, offset * opening * Math.Cos(direction), offset * opening * Math.Sin(direction), mean, 0.05,
                decayLength, lepton, random.NextDouble()));
        }
        // Hard final-state radiation: a gluon prong takes part of one b's momentum, blurring the two-prong picture.
        var radiates = random.NextDouble() < 0.4;
        var emitter = random.NextDouble() < 0.5 ? 0 : 1;
        var gluonShare = 0.05 + 0.25 * random.NextDouble();
        var gluonAngle = 0.1 + 0.3 * random.NextDouble();
        var gluonDirection = 2 * Math.PI * random.NextDouble();
        var gluonU = random.NextDouble();
        if (radiates)
        {
            var b = prongs[emitter];
            var gluon = gluonShare * b.PtFraction;
            prongs[emitter] = b with { PtFraction = b.PtFraction - gluon, MeanMultiplicity = b.MeanMultiplicity * (1 - gluonShare) };
            prongs.Add(new Prong(gluon, b.Eta + gluonAngle * Math.Cos(gluonDirection), b.Phi + gluonAngle * Math.Sin(gluonDirection),
                4 + 20 * gluon, 0.08, 0, 0, gluonU));
        }
        return prongs;
    }

    /// <summary>The one or two prongs of a QCD jet of transverse momentum <paramref name="pt"/>.</summary>
    public static List<Prong> Background(SplitMix64 random, double pt)
    {
        var split = random.NextDouble() < 0.5;
        var z = 0.08 + 0.35 * random.NextDouble();
        var angle = 0.15 * Math.Pow(0.8 / 0.15, random.NextDouble());
        var direction = 2 * Math.PI * random.NextDouble();
        var heavy = random.NextDouble() < 0.2;
        var decayLength = heavy ? (random.NextDouble() < 0.4 ? BDecayLength : CharmDecayLength) : 0;
        var lepton = heavy && random.NextDouble() < 0.3 ? (random.NextDouble() < 0.5 ? 1 : 2) : 0;
        var mainU = random.NextDouble();
        var secondU = random.NextDouble();
        var mainFraction = split ? 1 - z : 1;
        var prongs = new List<Prong>(2)
        {
            new(mainFraction, z * angle * Math.Cos(direction), z * angle * Math.Sin(direction), 18 * Math.Pow(pt / 600, 0.3), 0.14,
                decayLength, lepton, mainU),
        };
        if (split)
            prongs.Add(new Prong(z, -(1 - z) * angle * Math.Cos(direction), -(1 - z) * angle * Math.Sin(direction), 3 + 12 * z, 0.07,
                heavy ? decayLength : 0, 0, secondU));
        else
            prongs[0] = prongs[0] with { Eta = 0, Phi = 0 };
        return prongs;
    }
}
