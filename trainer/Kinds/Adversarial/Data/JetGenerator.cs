using Goldstone.Trainer.Common;

namespace Goldstone.Trainer.Kinds.Adversarial.Data;

/// <summary>
/// A toy generator of boosted large-radius jets (pT from 450 GeV, |η| &lt; 2, R = 0.8): H→bb̄ signal against QCD
/// background, with the hard process of <see cref="JetProngs"/>. Each prong fragments into a Poisson number of
/// constituents sharing its pT by weights (−ln u)^γ, spread around its axis (softer ones wider); charged ones carry
/// impact parameters d0, dz (mm) from the track resolution plus, from a heavy-flavour decay, its decay length; a soft
/// underlying event fills the jet area. The features are then measured relative to the summed jet momentum, and
/// the hardest 40 constituents kept. Jets overlap enough that a classifier is good but not perfect (an MLP reaches an
/// AUC of about 0.93). Every jet draws from its own random streams (the trial seed, the set's stream and the jet's
/// index; each constituent its own stream again), so a jet's label and hard process are the same under both tunes,
/// the extra constituents of the shifted tune come on top of the nominal ones, and jets can be generated in parallel
/// with the same result.
/// </summary>
public static class JetGenerator
{
    private const double JetRadius = 0.8;

    /// <summary>Generates <paramref name="count"/> jets, alternately signal (even index) and background.</summary>
    /// <param name="stream">Which set (train, test, …): sets with different streams share no jets.</param>
    /// <param name="threads">Jets generated in parallel; the result does not depend on it.</param>
    public static JetSet Generate(int count, long seed, long stream, JetTune tune, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var features = new float[(long)count * JetLayout.Inputs];
        var labels = new float[count];
        var multiplicity = new int[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, index =>
        {
            var signal = index % 2 == 0;
            labels[index] = signal ? 1 : 0;
            multiplicity[index] = GenerateJet(seed, stream, index, signal, tune, features.AsSpan(index * JetLayout.Inputs, JetLayout.Inputs));
        });
        return new JetSet(features, labels, multiplicity);
    }

    private record struct Constituent(double Pt, double Eta, double Phi, int Charge, int Type, double D0, double Dz);

    /// <summary>Writes one jet's 602 inputs into <paramref name="row"/>; returns its constituent count before the cap.</summary>
    private static int GenerateJet(long seed, long stream, int index, bool signal, JetTune tune, Span<float> row)
    {
        var random = SplitMix64.Derive(seed, stream, index);
        var pt = Math.Min(450 + 150 * Exponential(random), 1500);
        var eta = -2 + 4 * random.NextDouble();
        var energyScale = 1 + tune.EnergyScaleMean + tune.EnergyScaleSigma * random.NextNormal();
        var prongs = signal ? JetProngs.Signal(random, pt) : JetProngs.Background(random, pt);

        var constituents = new List<Constituent>();
        for (var p = 0; p < prongs.Count; p++)
            AddProng(constituents, prongs[p], SplitMix64.Derive(seed, stream, index, p + 1), pt, eta, tune);
        AddUnderlyingEvent(constituents, SplitMix64.Derive(seed, stream, index, 0), eta, tune);
        for (var i = 0; i < constituents.Count; i++) constituents[i] = constituents[i] with { Pt = constituents[i].Pt * energyScale };
        Write(constituents, row);
        return constituents.Count;
    }

    private static void AddProng(List<Constituent> output, Prong prong, SplitMix64 prongRandom, double jetPt, double jetEta, JetTune tune)
    {
        var count = Math.Max(1, Poisson(prong.MeanMultiplicity * tune.MultiplicityScale, prong.MultiplicityU));
        // A semileptonic decay hands part of the prong's momentum to an invisible neutrino.
        var visible = prong.Lepton != 0 ? 1 - (0.1 + 0.25 * prongRandom.NextDouble()) : 1;
        var draws = new (double Weight, double Radius, double Direction, double TypeU, int Sign, double FromDecayU, double N1, double N2, double L1, double L2, int Sign2)[count];
        var total = 0.0;
        for (var j = 0; j < count; j++)
        {
            var r = SplitMix64.Derive((long)prongRandom.NextUInt64(), j);
            var weight = Math.Pow(Exponential(r), tune.SharingExponent) * (j == 0 && prong.Lepton != 0 ? 2 : 1);
            draws[j] = (weight, Exponential(r), 2 * Math.PI * r.NextDouble(), r.NextDouble(), r.NextDouble() < 0.5 ? -1 : 1,
                r.NextDouble(), r.NextNormal(), r.NextNormal(), Exponential(r), Exponential(r), r.NextDouble() < 0.5 ? -1 : 1);
            total += weight;
        }
        for (var j = 0; j < count; j++)
        {
            var d = draws[j];
            var share = d.Weight / total;
            var pt = prong.PtFraction * jetPt * visible * share;
            // Soft constituents spread wider around the prong axis.
            var radius = Math.Min(1.2, prong.Width * tune.AngularWidthScale * d.Radius * Math.Pow(1.0 / (count * share), 0.3));
            int type;
            if (j == 0 && prong.Lepton != 0) type = prong.Lepton == 1 ? 0 : 1;
            else if (d.TypeU < 0.28) type = 4;
            else if (d.TypeU < 0.40) type = 3;
            else type = 2;
            var charge = type is 3 or 4 ? 0 : d.Sign;
            double d0 = 0, dz = 0;
            if (charge != 0)
            {
                var resolution = 0.01 + 0.3 / pt;
                d0 = resolution * d.N1;
                dz = 1.5 * resolution * d.N2;
                if (prong.DecayLength > 0 && d.FromDecayU < 0.5)
                {
                    d0 += d.Sign * prong.DecayLength * d.L1;
                    dz += d.Sign2 * 1.3 * prong.DecayLength * d.L2;
                }
            }
            output.Add(new Constituent(pt, jetEta + prong.Eta + radius * Math.Cos(d.Direction), prong.Phi + radius * Math.Sin(d.Direction),
                charge, type, d0, dz));
        }
    }

