#!/usr/bin/python3
"""Summarises one bench/run.sh run: pools the JSON lines under OUT/raw by (part, workload, implementation, variant,
threads, metric), and prints Markdown tables of medians with their spread, the side-by-side ratios, the fraction
of the machine's matmul rate, Hessian cost in gradient-equivalents, the table timings, and a verdict per target.

usage: summarise.py OUT
"""
import glob
import json
import os
import statistics
import sys
from collections import defaultdict

TABLE_TARGET_S = 1.0
HESSIAN_TARGET = 30.0
TRAIN_TARGET = 1.0


def load(out):
    pooled = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(out, "raw", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                m = json.loads(line)
                key = (m["part"], m["workload"], m["impl"], m.get("variant", "default"), m["threads"], m["metric"])
                pooled[key].extend(m["values"])
    return pooled


def med(values):
    return statistics.median(values) if values else float("nan")


def spread(values):
    """median [min–max] (n)"""
    if not values:
        return "—"
    return f"{fmt(med(values))} [{fmt(min(values))}–{fmt(max(values))}] (n={len(values)})"


def fmt(x):
    if x != x:
        return "nan"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 0.1:
        return f"{x:.3f}"
    return f"{x:.3g}"


def configs(pooled, part):
    return sorted({(k[4], k[3]) for k in pooled if k[0] == part})


def flops_per_sample(workload, manifest):
    """Multiply-adds of the linear layers ×2, times the passes a step makes (see RESULTS.md)."""
    for w in manifest["soft_symmetry"]:
        if w["name"] == workload:
            width, depth = w["width"], w["depth"]
            macs = 28 * width + (depth - 1) * width * width + width
            # λ = 0: forward + backward (3 passes) + the no-grad penalty forward (1); λ > 0: both forwards and both backwards (6).
            return 2 * macs * (4 if w["penalty"] == 0 else 6)
    for w in manifest["rg_clt"]:
        if w["name"] == workload:
            width, depth = w["width"], w["depth"]
            macs = (width + (depth - 1) * width * width + width) * manifest["chain_sites"] // 2
            return 2 * macs * 3
    return float("nan")


def machine_section(pooled, lines):
    lines.append("## Yardsticks (machine)\n")
    lines.append("| measurement | threads | variant | TorchSharp | PyTorch | TorchSharp / PyTorch |")
    lines.append("|---|---|---|---|---|---|")
    workloads = sorted({k[1] for k in pooled if k[0] == "machine"})
    for workload in workloads:
        for threads, variant in configs(pooled, "machine"):
            metric = "gflops" if workload.startswith("matmul") else "us_per_op"
            ts = pooled.get(("machine", workload, "torchsharp", variant, threads, metric), [])
            pt = pooled.get(("machine", workload, "pytorch", variant, threads, metric), [])
            unit = "GFLOP/s" if metric == "gflops" else "µs/op"
            ratio = med(ts) / med(pt) if ts and pt else float("nan")
            lines.append(f"| {workload} ({unit}) | {threads} | {variant} | {spread(ts)} | {spread(pt)} | {fmt(ratio)}× |")
    lines.append("")


def matmul_rate(pooled, threads, variant):
    return med(pooled.get(("machine", next((k[1] for k in pooled if k[0] == "machine" and k[1].startswith("matmul")), ""),
                           "torchsharp", variant, threads, "gflops"), []))


def train_section(pooled, manifest, lines, verdicts):
    lines.append("## Training throughput (samples/s, one epoch)\n")
    lines.append("Fraction = (step FLOPs per sample × samples/s) / TorchSharp's 2048² matmul rate at the same threads and variant.\n")
    lines.append("| workload | threads | variant | TorchSharp | PyTorch | ratio | TorchSharp GFLOP/s (fraction) | PyTorch GFLOP/s (fraction) |")
    lines.append("|---|---|---|---|---|---|---|---|")
    workloads = [w["name"] for w in manifest["soft_symmetry"]] + [w["name"] for w in manifest["rg_clt"]]
    for workload in workloads:
        flops = flops_per_sample(workload, manifest)
        for threads, variant in configs(pooled, "train"):
            ts = pooled.get(("train", workload, "torchsharp", variant, threads, "samples_per_s"), [])
            pt = pooled.get(("train", workload, "pytorch", variant, threads, "samples_per_s"), [])
            if not ts and not pt:
                continue
            ratio = med(ts) / med(pt) if ts and pt else float("nan")
            rate = matmul_rate(pooled, threads, variant)
            useful = [med(v) * flops / 1e9 if v else float("nan") for v in (ts, pt)]
            lines.append(f"| {workload} | {threads} | {variant} | {spread(ts)} | {spread(pt)} | **{fmt(ratio)}×** | "
                         f"{fmt(useful[0])} ({useful[0] / rate:.1%}) | {fmt(useful[1])} ({useful[1] / rate:.1%}) |")
            verdicts["train"].append((workload, threads, variant, ratio))
    lines.append("")


def hessian_section(pooled, manifest, lines, verdicts):
    lines.append("## hessian_top cost in gradient-equivalents\n")
    rows = {w["name"]: w["rows"] for w in manifest["hessian"]}
    lines.append("gradient = forward + autograd.grad of the mean BCE on the same batch. *kind*: the kind's call "
                 "(20 iterations or 1e-3 relative tolerance, whichever first); *forced*: all 20 iterations. "
                 "per iteration = (total − construction) / iterations; one HVP alone = Apply without the power iteration's "
                 "inner products; construction = the forward and create_graph gradient every HVP reuses. Ratios of medians.\n")
    lines.append("| workload (batch) | threads | variant | impl | gradient ms | kind: total ms, iterations | kind: gradient-eq. total | "
                 "forced: total ms | forced: gradient-eq. total | per iteration | one HVP alone | construction |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for workload in rows:
        for threads, variant in configs(pooled, "hessian"):
            for impl in ("torchsharp", "pytorch"):
                def get(metric):
                    return pooled.get(("hessian", workload, impl, variant, threads, metric), [])
                grad = med(get("gradient_s"))
                if grad != grad:
                    continue
                kind_total, kind_iterations = med(get("hessian_kind_total_s")), med(get("hessian_kind_iterations"))
                forced_total = med(get("hessian_forced_total_s"))
                forced_construct, forced_iterations = med(get("hessian_forced_construct_s")), med(get("hessian_forced_iterations"))
                per_iteration = (forced_total - forced_construct) / forced_iterations / grad
                lines.append(f"| {workload} ({rows[workload]}) | {threads} | {variant} | {impl} | {fmt(grad * 1e3)} | "
                             f"{fmt(kind_total * 1e3)}, {fmt(kind_iterations)} | **{fmt(kind_total / grad)}** | {fmt(forced_total * 1e3)} | "
                             f"{fmt(forced_total / grad)} | {fmt(per_iteration)} | {fmt(med(get('hvp_s')) / grad)} | {fmt(forced_construct / grad)} |")
                if impl == "torchsharp":
                    verdicts["hessian"].append((workload, threads, variant, kind_total / grad, kind_iterations, forced_total / grad, per_iteration))
    lines.append("")


def table_section(pooled, lines, verdicts):
    lines.append("## The comparative table (in-process silo, SQLite)\n")
    sizes = sorted({k[1] for k in pooled if k[0] == "table"}, key=lambda w: int(w.split()[0]))
    metrics = ["silo_start_s", "first_table_in_process_1000_outcomes_s", "record_total_s", "record_us_per_outcome",
               "record_us_per_outcome_by_tenth", "table_after_completion_s", "table_cold_s", "table_warm_s", "table_rows",
               "grouped_after_completion_s", "grouped_cold_s", "grouped_warm_s", "grouped_rows", "build_default_s",
               "build_grouped_s", "state_write_s", "database_mb", "managed_heap_growth_mb", "rss_growth_mb", "rss_mb"]
    lines.append("| metric | " + " | ".join(sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for metric in metrics:
        cells = [spread(pooled.get(("table", size, "goldstone", "default", 0, metric), [])) for size in sizes]
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    lines.append("")
    ten = "10000 outcomes"
    if any(k[1] == ten for k in pooled if k[0] == "table"):
        verdicts["table"] = (med(pooled.get(("table", ten, "goldstone", "default", 0, "table_after_completion_s"), [])),
                             med(pooled.get(("table", ten, "goldstone", "default", 0, "table_cold_s"), [])),
                             max(pooled.get(("table", ten, "goldstone", "default", 0, "table_cold_s"), [float("nan")])))


def verdict_section(verdicts, lines):
    lines.append("## Targets\n")
    for variant, environment in (("default", "the environment the worker gives a trial today"),
                                 ("passive", "with OMP_WAIT_POLICY=PASSIVE")):
        train = [(w, t, r) for w, t, v, r in verdicts["train"] if v == variant]
        if not train:
            continue
        below = [f"{w} at {t} thread(s): {fmt(r)}×" for w, t, r in train if not r >= TRAIN_TARGET]
        lines.append(f"- ≥ {TRAIN_TARGET}× PyTorch samples/s, {environment}: "
                     + ("**met** for every workload and thread count measured." if not below else "**not met** for " + "; ".join(below)
                        + f"; met for the other {len(train) - len(below)} of {len(train)}."))
    hessian = verdicts["hessian"]
    if hessian:
        over = [f"{w} at {t}t {v}: {fmt(k)}" for w, t, v, k, *_ in hessian if not k <= HESSIAN_TARGET]
        kinds = ", ".join(f"{w} {t}t {v}: {fmt(k)} in {fmt(i)} iterations" for w, t, v, k, i, *_ in hessian)
        per = [p for *_, p in hessian]
        forced = [f for *_, f, _ in hessian]
        lines.append(f"- hessian_top ≤ {HESSIAN_TARGET:.0f} gradient-equivalents as the kind computes it: "
                     + ("**met**" if not over else "**not met** for " + "; ".join(over)) + f" ({kinds}). "
                     + f"An iteration costs {fmt(min(per))}–{fmt(max(per))} gradients, so a run that needs all 20 iterations costs "
                     + f"{fmt(min(forced))}–{fmt(max(forced))}: **not met** in that case.")
    if "table" in verdicts:
        after, cold, worst = verdicts["table"]
        ok = after < TABLE_TARGET_S and cold < TABLE_TARGET_S
        lines.append(f"- 10,000-trial table < {TABLE_TARGET_S:.0f} s after completion: **{'met' if ok else 'not met'}** "
                     f"(right after the last outcome {fmt(after)} s; cold median {fmt(cold)} s, worst {fmt(worst)} s).")
    lines.append("")


def header_blocks(out, fmt):
    """The run's machine.txt and a one-line summary of its load.txt, each as a fenced block (shared with
    summarise_orchestration.py)."""
    blocks = []
    for name in ("machine.txt", "load.txt"):
        path = os.path.join(out, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                text = f.read().strip()
            if name == "load.txt":
                loads = [float(line.split()[1]) for line in text.splitlines() if len(line.split()) > 1]
                text = (f"1-minute load average over {len(loads)} samples taken before each command: median "
                        f"{fmt(statistics.median(loads))}, min {fmt(min(loads))}, max {fmt(max(loads))}") if loads else "no load samples"
            blocks.append("```\n" + text + "\n```\n")
    return blocks


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    pooled = load(out)
    with open(os.path.join(out, "data", "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    lines = header_blocks(out, fmt)
    verdicts = {"train": [], "hessian": []}
    machine_section(pooled, lines)
    train_section(pooled, manifest, lines, verdicts)
    hessian_section(pooled, manifest, lines, verdicts)
    table_section(pooled, lines, verdicts)
    verdict_section(verdicts, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
