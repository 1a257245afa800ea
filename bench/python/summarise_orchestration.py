#!/usr/bin/python3
"""Summarises one `bench/run.sh orchestration` (or `--quick`) run: Markdown tables of Goldstone's no-op trial
throughput beside Optuna's in-memory, JournalFile and SQLite storages at the same N, the growth of the cost per
trial from the smallest to the largest N, memory and disk per trial, and the fixed-duration overhead beside Ray
Tune's published figure.

usage: summarise_orchestration.py OUT      (reads OUT/machine.txt, OUT/load.txt and OUT/raw/*.jsonl)
"""
import glob
import json
import os
import statistics
import sys

from summarise import header_blocks

# Ray Tune's scalability benchmarks (docs.ray.io, "Scalability and Overhead Benchmarks for Ray Tune"): 10,000
# trials of 1 s on one node of 16 CPUs took 715.27 s against a 625 s minimum.
RAY_TUNE_OBSERVED_S, RAY_TUNE_MINIMUM_S = 715.27, 625.0
RAY_TUNE_OVERHEAD = RAY_TUNE_OBSERVED_S / RAY_TUNE_MINIMUM_S - 1
STORAGES = [("memory", "in-memory"), ("journal", "JournalFile"), ("sqlite", "SQLite")]


def fmt(x, unit=""):
    if x is None or x != x:
        return "—"
    a = abs(x)
    if a >= 1000:
        s = f"{x:,.0f}"
    elif a >= 10:
        s = f"{x:.1f}"
    elif a >= 0.1:
        s = f"{x:.3f}"
    else:
        s = f"{x:.3g}"
    return s + unit


