"""Roster classification through the vectorised evaluator: the figures of issue #11.

    .venv/bin/python benchmarks/bench_roster_eval.py                       # 1,000,000 rows, -j 2
    .venv/bin/python benchmarks/bench_roster_eval.py --rows 100000 --search 0

Prints, for a roster generated from the KB's vocabulary and written as Russian Excel writes CSV (UTF-8
with BOM, ';', CRLF):

1. the whole CLI (``expert classify ROSTER -o OUT -j 2``): students/s and peak memory (largest process's
   ru_maxrss, and the sampled RSS/PSS sum over the process tree);
2. the same run with classification replaced by a constant result (reading, validating, making each
   profile, writing the row): its time, and the ratio of (1) to it;
3. per student, the evaluator (batches of 4096) against the experta engine (one engine reused), on
   profiles read from the same roster, and whether they agree;
4. ``kb check``'s gap and conflict search over N profiles (``--search``).

Nothing is asserted; the figures go into the closing note.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import generate, proc_tree_memory, roster_answers  # noqa: E402

from expert.engine import DEFAULT_KB, Classifier  # noqa: E402
from expert.facts.profile import profile_from_answers  # noqa: E402
from expert.rules.loader import load_kb  # noqa: E402

CLI = "from expert.cli import main; main()"
# The same pipeline with classification replaced by one precomputed result: what reading costs.
READ_ONLY = """
import sys
from expert.batch import run
from expert.cli import main
from expert.facts.profile import Profile
from expert.outcome import record_of
real_init = run.Worker.__init__
def init(self, *a, **k):
    real_init(self, *a, **k)
    self._constant = (record_of(self.classifier.classify(Profile("x", {}))), None)
run.Worker.__init__ = init
run.Worker._evaluate = lambda self, profiles: [self._constant] * len(profiles)
main()
"""
WRAPPER = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
           "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(u.ru_maxrss, rc, u.ru_utime + u.ru_stime, file=sys.stderr)")


def run_cli(code: str, roster: Path, out: Path, jobs: int, kb: Path) -> dict:
    import subprocess

    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-c", code, "classify", str(roster), "-o", str(out),
           "-j", str(jobs), "--kb", str(kb)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        time.sleep(0.5)
        rss, pss = proc_tree_memory(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
    _stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    maxrss_kb, rc, cpu = stderr.strip().splitlines()[-1].split()
    return {"elapsed": elapsed, "maxrss_mb": int(maxrss_kb) / 1024, "tree_rss_mb": peak_rss / 1024,
            "tree_pss_mb": peak_pss / 1024, "rc": int(rc), "cpu": float(cpu)}


def per_student(kb, roster: Path, n: int) -> None:
    classifier = Classifier(kb)
    profiles = [profile_from_answers(kb, str(i), a) for i, a in enumerate(roster_answers(kb, roster, n))]
    values = [p.values for p in profiles]
    start = time.process_time()
    for k in range(0, len(values), 4096):
        classifier.evaluator.run(values[k:k + 4096])
    evaluator = (time.process_time() - start) / len(values)
    sample = values[: min(len(values), 2000)]
    start = time.process_time()
    derived = [classifier.run_engine(v)[0] for v in sample]
    engine = (time.process_time() - start) / len(sample)
    ev = classifier.evaluator.run(sample)
    same = sum(ev.derived(i) == d for i, d in enumerate(derived))
    print(f"evaluator: {evaluator * 1e6:8.1f} us/student ({len(values)} profiles, batches of 4096)")
    print(f"experta  : {engine * 1e6:8.1f} us/student ({len(sample)} profiles, one engine reused)")
    print(f"ratio    : x{engine / evaluator:.0f} per student; derived facts agree on {same} of {len(sample)}")


def search(kb_path: Path, budget: int) -> None:
    from expert.kbtools.checks import run_search

    kb = load_kb(kb_path)
    start = time.perf_counter()
    result = run_search(kb, budget)
    elapsed = time.perf_counter() - start
    space = result["space"]
    print(f"kb check search: {space.tried} profiles ({space.how}) in {elapsed:.1f} s wall "
          f"({space.tried / elapsed:,.0f} profiles/s); gaps {result['gap_count']}, "
          f"conflicting pairs {len(result['conflicts'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=Path, default=DEFAULT_KB)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--per-student", type=int, default=8192, help="profiles for the evaluator/experta ratio")
    ap.add_argument("--search", type=int, default=1_000_000, help="profiles for the kb check search (0: skip)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--skip-roster", action="store_true")
    args = ap.parse_args()
    kb = load_kb(args.kb)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_roster_eval_"))
    work.mkdir(parents=True, exist_ok=True)
    roster = work / f"roster_{args.rows}.csv"
    if not roster.exists():
        start = time.perf_counter()
        generate(kb, args.rows, roster)
        print(f"generated {args.rows:,} rows ({roster.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - start:.0f} s: {roster}")
    if not args.skip_roster:
        # CPU seconds of the whole process tree too: on a shared machine the wall clock measures the others
        full = run_cli(CLI, roster, work / "out.csv", args.jobs, args.kb)
        print(f"whole CLI, -j {args.jobs}: {full['elapsed']:.1f} s wall, "
              f"{args.rows / full['elapsed']:,.0f} students/s; "
              f"{full['cpu']:.1f} CPU-s = {full['cpu'] / args.rows * 1e6:.0f} CPU-us/student "
              f"({args.rows / (full['cpu'] / args.jobs):,.0f} students/s on {args.jobs} idle cores); rc {full['rc']}; "
              f"peak memory: largest process {full['maxrss_mb']:.0f} MB, tree RSS {full['tree_rss_mb']:.0f} MB, "
              f"tree PSS {full['tree_pss_mb']:.0f} MB")
        read = run_cli(READ_ONLY, roster, work / "read.csv", args.jobs, args.kb)
        print(f"read + validate + write only, -j {args.jobs}: {read['elapsed']:.1f} s wall, "
              f"{read['cpu']:.1f} CPU-s = {read['cpu'] / args.rows * 1e6:.0f} CPU-us/row; rc {read['rc']}; "
              f"whole / read-only: x{full['elapsed'] / read['elapsed']:.2f} wall, "
              f"x{full['cpu'] / read['cpu']:.2f} CPU; "
              f"tree PSS {read['tree_pss_mb']:.0f} MB")
    if args.per_student:
        per_student(kb, roster, args.per_student)
    if args.search:
        search(args.kb, args.search)


if __name__ == "__main__":
    main()
