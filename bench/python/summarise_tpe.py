#!/usr/bin/env python3
"""Summarises a TPE run (raw/tpe.jsonl from both sides): median [quartiles] of the best value after N trials over the
seeds, per function and sampler, and the median cost of one suggestion. usage: summarise_tpe.py OUT [--at 50,100]"""
import argparse
import json
import os
import statistics
from collections import defaultdict

OPTIMA = {"branin": 0.397887, "hartmann6": -3.32237}


def quartiles(values):
    values = sorted(values)
    if len(values) < 2:
        return values[0], values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], statistics.median(values), q[2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--at", default="50,100")
    args = parser.parse_args()
    rows = [json.loads(line) for line in open(os.path.join(args.out, "raw", "tpe.jsonl")) if line.strip()]
    best = defaultdict(list)
    cost = {}
    for row in rows:
        if row["part"] == "best":
            best[(row["function"], row["impl"], row["sampler"])].append(row["best"])
        else:
            cost[(row["function"], row["impl"])] = (row["observed"], row["seconds"])
    points = [int(n) for n in args.at.split(",")]
    print("## Best value found (sequential, parallel 1): median [lower–upper quartile] over seeds\n")
    print("| function (optimum) | sampler | seeds | " + " | ".join(f"after {n}" for n in points) + " | median gap to optimum after " + str(points[-1]) + " |")
    print("|---|---|---|" + "---|" * len(points) + "---|")
    for key in sorted(best):
        function, impl, sampler = key
        runs = best[key]
        cells = []
        for n in points:
            values = [r[min(n, len(r)) - 1] for r in runs]
            lo, med, hi = quartiles(values)
            cells.append(f"{med:.4f} [{lo:.4f}–{hi:.4f}]")
        final = statistics.median(r[min(points[-1], len(r)) - 1] for r in runs)
        print(f"| {function} ({OPTIMA[function]}) | {impl} {sampler} | {len(runs)} | " + " | ".join(cells) + f" | {final - OPTIMA[function]:.4f} |")
    print("\n## Cost of one suggestion (TPE, one process, median [min–max] of the repetitions)\n")
    print("| function | implementation | finished trials | ms per suggestion |")
    print("|---|---|---|---|")
    for (function, impl), (observed, seconds) in sorted(cost.items()):
        ms = [s * 1000 for s in seconds]
        print(f"| {function} | {impl} | {observed} | {statistics.median(ms):.2f} [{min(ms):.2f}–{max(ms):.2f}] |")


if __name__ == "__main__":
    main()
