#!/usr/bin/env python3
"""Two tenderlint binaries timed in alternation: how a speed change is shown on a noisy machine.

    python3 bench/alternate.py NEW OLD [--pairs 8] [--threads 1,2] [DIR]

Runs `check --isolated --format json -jN DIR` with NEW and OLD in turn, PAIRS times each
(NEW first in even pairs, OLD first in odd ones), for each thread count, and prints each
binary's median and fastest wall time and NEW's time as a ratio of OLD's: the ratio of the
medians, and the median of the ratios of the pairs. DIR defaults to the Markdown part of the
suite's corpus (target/bench-1000/md; `bench/suite.py` generates it).

Why: bench/suite.py times each command's runs one after the other, so a neighbour on a shared
host that comes or goes between two commands moves their ratio (on a 2-core VM, one command's
ratio read 1.30 in one suite run and 1.73 in the next). Alternating puts both binaries under the
same load, pair by pair. Exit 2 when a binary or the folder is missing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(binary, args):
    start = time.perf_counter()
    subprocess.run([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new")
    parser.add_argument("old")
    parser.add_argument("dir", nargs="?", default=os.path.join(ROOT, "target", "bench-1000", "md"))
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--threads", default="1,2")
    args = parser.parse_args()
    for path in (args.new, args.old, args.dir):
        if not os.path.exists(path):
            print(f"alternate: {path} not found", file=sys.stderr)
            sys.exit(2)
    for threads in args.threads.split(","):
        command = ["check", "--isolated", "--format", "json", f"-j{threads}", args.dir]
        new, old = [], []
        for pair in range(args.pairs):
            order = [(args.new, new), (args.old, old)]
            if pair % 2:
                order.reverse()
            for binary, times in order:
                times.append(timed(binary, command))
        ratios = [n / o for n, o in zip(new, old)]
        print(
            f"-j{threads}: new median {statistics.median(new):.3f} s (fastest {min(new):.3f}), "
            f"old median {statistics.median(old):.3f} s (fastest {min(old):.3f}); "
            f"new / old: {statistics.median(new) / statistics.median(old):.3f} of the medians, "
            f"{statistics.median(ratios):.3f} the median pair"
        )


if __name__ == "__main__":
    main()
