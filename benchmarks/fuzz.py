"""The long fuzz run: N hostile cases per target through the commands users run, with figures.

    .venv/bin/python benchmarks/fuzz.py --cases 500            # every target
    .venv/bin/python benchmarks/fuzz.py --cases 200 --target roster --seed 7

Prints, per target, the cases tried and the failures by kind (traceback, hang, memory, exit, message,
lost_rows, partial_files, injection), then the longest and the largest single case. A failing case is rebuilt
with ``tests.fuzz.harness.run_case(target, seed, folder)``; each one found becomes a regression test. The
process's address space is capped (``--memory-mb``) so a blow-up is a MemoryError counted as "memory", and the
peak resident size is printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EXPERT_LANG", "ru")

from tests.fuzz.harness import KINDS, TARGETS, Outcome, run_case  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200, help="cases per target")
    parser.add_argument("--target", choices=sorted(TARGETS), action="append", help="only these targets")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a case counts as a hang")
    parser.add_argument("--memory-mb", type=int, default=3072, help="address-space cap of this process")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_AS, (args.memory_mb << 20, args.memory_mb << 20))
    targets = args.target or sorted(TARGETS)
    outcomes: list[Outcome] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for target in targets:
            for seed in range(args.seed, args.seed + args.cases):
                before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                outcome = run_case(target, seed, Path(folder) / target, args.timeout)
                grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
                if outcome.kind is None and grown > 500 * 1024:  # kB: one case raised the peak by 500 MB
                    outcome.kind, outcome.detail = "memory", f"peak resident size grew by {grown // 1024} MB"
                outcomes.append(outcome)
                if outcome.kind:
                    print(f"  FAIL {target} seed {seed}: {outcome.kind}: {outcome.detail}", flush=True)
    report(outcomes, time.perf_counter() - start)
    return 1 if any(o.kind for o in outcomes) else 0


def report(outcomes: list[Outcome], seconds: float) -> None:
    print(f"{'target':<10}{'cases':>7}{'failed':>8}  " + " ".join(f"{k:>8}" for k in KINDS[:4]) + "  "
          + " ".join(KINDS[4:]))
    for target in sorted({o.target for o in outcomes}):
        mine = [o for o in outcomes if o.target == target]
        kinds = Counter(o.kind for o in mine if o.kind)
        print(f"{target:<10}{len(mine):>7}{sum(kinds.values()):>8}  " + " ".join(f"{kinds[k]:>8}" for k in KINDS[:4])
              + "  " + " ".join(f"{kinds[k]:>{len(k)}}" for k in KINDS[4:]))
    total = Counter(o.kind for o in outcomes if o.kind)
    print(f"all: {len(outcomes)} cases in {seconds:.0f} s, failures {sum(total.values())} "
          + (", ".join(f"{k} {total[k]}" for k in KINDS if total[k]) or "(none)"))
    longest = max(outcomes, key=lambda o: o.seconds)
    busiest = max(outcomes, key=lambda o: o.cpu)
    largest = max(outcomes, key=lambda o: o.size)
    print(f"longest case: {longest.target} seed {longest.seed}, {longest.seconds:.2f} s wall, {longest.cpu:.2f} s CPU "
          f"({longest.size:,} bytes)")
    print(f"most CPU: {busiest.target} seed {busiest.seed}, {busiest.cpu:.2f} s CPU ({busiest.size:,} bytes)")
    print(f"largest case: {largest.target} seed {largest.seed}, {largest.size:,} bytes ({largest.seconds:.2f} s wall)")
    print(f"peak resident size of the run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    sys.exit(main())
