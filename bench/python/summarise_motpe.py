#!/usr/bin/env python3
"""Summarises a MOTPE run (raw/motpe.jsonl from both sides): median [quartiles] over the seeds of the hypervolume of
all trials' loss vectors after N trials, per function, implementation and sampler, and the median cost of one
suggestion. usage: summarise_motpe.py OUT [--at 50,100]

Both sides' hypervolumes come from the one implementation here, Optuna 3.1's WFG, so that they differ only by what
the searchers found."""
import math
from collections import defaultdict

import numpy as np
from optuna._hypervolume import WFG

from search_common import print_cost_table, quartiles, read_run

REFERENCES = {"zdt1": [1.1, 11.0], "dtlz2": [2.0, 2.0, 2.0]}
# The hypervolume of each true front under its reference: ZDT1's f2 = 1 − √f1 leaves 1.1·11 − ∫₀¹(1 − √f1) df1;
# DTLZ2's front is the unit sphere's positive octant, which leaves 2³ − π/6.
BEST = {"zdt1": 1.1 * 11 - 1 / 3, "dtlz2": 8 - math.pi / 6}


def hypervolume(points, reference):
    """WFG's hypervolume of the points strictly inside the reference (the others add nothing, and WFG rejects them)."""
    reference = np.asarray(reference)
    inside = [p for p in points if all(v < r for v, r in zip(p, reference))]
    if not inside:
        return 0.0
    return WFG().compute(np.asarray(inside), reference)


def main():
    points, rows = read_run("motpe")
    runs = defaultdict(list)
    cost = {}
    for row in rows:
        if row["part"] == "mo":
            runs[(row["function"], row["impl"], row["sampler"])].append(row["values"])
        elif row["part"] == "mo-cost":
            cost[(row["function"], row["impl"])] = (row["observed"], row["seconds"])
    print("## Hypervolume of all trials so far (sequential, parallel 1, higher is better): median [lower–upper quartile] over seeds\n")
    print("| function (reference; true front's) | sampler | seeds | " + " | ".join(f"after {n}" for n in points) + " |")
    print("|---|---|---|" + "---|" * len(points))
    for key in sorted(runs):
        function, impl, sampler = key
        reference = REFERENCES[function]
        cells = []
        for n in points:
            lo, med, hi = quartiles([hypervolume(values[:n], reference) for values in runs[key]])
            cells.append(f"{med:.4f} [{lo:.4f}–{hi:.4f}]")
        label = f"{function} ({', '.join(f'{r:g}' for r in reference)}; {BEST[function]:.4f})"
        print(f"| {label} | {impl} {sampler} | {len(runs[key])} | " + " | ".join(cells) + " |")
    print_cost_table("Cost of one suggestion (MOTPE, one process, median [min–max] of the repetitions)", cost)


if __name__ == "__main__":
    main()
