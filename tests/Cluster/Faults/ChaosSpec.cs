using System.Globalization;

namespace Goldstone.Tests.Cluster.Faults;

/// <summary>
/// The campaign the fault tests run: sleeping synthetic trials of four epochs with a checkpoint after each, 90 by
/// default (5 × 3 points × 6 seeds), more seeds when GOLDSTONE_CHAOS_ROUNDS asks for more kill rounds, fewer when a
/// test asks for a smaller campaign.
/// </summary>
public static class ChaosSpec
{
    /// <summary>Kill rounds of the repeated-kill test: 5, or GOLDSTONE_CHAOS_ROUNDS (e.g. 20).</summary>
    public static int Rounds =>
        int.TryParse(Environment.GetEnvironmentVariable("GOLDSTONE_CHAOS_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds > 0
            ? rounds : 5;

    /// <summary>
    /// Seeds per point: 6 per 5 rounds, so that the campaign outlasts the rounds (a round is a kill, a restarted silo's
    /// start and 4 s; with 4 seeds the 60-trial campaign ended within 3 of 5 rounds in a full run).
    /// </summary>
    public static int Seeds => 6 * (int)Math.Ceiling(Rounds / 5.0);

    /// <summary>Trials of the campaign.</summary>
    public static int Trials => 15 * Seeds;

    /// <summary>The spec of campaign <paramref name="name"/>: 15 points × <paramref name="seeds"/> (default <see cref="Seeds"/>) trials.</summary>
    public static string Text(string name, int? seeds = null) => $$"""
        name: {{name}}
        kind: synthetic
        params: {duration: 3}
        search:
          space:
            x: {values: [0, 0.25, 0.5, 0.75, 1]}
            y: {values: [0, 0.5, 1]}
        seeds: {{seeds ?? Seeds}}
        epochs: 4
        retries: {max_attempts: 3}
        table:
          baseline: {x: 0, y: 0}
          metrics: [score, loss]
        """;
}
