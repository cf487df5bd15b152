"""Explanation speed for one student: classify, build the graph and its DOT, render SVG with Graphviz,
the whole `expert explain PROFILE -o student.svg` command (a fresh process), and HOW / WHY NOT / what-if.

    .venv/bin/python benchmarks/bench_explain.py [--kb DIR] [--repeat N] [PROFILE ...]

Defaults: the bundled knowledge base and examples/*.yaml. Medians over --repeat runs; figures only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expert.engine import DEFAULT_KB, Classifier  # noqa: E402
from expert.facts.profile import load_profile  # noqa: E402
from explain.dot import to_dot  # noqa: E402
from explain.graph import explanation_graph  # noqa: E402
from explain.how import how_text  # noqa: E402
from explain.render import render_dot  # noqa: E402
from explain.whatif import what_if  # noqa: E402
from explain.whynot import why_not_text  # noqa: E402

CLI = "from expert.cli import main; main()"


def median_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profiles", nargs="*", type=Path)
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    profiles = args.profiles or sorted((ROOT / "examples").glob("*.yaml"))
    has_dot = shutil.which("dot") is not None
    start = time.perf_counter()
    classifier = Classifier.from_dir(args.kb)
    print(f"KB load + compile: {(time.perf_counter() - start) * 1000:.0f} ms (once per process)")
    if not has_dot:
        print("Graphviz (dot) not found: SVG rendering figures are skipped")
    header = (f"{'profile':<22}{'nodes':>6}{'edges':>6}{'classify':>10}{'graph+DOT':>11}{'SVG':>8}"
              f"{'CLI→SVG':>9}{'HOW':>7}{'WHY-NOT':>9}{'what-if':>9}{'checks':>8}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for path in profiles:
            profile = load_profile(classifier.kb, path)
            result = classifier.classify(profile)
            graph = explanation_graph(classifier.kb, result)
            dot = to_dot(graph, result.student_id)
            t_classify = median_ms(lambda p=profile: classifier.classify(p), args.repeat)
            t_graph = median_ms(lambda r=result: to_dot(explanation_graph(classifier.kb, r), r.student_id),
                                args.repeat)
            t_svg = median_ms(lambda d=dot: render_dot(d, "svg"), args.repeat) if has_dot else float("nan")
            out = Path(tmp) / "student.svg"
            command = [sys.executable, "-c", CLI, "explain", str(path), "-o", str(out), "--kb", str(args.kb)]
            t_cli = median_ms(lambda c=command: subprocess.run(c, capture_output=True, check=False),
                              max(1, args.repeat // 2)) if has_dot else float("nan")
            t_how = median_ms(lambda r=result: how_text(classifier.kb, r), args.repeat)
            other = next(d for d, c in classifier.kb.conclusions.items()
                         if c.kind == "direction" and d != result.direction)
            t_why = median_ms(lambda r=result, o=other: why_not_text(classifier.kb, r, o), args.repeat)
            report = what_if(classifier, result)
            t_what = median_ms(lambda r=result: what_if(classifier, r), 1)
            print(f"{path.name:<22}{graph.number_of_nodes():>6}{graph.number_of_edges():>6}{t_classify:>8.1f}ms"
                  f"{t_graph:>9.1f}ms{t_svg:>6.0f}ms{t_cli:>7.0f}ms{t_how:>5.1f}ms{t_why:>7.1f}ms"
                  f"{t_what:>7.0f}ms{report.checks:>8}")
    print("classify, graph+DOT, SVG (dot -Tsvg), HOW, WHY-NOT: medians of --repeat runs in one process;")
    print("CLI→SVG: a fresh `expert explain PROFILE -o student.svg` (Python start, KB load, classify, render);")
    print("what-if: one run with the default targets; checks = profiles re-derived during the search.")


if __name__ == "__main__":
    main()
