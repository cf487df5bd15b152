"""Batch classification speed and memory: students per second for -j 1 / -j 2, a naive baseline, peak RSS.

    .venv/bin/python benchmarks/bench_batch.py                 # 10k and 100k rosters, 1M for memory
    .venv/bin/python benchmarks/bench_batch.py --sizes 10000 --budget 30 --million 0

Rosters are generated from the knowledge base's vocabulary (deterministic seed), written as Russian
Excel does (UTF-8 with BOM, ';'). Every figure comes from running the real CLI in a subprocess. When a
full run would take longer than --budget seconds, the run is made on the roster's first rows (the same
rows) and the time for the whole roster is projected from it; the printout says so. Peak memory is the
largest process's ru_maxrss (via a wrapper process) and the sampled sum over the process tree. The 1M
roster is run for --memory-seconds in the background, sampled, then interrupted with SIGINT (which also
checks that an interrupted run leaves no result file).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expert.engine import DEFAULT_KB, Classifier  # noqa: E402
from expert.facts.profile import profile_from_answers  # noqa: E402
from expert.rules.kb import KnowledgeBase  # noqa: E402
from expert.rules.loader import load_kb  # noqa: E402

CLI = "from expert.cli import main; main()"
WRAPPER = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc, file=sys.stderr)")


def cell(rng: random.Random, inp) -> str:
    """A plausible answer: most students have no problems; some answers unknown."""
    if rng.random() < 0.15:
        return ""
    if inp.type == "boolean":
        return "да" if rng.random() < 0.12 else "нет"
    if inp.type == "integer":
        low = inp.min + int((inp.max - inp.min) * rng.random() ** 4)
        return str(low)
    ids = inp.option_ids()
    if inp.type == "choice":
        return ids[0] if rng.random() < 0.7 else rng.choice(ids)
    picked = [o for o in ids if rng.random() < 0.08]
    return ", ".join(picked) if picked else "нет"


def student_row(rng: random.Random, kb: KnowledgeBase, inputs: list) -> list[str]:
    """One student's cells; where a screening question is answered «нет», its questions are left blank
    (the «нет» answers them), as a pedagogue filling the form would."""
    row = {i.id: cell(rng, i) for i in inputs}
    for screen, implied in kb.screens.items():
        if row.get(screen) == "нет":
            row.update(dict.fromkeys(implied, ""))
    return [row[i.id] for i in inputs]


def generate(kb: KnowledgeBase, n: int, path: Path, seed: int = 7, same: bool = False) -> float:
    """Write a roster of n students (``same``: all with one profile); return the share of distinct profiles."""
    rng = random.Random(seed)
    inputs = list(kb.inputs.values())
    seen: set[int] = set()
    first = student_row(rng, kb, inputs)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(["id", *(i.id for i in inputs)])
        for k in range(n):
            row = first if same else student_row(rng, kb, inputs)
            if n <= 200_000:
                seen.add(hash(tuple(row)))
            writer.writerow([f"S{k:07d}", *row])
    return len(seen) / n if n <= 200_000 else float("nan")


def proc_tree_memory(pid: int) -> tuple[int, int]:
    """(RSS sum, PSS sum) in kB over a process and its descendants. Forked workers share the parent's
    pages, which RSS counts once per process; PSS splits shared pages between them."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def run_cli(roster: Path, out: Path, jobs: int, kb: Path, seconds: float | None = None) -> dict:
    """Run the real CLI under a wrapper; sample tree RSS; optionally interrupt after ``seconds``."""
    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-c", CLI, "classify", str(roster), "-o", str(out),
           "-j", str(jobs), "--kb", str(kb)]
    start = time.perf_counter()
    # A background shell starts us with SIGINT ignored, and children inherit that: give the CLI Ctrl-C back.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    samples: list[tuple[float, int]] = []
    peak_sum = peak_pss = 0
    interrupted = False
    while proc.poll() is None:
        time.sleep(0.25)
        total, pss = proc_tree_memory(proc.pid)
        peak_sum, peak_pss = max(peak_sum, total), max(peak_pss, pss)
        samples.append((time.perf_counter() - start, pss))
        if seconds is not None and not interrupted and time.perf_counter() - start > seconds:
            cli = next(iter(_children(proc.pid)), None)
            if cli is not None:
                os.kill(cli, signal.SIGINT)
            interrupted = True
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    maxrss_kb, rc = (int(x) for x in stderr.strip().splitlines()[-1].split())
    return {"elapsed": elapsed, "maxrss_mb": maxrss_kb / 1024, "tree_mb": peak_sum / 1024,
            "tree_pss_mb": peak_pss / 1024, "rc": rc,
            "stdout": stdout, "samples": samples}


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def naive(kb: KnowledgeBase, answers: list[dict], jobs: int) -> float:
    """Students per second when every student gets a newly built engine (the way not to do it)."""
    start = time.perf_counter()
    if jobs == 1:
        for i, a in enumerate(answers):
            Classifier(kb).classify(profile_from_answers(kb, str(i), a))
    else:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs, initializer=_naive_init, initargs=(kb,)) as pool:
            list(pool.imap(_naive_one, answers, chunksize=2))
    return len(answers) / (time.perf_counter() - start)


_kb: KnowledgeBase | None = None


def _naive_init(kb: KnowledgeBase) -> None:
    global _kb
    _kb = kb


def _naive_one(a: dict) -> str | None:
    return Classifier(_kb).classify(profile_from_answers(_kb, "x", a)).direction  # type: ignore[arg-type]


