#!/usr/bin/env python3
"""Summarizes one bench.sh run into loadtest/results/latest.json.

For each target it reads, from the run's work directory, the load generator's result.json and
the probe samples taken before the storm and after the hold. These are JSON-lines files with one
line per process: PHASE-cpu.jsonl, PHASE-memory-jvm.jsonl and PHASE-memory-other.jsonl, where
PHASE is before or after. udp-drops-start and udp-drops-end hold the kernel's count of datagrams
dropped for the target's full UDP receive buffers, before the first warm-up and after the last
step. A target whose directory has a file named "failed" is reported with its error.log.
"""

import argparse
import json
import os
import sys


def read_json(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def pids(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as file:
        return [line.strip() for line in file if line.strip()]


# The warm-up's SAs stay up, so memory growth between the samples is what the measured SAs add.
MEMORY_BASELINE = "before"


def samples(directory, phase, kinds):
    """Returns the probe samples of one phase by PID, from the JSON-lines files of the kinds given."""
    by_pid = {}
    for kind in kinds:
        path = os.path.join(directory, f"{phase}-{kind}.jsonl")
        with open(path, encoding="utf-8") as file:
            for line in file:
                if line.strip():
                    sample = json.loads(line)
                    by_pid[str(sample["pid"])] = sample
    return by_pid


def growth(directory, kinds, field, process_ids, since="before"):
    """Returns the sum over the processes of the field's value after the run minus its value at phase `since`."""
    before = samples(directory, since, kinds)
    after = samples(directory, "after", kinds)
    total = 0
    for pid in process_ids:
        if pid not in before or pid not in after or before[pid][field] is None or after[pid][field] is None:
            raise ValueError(f"{field} of process {pid} is missing from the samples in {directory}")
        total += after[pid][field] - before[pid][field]
    return total


def per_sa(value, count):
    return value / count if count else None


def udp_drops(directory):
    """Returns the kernel's receive buffer drops of the target's sockets over the whole measurement, or None."""
    counts = []
    for phase in ("start", "end"):
        path = os.path.join(directory, "udp-drops-" + phase)
        if not os.path.exists(path):
            return None
        with open(path, encoding="ascii") as file:
            text = file.read().strip()
        if not text.isdigit():
            return None
        counts.append(int(text))
    return counts[1] - counts[0]


def summarize_target(directory):
    if os.path.exists(os.path.join(directory, "failed")) or not os.path.exists(os.path.join(directory, "result.json")):
        error_path = os.path.join(directory, "error.log")
        error = ""
        if os.path.exists(error_path):
            with open(error_path, encoding="utf-8") as file:
                error = file.read().strip()[-2000:]
        return {"error": error or "no result.json was written"}

    result = read_json(os.path.join(directory, "result.json"))
    jvm_pids = pids(directory, "jvm-pids")
    all_pids = jvm_pids + pids(directory, "other-pids")
    totals = result.get("totals", {})
    established = totals.get("established", 0)
    # The generator leaves its SAs up at the end, so the SAs it held then are still up at the sample.
    sas = totals.get("held_at_end", 0)
    latency = result.get("latency_ms", {})

    summary = {
        "established_per_s": result.get("established_per_s"),
        "p50_ms": latency.get("p50"),
        "p99_ms": latency.get("p99"),
        "failures": totals.get("failed", 0),
        "failures_by_reason": result.get("failures", {}),
        "cpu_s_per_sa": per_sa(growth(directory, ["cpu"], "cpu_s", all_pids), established),
        "rss_bytes_per_sa": per_sa(growth(directory, ["memory-jvm", "memory-other"], "rss_bytes", all_pids, MEMORY_BASELINE), sas),
        "sas": sas,
        "established": established,
        "attempted": totals.get("attempted", 0),
        "processes": {"jvm": [int(pid) for pid in jvm_pids], "other": [int(pid) for pid in all_pids[len(jvm_pids):]]},
    }
    warmup_sas = 0
    for warmup in ("jit-warmup.json", "warmup.json"):
        warmup_path = os.path.join(directory, warmup)
        if os.path.exists(warmup_path):
            warmup_sas += read_json(warmup_path).get("totals", {}).get("established", 0)
    summary["warmup_established"] = warmup_sas
    summary["udp_receive_drops"] = udp_drops(directory)
    rate80_path = os.path.join(directory, "rate80.json")
    if os.path.exists(rate80_path):
        rate80 = read_json(rate80_path)
        rate80_latency = rate80.get("latency_ms", {})
        summary["at_80_percent_of_peak"] = {
            "rate_per_s": rate80.get("options", {}).get("rate"),
            "established": rate80.get("totals", {}).get("established", 0),
            "failures": rate80.get("totals", {}).get("failed", 0),
            "latency_warmup_s": rate80.get("options", {}).get("latency-warmup-s"),
            "latency_count": rate80_latency.get("count"),
            "p50_ms": rate80_latency.get("p50"),
            "p99_ms": rate80_latency.get("p99"),
            "p999_ms": rate80_latency.get("p999"),
            # The generator's own pauses in the same window: they add to the latency it measures.
            "generator_gc_pauses": rate80.get("generator", {}).get("gc_pauses"),
        }
    if jvm_pids:
        summary["heap_bytes_per_sa"] = per_sa(growth(directory, ["memory-jvm"], "heap_used_bytes", jvm_pids, MEMORY_BASELINE), sas)
    return summary


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def read_machine(path):
    machine = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            key, _, value = line.rstrip("\n").partition("=")
            machine[key] = value
    machine["nproc"] = int(machine["nproc"])
    return machine


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", required=True, help="bench.sh's work directory")
    parser.add_argument("--targets", required=True, help="comma-separated targets, as given to bench.sh")
    parser.add_argument("--mode", required=True, choices=["quick", "full"])
    parser.add_argument("--strongswan-plugins", required=True, help="charon's kernel plugins")
    parser.add_argument("--proposal", required=True)
    parser.add_argument("--esp-proposal", required=True)
    parser.add_argument("--sas", type=int, required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--storm-s", type=int, required=True)
    parser.add_argument("--hold-s", type=int, required=True, help="seconds between the storm's end and the second sample")
    parser.add_argument("--out", required=True, help="the JSON file to write")
    args = parser.parse_args()

    targets = {}
    for target in args.targets.split(","):
        targets[target] = summarize_target(os.path.join(args.work, target))
    if "strongswan" in targets:
        targets["strongswan"]["kernel_plugins"] = args.strongswan_plugins

    ratios = {}
    baseline = targets.get("strongswan", {})
    for target in ("node", "node-dh-reuse", "cluster"):
        if target in targets and "error" not in targets[target] and "error" not in baseline:
            ratios[f"{target}_to_strongswan"] = {
                metric: ratio(targets[target].get(metric), baseline.get(metric))
                for metric in ("established_per_s", "cpu_s_per_sa", "rss_bytes_per_sa")
            }

    summary = {
        "run": {
            "mode": args.mode,
            "scenario": "storm, then a hold with the SAs up",
            "sas": args.sas,
            "concurrency": args.concurrency,
            "storm_s": args.storm_s,
            "hold_s": args.hold_s,
            "proposal": args.proposal,
            "esp_proposal": args.esp_proposal,
            "generator_cpu": 0,
            "target_cpu": 1,
        },
        "targets": targets,
        "ratios": ratios,
        "machine": read_machine(os.path.join(args.work, "machine.txt")),
        "report": {"html": "latest.html", "png": "latest.png"},
    }
    with open(args.out, "w", encoding="utf-8") as file:
        json.dump(summary, file, indent=2)
        file.write("\n")
    failed = [name for name, target in targets.items() if "error" in target]
    if failed:
        print(f"summarize.py: no figures for {', '.join(failed)}; see their error in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
