"""Start-up figures of the whole ``expert`` process: wall and CPU time of one student's classification with a
warm KB cache and with a cold one, of ``expert --help``, and what the warm run spends importing.

    .venv/bin/python benchmarks/bench_startup.py [--runs N] [--profile examples/risk_group.yaml] [--against DIR]

``--against DIR`` also runs the code of another checkout (``python -m expert`` with PYTHONPATH=DIR), e.g. an
older commit unpacked with ``git archive``, alternating with this one run by run: before/after figures under
the same load, on the same interpreter. ``--src DIR`` runs only that checkout.

Each run is a new process, as a user starts it; CPU is the child's user+system time. The machine's load
average is printed before and after: on a shared machine the wall time grows with it, the CPU time much
less. Prints medians and p90; nothing here is asserted anywhere.

A user's Python keeps the compiled bytecode of the project's modules (``__pycache__``); an environment with
PYTHONDONTWRITEBYTECODE set recompiles ~40 of them on every start (~0.05 s). The runs here drop that
variable, so the first (unmeasured) run writes the bytecode as a user's first run does; ``--as-is`` keeps it.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command(src: str | None) -> list[str]:
    """The installed ``expert`` script beside this interpreter (what a user runs), else ``python -m expert``."""
    script = Path(sys.executable).with_name("expert")
    return [str(script)] if script.is_file() and not src else [sys.executable, "-m", "expert"]


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            cwd=env.get("PYTHONPATH", ROOT))
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def report(name: str, times: list[tuple[float, float]]) -> None:
    walls, cpus = [w for w, _ in times], [c for _, c in times]
    print(f"{name:34s} wall median {statistics.median(walls):.3f} s  p90 {p90(walls):.3f} s   "
          f"CPU median {statistics.median(cpus):.3f} s  p90 {p90(cpus):.3f} s   ({len(times)} runs)")


def import_contributors(args: list[str], env: dict[str, str], runs: int, top: int) -> None:
    """Self import time per top-level package (per module under expert/explain), median over ``runs``."""
    per_run = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-X", "importtime", *args[1:]] if args[0] == sys.executable
                              else [sys.executable, "-X", "importtime", "-m", "expert", *args[1:]],
                              capture_output=True, text=True, env=env, cwd=env.get("PYTHONPATH", ROOT))
        totals: collections.Counter[str] = collections.Counter()
        for line in proc.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, _, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            parts = name.split(".")
            key = ".".join(parts[:2]) if parts[0] in ("expert", "explain") else parts[0]
            totals[key] += int(self_us)
        per_run.append(totals)
    keys = set().union(*per_run)
    median = {k: statistics.median(t.get(k, 0) for t in per_run) for k in keys}
    total = statistics.median(sum(t.values()) for t in per_run)
    print(f"\nimports of the warm run (self time under -X importtime, which adds its own overhead), median of {runs}:"
          f" {total / 1000:.0f} ms in all")
    for key, us in sorted(median.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {key:32s} {us / 1000:6.1f} ms")


def variant(src: str | None, base: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run this checkout, or the checkout in ``src``."""
    env = dict(base)
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())  # also the working folder: `-m` puts it first
    return command(src), env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", default="examples/risk_group.yaml")
    parser.add_argument("--top", type=int, default=15, help="import-time contributors to list")
    parser.add_argument("--src", help="run the code of this checkout instead (PYTHONPATH)")
    parser.add_argument("--against", help="also run the code of this checkout, alternating run by run")
    parser.add_argument("--as-is", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if it is set")
    opts = parser.parse_args()
    dropped = {"EXPERT_CACHE"} | (set() if opts.as_is else {"PYTHONDONTWRITEBYTECODE"})
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    if "PYTHONDONTWRITEBYTECODE" in os.environ:
        print("PYTHONDONTWRITEBYTECODE is set here: " + ("kept (--as-is)" if opts.as_is else
                                                          "dropped for the runs, as a user's Python has bytecode"))
    codes = {opts.src or "this checkout": variant(opts.src, base)}
    if opts.against:
        codes[opts.against] = variant(opts.against, base)
    profile = str(ROOT / opts.profile)
    print(f"classify {profile}   (Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f})")
    warm: dict[str, list] = {name: [] for name in codes}
    cold: dict[str, list] = {name: [] for name in codes}
    helps: dict[str, list] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory() as tmp:
        caches = {name: str(Path(tmp) / f"warm{n}") for n, name in enumerate(codes)}
        for name, (cli, env) in codes.items():
            run_once([*cli, "classify", profile], {**env, "EXPERT_CACHE_DIR": caches[name]})  # fills the cache
        for i in range(opts.runs):
            for name, (cli, env) in codes.items():  # alternating, so each sees the same load
                warm[name].append(run_once([*cli, "classify", profile], {**env, "EXPERT_CACHE_DIR": caches[name]}))
                cold_dir = Path(tmp) / f"cold{i}"
                cold[name].append(run_once([*cli, "classify", profile], {**env, "EXPERT_CACHE_DIR": str(cold_dir)}))
                shutil.rmtree(cold_dir, ignore_errors=True)
                helps[name].append(run_once([*cli, "--help"], env))
        for label, table in (("classify one profile, warm cache", warm), ("classify one profile, cold cache", cold),
                             ("expert --help", helps)):
            for name, times in table.items():
                report(f"{label} [{name}]" if len(codes) > 1 else label, times)
        cli, env = next(iter(codes.values()))
        import_contributors([*cli, "classify", profile], {**env, "EXPERT_CACHE_DIR": next(iter(caches.values()))},
                            min(opts.runs, 5), opts.top)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