def roster_answers(kb: KnowledgeBase, path: Path, n: int) -> list[dict]:
    from expert.batch.cells import CellReader

    readers = {i: CellReader(kb, inp) for i, inp in kb.inputs.items()}
    out = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, delimiter=";")
        header = next(rows)[1:]
        for row, _ in zip(rows, range(n), strict=False):
            values = {h: readers[h].read(v) for h, v in zip(header, row[1:], strict=True)}
            out.append({k: sorted(v) if isinstance(v, frozenset) else v for k, v in values.items() if v is not None})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--million", type=int, default=1_000_000, help="rows of the memory run (0 = skip)")
    parser.add_argument("--budget", type=float, default=90, help="seconds per throughput run before projecting")
    parser.add_argument("--memory-seconds", type=float, default=120)
    parser.add_argument("--naive-seconds", type=float, default=20)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--memory-only", action="store_true", help="only the 1M-row streaming memory run")
    args = parser.parse_args()
    kb = load_kb(args.kb)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_batch_"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"KB {args.kb}: {len(kb.inputs)} inputs, {len(kb.rules)} rules, {len(kb.steps)} engine steps; "
          f"CPUs {os.cpu_count()}; work dir {work}")

    if not args.memory_only:
        throughput(kb, args, work)
    if args.million:
        memory(kb, args, work)


def throughput(kb: KnowledgeBase, args: argparse.Namespace, work: Path) -> None:
    calib = work / "calibrate.csv"
    generate(kb, 300, calib)
    t = run_cli(calib, work / "calibrate.out.csv", 1, args.kb)
    start_cost = run_cli(work / "empty.csv" if _write_empty(kb, work) else calib, work / "e.out.csv", 1, args.kb)
    rate1 = 300 / max(t["elapsed"] - start_cost["elapsed"], 1e-3)
    print(f"calibration: start-up {start_cost['elapsed']:.2f} s, ~{rate1:.0f} students/s on -j 1")

    print("\nroster      jobs  rows run   seconds  students/s  projected full run  "
          "peak MB: max RSS / tree RSS / tree PSS")
    for n in args.sizes:
        full = work / f"roster_{n}.csv"
        distinct = generate(kb, n, full)
        for jobs in (1, 2):
            rows = min(n, max(200, int(rate1 * jobs * 0.9 * args.budget)))
            roster = full
            if rows < n:
                roster = work / f"roster_{n}_first_{rows}.csv"
                generate(kb, rows, roster)  # same seed: the first rows of the full roster
            r = run_cli(roster, work / f"out_{n}_{jobs}.csv", jobs, args.kb)
            speed = rows / r["elapsed"]
            proj = f"{n / speed / 60:8.1f} min" if rows < n else "   (measured)"
            print(f"{n:>9,}  -j {jobs}  {rows:>8,}  {r['elapsed']:8.1f}  {speed:10.1f}  {proj:>18}  "
                  f"{r['maxrss_mb']:7.0f} / {r['tree_mb']:.0f} / {r['tree_pss_mb']:.0f}   exit {r['rc']}")
        print(f"           distinct profiles in the {n:,} roster: {distinct:.1%}")

    same = work / "roster_same.csv"
    generate(kb, 20_000, same, same=True)
    for jobs in (1, 2):
        r = run_cli(same, work / f"out_same_{jobs}.csv", jobs, args.kb)
        print(f"   20,000 identical profiles -j {jobs}: {20_000 / r['elapsed']:8.1f} students/s incl. start-up "
              f"(the batch layer itself: reading, checking, cache hits, writing)")

    answers = roster_answers(kb, work / f"roster_{args.sizes[0]}.csv", 10_000)
    for jobs in (1, 2):
        probe = answers[: max(4, int(3 * jobs))]
        rate = naive(kb, probe, jobs)
        count = min(len(answers), max(len(probe), int(rate * args.naive_seconds)))
        rate = naive(kb, answers[:count], jobs)
        print(f"naive baseline (new engine per student) -j {jobs}: {rate:8.1f} students/s on {count} students")



def memory(kb: KnowledgeBase, args: argparse.Namespace, work: Path) -> None:
    """Stream the big roster with -j 2 for a while, sample memory, interrupt, check nothing is left."""
    big = work / f"roster_{args.million}.csv"
    t0 = time.perf_counter()
    if not big.exists():  # deterministic: a roster left by an earlier run in the same work dir is the same
        generate(kb, args.million, big)
    print(f"\n{args.million:,}-row roster: {big.stat().st_size / 1e6:.0f} MB, generated in "
          f"{time.perf_counter() - t0:.0f} s")
    out = work / "out_million.csv"
    r = run_cli(big, out, 2, args.kb, seconds=args.memory_seconds)
    samples = r["samples"]
    marks = [samples[int(len(samples) * q)] for q in (0.1, 0.25, 0.5, 0.75) if samples] + samples[-1:]
    print(f"-j 2 streaming run on {args.million:,} rows, interrupted after {args.memory_seconds:.0f} s: "
          f"peak RSS largest process {r['maxrss_mb']:.0f} MB; process tree RSS {r['tree_mb']:.0f} MB, "
          f"PSS {r['tree_pss_mb']:.0f} MB")
    print("tree PSS over time: " + ", ".join(f"{s:.0f}s {kb_ / 1024:.0f} MB" for s, kb_ in marks))
    leftovers = [p.name for p in work.iterdir() if p.name.startswith((".out_million", "out_million"))]
    print(f"after SIGINT: exit {r['rc']}, files left for the result: {leftovers or 'none'}")


def _write_empty(kb: KnowledgeBase, work: Path) -> bool:
    generate(kb, 1, work / "empty.csv")
    return True


if __name__ == "__main__":
    main()
