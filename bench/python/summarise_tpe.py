#!/usr/bin/env python3
"""Summarises a TPE run (raw/tpe.jsonl from both sides): median [quartiles] of the best value after N trials over the
seeds, per function and sampler, and the median cost of one suggestion. usage: summarise_tpe.py OUT [--at 50,100]"""
import statistics
from collections import defaultdict

from search_common import print_cost_table, quartiles, read_run

OPTIMA = {"branin": 0.397887, "hartmann6": -3.32237}


def main():
    points, rows = read_run("tpe")
    best = defaultdict(list)
    cost = {}
    for row in rows:
        if row["part"] == "best":
            best[(row["function"], row["impl"], row["sampler"])].append(row["best"])
        else:
            cost[(row["function"], row["impl"])] = (row["observed"], row["seconds"])
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
    print_cost_table("Cost of one suggestion (TPE, one process, median [min–max] of the repetitions)", cost)


if __name__ == "__main__":
    main()
