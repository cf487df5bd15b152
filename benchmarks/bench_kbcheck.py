"""``expert kb check`` figures: time per phase, and the gap search's evaluator against the engine.

    .venv/bin/python benchmarks/bench_kbcheck.py [--kb DIR] [--budget N] [--repeat R]

Prints medians over R runs (CPU time of this process, so other load on the machine matters less):
load, the logic checks, the profile search, the whole check; and per-profile cost of the vectorised
evaluator used by the search (expert.evaluator, batches of profiles) against the experta engine
(Classifier.run_engine) on the same profiles. Nothing here is asserted anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import time
from itertools import islice
from pathlib import Path

from expert.engine import DEFAULT_KB, Classifier
from expert.kbtools.checks import LOADED_CHECKS, Context, check_kb
from expert.kbtools.space import space_for
from expert.rules.loader import load_kb


def cpu(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kb", type=Path, default=DEFAULT_KB)
    ap.add_argument("--budget", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profiles", type=int, default=500, help="profiles for the evaluator comparison")
    args = ap.parse_args()

    kb = load_kb(args.kb)
    print(f"KB {args.kb}: {len(kb.inputs)} inputs, {len(kb.rules)} rules, {len(kb.conclusions)} conclusions")
    print(f"load_kb                     median {cpu(lambda: load_kb(args.kb), args.repeat) * 1000:8.1f} ms")
    logic_checks = [c for c in LOADED_CHECKS if c.__name__ not in ("check_gaps", "check_conflicts")]

    def logic() -> None:
        ctx = Context(kb, args.budget)
        for check in logic_checks:
            check(ctx)

    t = cpu(logic, args.repeat)
    print(f"logic checks (no search)    median {t * 1000:8.1f} ms")
    ctx = Context(kb, args.budget)
    t = cpu(lambda: Context(kb, args.budget).search(), args.repeat)
    space = ctx.search()["space"]
    print(f"profile search              median {t:8.2f} s   ({space.tried} profiles, {space.how}, "
          f"{len(space.inputs)} inputs, space {space.size:.3g}); {t / max(space.tried, 1) * 1e6:.0f} us/profile")
    print(f"whole kb check              median {cpu(lambda: check_kb(args.kb, args.budget), args.repeat):8.2f} s")

    space = space_for(kb, list(kb.conclusions), args.profiles * 10)
    profiles = list(islice(space.profiles(), args.profiles))
    engine = Classifier(kb)
    evaluator = engine.evaluator
    per = {}
    per["evaluator (one batch)"] = cpu(lambda: evaluator.run(profiles), args.repeat)
    per["evaluator (one by one)"] = cpu(lambda: [evaluator.run([v]) for v in profiles], args.repeat)
    per["engine.run_engine"] = cpu(lambda: [engine.run_engine(v) for v in profiles], args.repeat)
    base = per["evaluator (one batch)"]
    for name, total in per.items():
        print(f"{name:28s}median {total / len(profiles) * 1e6:8.1f} us/profile   x{total / base:7.1f}")
    ev = evaluator.run(profiles)
    same = sum(engine.run_engine(v)[0] == ev.derived(i) for i, v in enumerate(profiles))
    print(f"the evaluator agrees with the engine on {same} of {len(profiles)} profiles")


if __name__ == "__main__":
    main()