    /// <summary>Soft prompt particles from the underlying event and pile-up, spread evenly over the jet area.</summary>
    private static void AddUnderlyingEvent(List<Constituent> output, SplitMix64 random, double jetEta, JetTune tune)
    {
        var count = Poisson(6 * tune.MultiplicityScale, random.NextDouble());
        for (var j = 0; j < count; j++)
        {
            var r = SplitMix64.Derive((long)random.NextUInt64(), j);
            var pt = 0.5 + 1.5 * Exponential(r);
            var radius = JetRadius * Math.Sqrt(r.NextDouble());
            var direction = 2 * Math.PI * r.NextDouble();
            var charged = r.NextDouble() < 0.6;
            var sign = r.NextDouble() < 0.5 ? -1 : 1;
            var resolution = 0.01 + 0.3 / pt;
            output.Add(new Constituent(pt, jetEta + radius * Math.Cos(direction), radius * Math.Sin(direction), charged ? sign : 0, charged ? 2 : 4,
                charged ? resolution * r.NextNormal() : 0, charged ? 1.5 * resolution * r.NextNormal() : 0));
        }
    }

    /// <summary>Features relative to the measured jet axis; constituents sorted by pT, the hardest 40 kept.</summary>
    private static void Write(List<Constituent> constituents, Span<float> row)
    {
        double px = 0, py = 0, pz = 0, e = 0;
        foreach (var c in constituents)
        {
            px += c.Pt * Math.Cos(c.Phi);
            py += c.Pt * Math.Sin(c.Phi);
            pz += c.Pt * Math.Sinh(c.Eta);
            e += c.Pt * Math.Cosh(c.Eta);
        }
        var jetPt = Math.Sqrt(px * px + py * py);
        var jetMass = Math.Sqrt(Math.Max(e * e - px * px - py * py - pz * pz, 1e-6));
        var jetEta = Math.Asinh(pz / jetPt);
        var jetPhi = Math.Atan2(py, px);
        var order = Enumerable.Range(0, constituents.Count).OrderByDescending(i => constituents[i].Pt).ThenBy(i => i).Take(JetLayout.MaxConstituents);
        row.Clear();
        var slot = 0;
        foreach (var i in order)
        {
            var c = constituents[i];
            var deta = c.Eta - jetEta;
            var dphi = Math.IEEERemainder(c.Phi - jetPhi, 2 * Math.PI);
            var energy = c.Pt * Math.Cosh(c.Eta);
            var f = row.Slice(slot++ * JetLayout.ConstituentFeatures, JetLayout.ConstituentFeatures);
            f[0] = (float)Math.Log(c.Pt);
            f[1] = (float)(c.Pt / jetPt);
            f[2] = (float)deta;
            f[3] = (float)dphi;
            f[4] = (float)Math.Sqrt(deta * deta + dphi * dphi);
            f[5] = (float)Math.Log(energy);
            f[6] = (float)(energy / e);
            f[7] = c.Charge;
            f[JetLayout.FirstTypeFlag + c.Type] = 1;
            f[13] = (float)Math.Tanh(c.D0);
            f[14] = (float)Math.Tanh(c.Dz);
        }
        row[JetLayout.JetLogPt] = (float)Math.Log(jetPt);
        row[JetLayout.JetLogMass] = (float)Math.Log(jetMass);
    }

    private static double Exponential(SplitMix64 random) => -Math.Log(1 - random.NextDouble());

    /// <summary>The Poisson(<paramref name="mean"/>) quantile at <paramref name="u"/>: one uniform per draw, so a
    /// larger mean with the same u never gives fewer constituents.</summary>
    private static int Poisson(double mean, double u)
    {
        var probability = Math.Exp(-mean);
        var cumulative = probability;
        var k = 0;
        while (u > cumulative && k < 10_000)
        {
            k++;
            probability *= mean / k;
            cumulative += probability;
        }
        return k;
    }
}
