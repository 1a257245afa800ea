namespace Goldstone.Trainer.Metrics;

/// <summary>Area under the ROC curve, computed exactly as the Mann-Whitney statistic.</summary>
public static class RocAuc
{
    /// <summary>
    /// P(score of a random positive &gt; score of a random negative) + ½·P(equal): tied scores get their mean rank.
    /// Labels above 0.5 are positives.
    /// </summary>
    /// <returns>NaN when either class is empty or a score is NaN (a diverged model has no meaningful AUC).</returns>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels");
        var order = new int[scores.Length];
        var keys = new float[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (float.IsNaN(scores[i])) return double.NaN;
            order[i] = i;
            keys[i] = scores[i];
        }
        Array.Sort(keys, order);

        double positiveRankSum = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && keys[end] == keys[start]) end++;
            // Ranks start + 1 … end share their mean.
            var meanRank = (start + 1 + end) / 2.0;
            for (var i = start; i < end; i++)
            {
                if (labels[order[i]] <= 0.5f) continue;
                positiveRankSum += meanRank;
                positives++;
            }
            start = end;
        }
        long negatives = order.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
