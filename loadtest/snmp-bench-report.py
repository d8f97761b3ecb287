#!/usr/bin/env python3
"""Collects the measurements of snmp-bench.sh into loadtest/results/snmp-walk.json.

Each agent's walks may run several rounds. The report keeps the slowest round of every number,
so a target counts as met only when every round met it.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess

TARGETS = {"one_column_s": 1.0, "whole_table_s": 15.0, "max_request_ms": 50.0, "p99_request_ms": 2.0}
# The p99 target applies to the gateway's own time per request as well; snmpd offers no such timer.
GATEWAY_TARGETS = dict(TARGETS, agent_p99_request_ms=2.0)


def read_rounds(path):
    """Returns a list of rounds, each a dict with the net-snmp timings and the SNMP4J walks."""
    rounds = []
    with open(path) as lines:
        for line in lines:
            record = json.loads(line)
            if "net_snmp" in record:
                rounds.append({"net_snmp": record["net_snmp"], "snmp4j": []})
            else:
                rounds[-1]["snmp4j"].append(record)
    return rounds


def worst(values):
    """Returns the largest value, or None when a walk failed and left none."""
    present = [value for value in values if value is not None]
    return max(present) if present else None


def summarize(rounds):
    """Returns the target fields: the slowest value over all rounds and both walked subtrees."""
    walks = [walk for one in rounds for walk in one["snmp4j"] if "error" not in walk]
    if not walks:
        walks = [{"max_request_ms": None, "p99_request_ms": None, "p50_request_ms": None}]
    return {
        "rows": min(one["net_snmp"]["column_varbinds"] for one in rounds),
        "table_varbinds": min(one["net_snmp"]["table_varbinds"] for one in rounds),
        "one_column_s": max(one["net_snmp"]["one_column_s"] for one in rounds),
        "whole_table_s": max(one["net_snmp"]["whole_table_s"] for one in rounds),
        "max_request_ms": worst(walk["max_request_ms"] for walk in walks),
        "p99_request_ms": worst(walk["p99_request_ms"] for walk in walks),
        "p50_request_ms": worst(walk["p50_request_ms"] for walk in walks),
        "failed_walks": [walk for one in rounds for walk in one["snmp4j"] if "error" in walk],
        "rounds": rounds,
    }


def misses(target, targets=TARGETS):
    """Returns, for each missed target, the measured value and how far over the target it is."""
    missed = {}
    for field, limit in targets.items():
        value = target[field]
        if value is None:
            missed[field] = {"target": limit, "measured": None, "reason": "the walk failed, see failed_walks"}
        elif value > limit:
            missed[field] = {"target": limit, "measured": value, "over_by": round(value - limit, 3),
                             "ratio": round(value / limit, 2)}
    return missed


def machine():
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    with open("/proc/cpuinfo") as cpuinfo:
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "unknown")
    with open("/proc/meminfo") as meminfo:
        memory_kb = int(meminfo.readline().split()[1])
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gb": round(memory_kb / 1024 / 1024),
            "kernel": platform.release(), "java": java}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--load-before", required=True)
    parser.add_argument("--snmpd-version", required=True)
    parser.add_argument("--gateway-heap", required=True)
    parser.add_argument("--gateway-walks", required=True)
    parser.add_argument("--gateway-profile", required=True)
    parser.add_argument("--gateway-requests", required=True)
    parser.add_argument("--gateway-gc", required=True)
    parser.add_argument("--snmpd-walks", required=True)
    parser.add_argument("--snmpd-cold", required=True)
    parser.add_argument("--snmpd-change", required=True)
    parser.add_argument("--snmpd-rss", type=int, nargs=2, required=True, metavar=("IDLE", "LOADED"))
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    with open(args.gateway_heap) as heap_file:
        heap = json.load(heap_file)
    gateway = summarize(read_rounds(args.gateway_walks))
    gateway["heap_bytes_per_row"] = heap["heap_bytes_per_row"]
    gateway["heap"] = heap
    with open(args.gateway_profile) as profile:
        gateway["profile_top_frames"] = [line.rstrip() for line in profile if line.strip()]
    with open(args.gateway_requests) as requests_file:
        agent = json.load(requests_file)
    gateway["agent_side"] = agent
    gateway["agent_p99_request_ms"] = agent["p99_ms"]
    with open(args.gateway_gc) as gc_file:
        gateway["gc_during_walks"] = json.load(gc_file)
    gateway["missed_targets"] = misses(gateway, GATEWAY_TARGETS)

    snmpd = summarize(read_rounds(args.snmpd_walks))
    idle, loaded = args.snmpd_rss
    # snmpd has no heap to read, so the growth of its resident set after loading the routes is used instead.
    snmpd["heap_bytes_per_row"] = (loaded - idle) // args.rows
    snmpd["rss_idle_bytes"] = idle
    snmpd["rss_loaded_bytes"] = loaded
    with open(args.snmpd_change) as change_file:
        change = [json.loads(line) for line in change_file]
    snmpd["after_route_added"] = change[0] if change else None
    with open(args.snmpd_cold) as cold_file:
        snmpd["cold"] = json.load(cold_file)
    snmpd["missed_targets"] = misses(snmpd)

    report = {
        "run": {
            "script": "loadtest/snmp-bench.sh" + (" --quick" if args.mode == "quick" else ""),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(),
            "load_average_before": args.load_before,
            "note": "one run on a shared machine; net-snmp snmpbulkwalk -v2c -Cr50 -t 5 gives one_column_s and"
                    " whole_table_s of warm walks, an SNMP4J GETBULK client (max-repetitions 50, one request in"
                    " flight, after one unrecorded column walk that warms up its JIT) gives the per-request round"
                    " trips, the gateway's agent_side gives its own time"
                    " per request after the first column walk; snmpd's cold walks are the first after it"
                    " started, waiting up to request_timeout_s per request",
        },
        "targets": TARGETS,
        "ikec-gateway": gateway,
        "net-snmp-snmpd": dict(snmpd, version=args.snmpd_version),
    }
    with open(args.output, "w") as output:
        json.dump(report, output, indent=2)
        output.write("\n")


if __name__ == "__main__":
    main()