def load(out):
    records = []
    for path in sorted(glob.glob(os.path.join(out, "raw", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f if line.strip().startswith("{"))
    return records


def slots_label(r):
    return f"{r['slots']} slots" if r.get("slots") else f"--slots {r['slots_requested']}"


def cell(r, key, unit=""):
    """A figure, or why there is none."""
    if r is None:
        return "not run"
    if r.get("status") == "timeout":
        return f"timeout (> {r['timeout_s']:g} s)"
    if r.get("status") != "ok" and r.get("part") != "optuna":
        return f"failed (exit {r.get('rc')})"
    if r.get("status") == "failed":
        return "failed"
    return fmt(r.get(key), unit)


def optuna_cell(r, key="trials_per_s"):
    text = cell(r, key)
    if r is not None and r.get("capped"):
        text += f" (capped: {r['trials']:,} run)"
    return text


def ok(r):
    return r is not None and r.get("status", "ok") == "ok" and r.get("trials_per_s")


def ratio(a, b):
    return f"{a['trials_per_s'] / b['trials_per_s']:.3g}×" if ok(a) and ok(b) else "—"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    records = load(out)
    lines = header_blocks(out, fmt)

    noop = [r for r in records if r.get("part") == "goldstone" and r.get("variant") == "noop"]
    startup = next((r for r in records if r.get("part") == "goldstone" and r.get("variant") == "startup"), None)
    fixed = [r for r in records if r.get("part") == "goldstone-fixed"]
    optuna = {(r["storage"], r["trials_requested"]): r for r in records if r.get("part") == "optuna"}
    sizes = sorted({r["trials"] for r in noop} | {n for _, n in optuna})
    variants = sorted({r["slots_requested"] for r in noop}, key=lambda s: (s != "default", str(s)))
    by = {(r["slots_requested"], r["trials"]): r for r in noop}

    def label(v):
        r = next((r for r in noop if r["slots_requested"] == v and r.get("slots")), None)
        return f"{r['slots']} slots" if r else ("default slots" if v == "default" else f"{v} slots")

    lines.append("## No-op trials per second (persisted), Goldstone against Optuna\n")
    lines.append("Goldstone: `./goldstone run` of a `synthetic` spec (duration 0, epochs 1), one trainer process per attempt; "
                 "trials/s over the campaign phase (first progress line to the one saying N/N done, each end good to "
                 "about 0.5 s). Optuna 3.1 (Debian): x**2 of one suggested float, RandomSampler, one process, "
                 "trials/s over `study.optimize`. Ratios are Goldstone ÷ Optuna at the same N.\n")
    head = ["N"] + [f"Goldstone, {label(v)}" for v in variants] + [f"Optuna {n}" for _, n in STORAGES]
    for v in variants:
        head += [f"{label(v)} ÷ JournalFile", f"{label(v)} ÷ SQLite"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for n in sizes:
        row = [f"{n:,}"] + [cell(by.get((v, n)), "trials_per_s") for v in variants]
        row += [optuna_cell(optuna.get((s, n))) for s, _ in STORAGES]
        for v in variants:
            row += [ratio(by.get((v, n)), optuna.get(("journal", n))), ratio(by.get((v, n)), optuna.get(("sqlite", n)))]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")

    lines.append("## Goldstone runs in detail\n")
    if startup and startup.get("status") == "ok":
        lines.append(f"A 1-trial campaign takes {fmt(startup['wall_s'])} s from command to exit (silo start to first progress line "
                     f"{fmt(startup['startup_to_first_progress_s'])} s, after completion {fmt(startup['after_completion_s'])} s, "
                     f"silo peak RSS {fmt(startup['silo_peak_rss_mb'])} MB); *wall − startup* subtracts it from each run's wall time, "
                     "the other estimate of the campaign phase.\n")
    head = ["N", "slots", "wall s", "campaign s", "trials/s", "µs/trial", "trials/s (wall − startup)", "after completion s",
            "silo peak RSS MB (wait4)", "trainer peak RSS MB (median)", "trainers seen / attempts", "bytes/trial (dir)",
            "bytes/trial (SQLite)", "CPU ms/trial (silo; all)"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for r in sorted(noop + fixed, key=lambda r: (r["part"], r["trials"], r.get("slots") or 0)):
        name = f"{r['trials']:,}" + (f" × {fmt(r['duration_s'])} s" if r["part"] == "goldstone-fixed" else "")
        if r.get("status") != "ok":
            lines.append(f"| {name} | {label(r['slots_requested'])} | " + cell(r, "") + " |" + " |" * (len(head) - 3))
            continue
        cpu = f"{fmt(1e3 * r['silo_cpu_s'] / r['trials']) if r.get('silo_cpu_s') else '—'}; {fmt(1e3 * r['total_cpu_s'] / r['trials'])}"
        lines.append("| " + " | ".join([
            name, str(r.get("slots")), fmt(r["wall_s"]), fmt(r["campaign_s"]), fmt(r["trials_per_s"]), fmt(r["us_per_trial"]),
            fmt(r.get("trials_per_s_wall_minus_startup")), fmt(r["after_completion_s"]),
            f"{fmt(r['silo_peak_rss_mb'])} ({fmt(r['wait4_maxrss_mb'])})",
            f"{fmt(r['trainer_peak_rss_mb'])} ({fmt(r['trainer_median_rss_mb'])})",
            f"{r['trainers_seen']:,} / {r.get('trainer_attempts', 0):,}", fmt(r["bytes_per_trial"]),
            fmt(r["sqlite_bytes_per_trial"]), cpu]) + " |")
    lines.append("")

    lines.append("## Optuna in detail\n")
    lines.append("| storage | N asked | trials run | trials/s | µs/trial | create_study s | peak RSS MB (before the study) | bytes/trial |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for s, name in STORAGES:
            r = optuna.get((s, n))
            if r is None:
                continue
            if r.get("status") == "failed":
                lines.append(f"| {name} | {n:,} | failed (exit {r.get('rc')}) | | | | | |")
                continue
            run = f"{r['trials']:,}" + (" (capped)" if r["capped"] else "")
            lines.append(f"| {name} | {n:,} | {run} | {fmt(r['trials_per_s'])} | {fmt(r['us_per_trial'])} | {fmt(r['create_study_s'])} | "
                         f"{fmt(r['peak_rss_mb'])} ({fmt(r['rss_before_mb'])}) | {fmt(r['bytes_per_trial'])} |")
    lines.append("")

    lines.append("## Growth: cost per trial at the largest N against the smallest\n")
    if len(sizes) < 2:
        lines.append(f"Only N = {', '.join(f'{n:,}' for n in sizes)} was measured.\n")
    lines.append("| system | smallest N: µs/trial | largest N: µs/trial | ratio |")
    lines.append("|---|---|---|---|")
    growth = [(f"Goldstone, {label(v)}", [by[(v2, n)] for v2, n in sorted(by, key=lambda k: k[1]) if v2 == v]) for v in variants]
    growth += [(f"Optuna {name}", [optuna[(s2, n)] for s2, n in sorted(optuna, key=lambda k: k[1]) if s2 == s]) for s, name in STORAGES]
    for name, rs in growth:
        if len(rs) < 2:
            continue
        small, large = rs[0], rs[-1]
        measured = [r for r in rs if ok(r) and not r.get("capped")]
        note = ""
        if not ok(large) or large.get("capped"):
            note = f" ({large['trials_requested'] if 'trials_requested' in large else large['trials']:,}: {cell(large, 'us_per_trial')}" + \
                   (", capped" if large.get("capped") else "") + ")"
            large = measured[-1] if measured else None
        if large is None or not ok(small) or large is small:
            lines.append(f"| {name} | {cell(small, 'us_per_trial')} at {rs[0].get('trials_requested', rs[0]['trials']):,} | —{note} | — |")
            continue
        ln = large.get("trials_requested", large["trials"])
        sn = small.get("trials_requested", small["trials"])
        lines.append(f"| {name} | {fmt(small['us_per_trial'])} at {sn:,} | {fmt(large['us_per_trial'])} at {ln:,}{note} | "
                     f"{large['us_per_trial'] / small['us_per_trial']:.3g}× |")
    lines.append("")

    lines.append("## Fixed-duration overhead\n")
    lines.append(f"Ideal = N · d ÷ slots; overhead = time ÷ ideal − 1. Ray Tune's published figure: {RAY_TUNE_OVERHEAD:.0%} "
                 f"(10,000 trials × 1 s on 16 CPUs, {RAY_TUNE_OBSERVED_S} s against {RAY_TUNE_MINIMUM_S:.0f} s; Ray's documentation, "
                 "\"Scalability and Overhead Benchmarks for Ray Tune\"), measured on 16 real cores; here 16 slots share 2 cores.\n")
    lines.append("| N × d | slots | ideal s | campaign s | overhead (campaign) | wall s | overhead (wall) | Ray Tune |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for r in fixed:
        name = f"{r['trials']:,} × {fmt(r['duration_s'])} s"
        if r.get("status") != "ok":
            lines.append(f"| {name} | {r['slots_requested']} | | {cell(r, '')} | | | | {RAY_TUNE_OVERHEAD:.0%} |")
            continue
        lines.append(f"| {name} | {r['slots']} | {fmt(r['ideal_s'])} | {fmt(r['campaign_s'])} | **{r['overhead_campaign']:.0%}** | "
                     f"{fmt(r['wall_s'])} | {r['overhead_wall']:.0%} | {RAY_TUNE_OVERHEAD:.0%} |")
    lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
