"""Engine figures: KB load+compile time; per-student inference, reused engine vs a new engine per student.

    .venv/bin/python benchmarks/bench_engine.py [--kb DIR] [--students N] [--seed S]

Profiles are generated from the vocabulary (each input known with probability 0.8), so the figures follow
the KB as it grows. Prints medians and p95; nothing here is asserted anywhere.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from expert.compiler import build_engine_class
from expert.engine import DEFAULT_KB, Classifier
from expert.facts.profile import Profile, screen_answer
from expert.rules.kb import KnowledgeBase
from expert.rules.loader import load_kb


def random_profile(kb: KnowledgeBase, rng: random.Random, i: int, known: float = 0.8) -> Profile:
    values = {}
    for inp in kb.inputs.values():
        if rng.random() > known:
            continue
        if inp.type == "boolean":
            values[inp.id] = rng.random() < 0.2
        elif inp.type == "integer":
            values[inp.id] = rng.randint(inp.min, inp.max)
        elif inp.type == "choice":
            values[inp.id] = rng.choice(inp.option_ids())
        else:
            values[inp.id] = frozenset(o for o in inp.option_ids() if rng.random() < 0.2)
    for screen in kb.screens:  # a screening answer consistent with the specific ones
        values.pop(screen, None)
        implied = screen_answer(kb, screen, values)
        if implied is not None:
            values[screen] = implied
    return Profile(f"B-{i:06d}", values)


def percentile(data: list[float], p: float) -> float:
    data = sorted(data)
    return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))]


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB)
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--naive", type=int, default=300, help="students for the new-engine-per-student run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    loads = []
    for _ in range(5):
        t0 = time.perf_counter()
        kb = load_kb(args.kb)
        t1 = time.perf_counter()
        classifier = Classifier(kb)
        t2 = time.perf_counter()
        loads.append((t1 - t0, t2 - t1))
    load_ms = statistics.median(a for a, _ in loads) * 1000
    compile_ms = statistics.median(b for _, b in loads) * 1000
    print(f"KB: {args.kb} — {len(kb.inputs)} inputs, {len(kb.rules)} rules, {len(kb.steps)} engine steps")
    print(f"load+validate: {load_ms:.1f} ms median; compile+build engine: {compile_ms:.1f} ms median (5 runs)")

    rng = random.Random(args.seed)
    profiles = [random_profile(kb, rng, i) for i in range(args.students)]
    for p in profiles[:50]:  # warm-up
        classifier.classify(p)
    reused = timed(classifier.classify, profiles)
    engine_only = timed(lambda p: classifier.run_engine(p.values), profiles)
    engine_cls = build_engine_class(kb)

    def naive(p: Profile) -> None:
        fresh = Classifier.__new__(Classifier)
        fresh.__dict__.update(classifier.__dict__)
        fresh.engine = engine_cls()
        fresh.classify(p)

    fresh = timed(naive, profiles[: args.naive])
    print(f"classify, one engine reused ({len(reused)} students): median {statistics.median(reused):.2f} ms, "
          f"p95 {percentile(reused, 95):.2f} ms, {1000 / statistics.mean(reused):.0f} students/s")
    print(f"  of which engine reset+declare+run: median {statistics.median(engine_only):.2f} ms")
    print(f"classify, new engine per student ({len(fresh)} students): median {statistics.median(fresh):.2f} ms, "
          f"p95 {percentile(fresh, 95):.2f} ms")
    ratio = statistics.median(fresh) / statistics.median(reused)
    print(f"new engine per student / reused engine (medians): {ratio:.1f}x")


if __name__ == "__main__":
    main()
