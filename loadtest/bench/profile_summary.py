#!/usr/bin/env python3
"""Sums the CPU samples of an async-profiler collapsed-stack file by part of an ikec node.

Each line of the file is one stack, from the thread (with the 'threads' option) down to the
sampled frame, then the number of samples. A stack counts for the first part in PARTS whose
rule matches. So the key exchange inside an IKE SA entity counts as key exchange, and the rest
of the entity's work counts for the deepest ikec, Pekko or Kamon frame (OWNERS).
"""
import argparse
import re
import sys
from collections import Counter

# (part, test on the thread name, test on the frames); None matches anything.
PARTS = [
    ("JIT compiler threads", re.compile(r"Compiler ?Thread|C[12] CompilerThre"), None),
    ("garbage collection (VM and GC threads)", re.compile(r"^VM Thread|GC Thread|G1 |VM Periodic"), None),
    ("X25519 key exchange (Bouncy Castle)", None, re.compile(r"org/bouncycastle/math/ec/rfc(7748|8032)")),
    ("other crypto: AES-GCM, HMAC, SHA-2, random", None,
     re.compile(r"javax/crypto|com/sun/crypto|sun/security/provider|org/bouncycastle|SecureRandom")),
    ("UDP send and receive, with the kernel", None, re.compile(r"sun/nio/ch/(DatagramChannel|DatagramDispatcher)")),
    ("logging", None, re.compile(r"ch/qos/logback|org/slf4j")),
    ("waiting and waking threads (futex, selector)", None,
     re.compile(r"LockSupport\.(park|unpark)|Unsafe\.(park|unpark)|futex|ForkJoinPool\.(awaitWork|signalWork)"
                r"|sun/nio/ch/(EPoll|SelectorImpl|EventFD)")),
]
# The deepest frame of these packages names the part of a stack that no rule above matched.
OWNERS = [
    ("IKE protocol (org.ikec.protocol)", "org/ikec/protocol/"),
    ("load generator (org.ikec.loadtest)", "org/ikec/loadtest/"),
    ("IKE SA entities, directory, allocator, UDP (org.ikec.cluster, org.ikec.node)", "org/ikec/"),
    ("Pekko and Scala", "org/apache/pekko/"),
    ("Pekko and Scala", "scala/"),
    ("metrics (Kamon)", "kamon/"),
]
THREAD = re.compile(r"^\[(.*?)(?: tid=\d+)?\]$")


def part_of(frames):
    thread = ""
    match = THREAD.match(frames[0]) if frames else None
    if match:
        thread = match.group(1)
        frames = frames[1:]
    stack = ";".join(frames)
    for name, thread_rule, frame_rule in PARTS:
        if thread_rule is not None and thread_rule.search(thread):
            return name
        if frame_rule is not None and frame_rule.search(stack):
            return name
    for frame in reversed(frames):
        for name, prefix in OWNERS:
            if frame.startswith(prefix):
                return name
    if frames and frames[-1].endswith("_[k]"):
        return "other kernel work"
    return "other (JDK, JVM runtime)"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--collapsed", required=True)
    parser.add_argument("--interval-ns", type=int, required=True, help="CPU time per sample")
    parser.add_argument("--sas", type=int, help="IKE SAs set up while the profiler sampled")
    args = parser.parse_args()

    samples = Counter()
    with open(args.collapsed, encoding="utf-8") as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            samples[part_of(stack.split(";"))] += int(count)
    total = sum(samples.values())
    if total == 0:
        print(f"profile_summary.py: no samples in {args.collapsed}", file=sys.stderr)
        return 1

    cpu_s = total * args.interval_ns / 1e9
    print(f"{total} samples, {cpu_s:.1f} s of CPU" + (f", {args.sas} IKE SAs" if args.sas else ""))
    print()
    print("| part | share | µs per IKE SA |" if args.sas else "| part | share |")
    print("|---|---|---|" if args.sas else "|---|---|")
    for name, count in samples.most_common():
        row = f"| {name} | {100 * count / total:.1f}% |"
        if args.sas:
            row += f" {count * args.interval_ns / 1e3 / args.sas:.0f} |"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
