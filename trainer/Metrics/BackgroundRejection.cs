namespace Goldstone.Trainer.Metrics;

/// <summary>
/// Background rejection 1/ε_B at a working point of signal efficiency ε_S (<c>bkg_rejection@ε_S</c>), read off the
/// empirical ROC curve: the points (ε_S, ε_B) of the cuts "score ≥ t" for every distinct score t, plus (0, 0).
/// </summary>
public static class BackgroundRejection
{
    /// <summary>
    /// 1/ε_B at the ROC point whose ε_S is nearest <paramref name="signalEfficiency"/>; of two equally near points
    /// the tighter cut (smaller ε_B) wins. Tied scores form one cut, so a tie between classes moves ε_S and ε_B
    /// together. When no background passes the cut, ε_B is taken as 1/N_B (one event's worth), so the rejection is
    /// capped at the number of background events instead of being infinite. Labels above 0.5 are signal.
    /// </summary>
    /// <returns>NaN when either class is empty or a score is NaN.</returns>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, double signalEfficiency)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels");
        if (!(signalEfficiency > 0 && signalEfficiency < 1))
            throw new ArgumentOutOfRangeException(nameof(signalEfficiency), signalEfficiency, "must be in (0, 1)");
        var keys = new float[scores.Length];
        var isSignal = new bool[scores.Length];
        long signal = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i])) return double.NaN;
            keys[i] = -scores[i];
            isSignal[i] = labels[i] > 0.5f;
            if (isSignal[i]) signal++;
        }
        long background = scores.Length - signal;
        if (signal == 0 || background == 0) return double.NaN;
        Array.Sort(keys, isSignal);

        // Start at the empty cut (0, 0); lower the threshold one distinct score at a time.
        long passedSignal = 0, passedBackground = 0;
        double bestDistance = signalEfficiency, bestBackground = 0;
        for (var start = 0; start < keys.Length;)
        {
            var end = start;
            for (; end < keys.Length && keys[end] == keys[start]; end++)
                if (isSignal[end]) passedSignal++;
                else passedBackground++;
            start = end;
            var distance = Math.Abs((double)passedSignal / signal - signalEfficiency);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                bestBackground = (double)passedBackground / background;
            }
        }
        return 1 / Math.Max(bestBackground, 1.0 / background);
    }
}
