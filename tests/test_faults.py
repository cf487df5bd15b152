"""Faults (issue 16): a roster run killed outright leaves nothing the next run does not clean up, and its
worker processes do not outlive it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from expert.batch.writers import remove_stale_parts, temp_path
from expert.engine import DEFAULT_KB
from tests.conftest import SMALL_KB

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def long_roster(path: Path, n: int = 20_000) -> Path:
    lines = ["id;truancy_share;offences;substances;low_income;single_parent"]
    subs = ["", "alcohol", "tobacco", "none", "alcohol, tobacco"]
    lines += [f"S{i};{i % 101};{'да' if i % 7 == 0 else 'нет'};{subs[i % 5]};{['да', 'нет', ''][i % 3]};"
              f"{['да', 'нет'][(i // 101) % 2]}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start(roster: Path, out: Path, *extra: str, kb: Path = SMALL_KB) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "expert", "classify", str(roster), "-o", str(out),
                             "--kb", str(kb), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever reaps it; it runs no code)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_a_killed_run_leaves_its_part_files_and_the_next_run_removes_them(tmp_path):
    roster, out = long_roster(tmp_path / "r.csv"), tmp_path / "out.csv"
    proc = start(roster, out)
    assert wait_for(lambda: bool(list(tmp_path.glob(".out.csv.*.part")))), "the run never started writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stale = list(tmp_path.glob(".*.part"))
    assert stale and not out.exists()  # the final name is never half-written
    small = tmp_path / "small.csv"
    small.write_text("id;offences\nS1;да\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "expert", "classify", str(small), "-o", str(out),
                           "--kb", str(SMALL_KB)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.exists() and not list(tmp_path.glob(".*.part"))


def test_a_part_file_of_a_running_process_is_left_alone(tmp_path):
    out = tmp_path / "out.csv"
    mine = temp_path(out)
    mine.write_text("in progress")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        theirs = out.with_name(f".{out.name}.{sleeper.pid}.part")
        theirs.write_text("another run")
        gone = out.with_name(f".{out.name}.{2 ** 22 + 12345}.part")  # above the default pid_max: never a process
        gone.write_text("dead run")
        assert remove_stale_parts(out) == [gone]
        assert mine.exists() and theirs.exists() and not gone.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_workers_exit_when_their_parent_is_killed(tmp_path):
    roster, out = long_roster(tmp_path / "r.csv"), tmp_path / "out.csv"
    # the bundled KB: each worker has seconds of queued chunks, which it would go on classifying for nobody
    proc = start(roster, out, "-j", "2", kb=DEFAULT_KB)
    workers: list[int] = []

    def two_workers() -> bool:
        workers[:] = [p for p in children(proc.pid) if running(p)]
        return len(workers) >= 2

    try:
        assert wait_for(two_workers), "the pool never started"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert wait_for(lambda: not any(running(p) for p in workers), 2), "workers outlived their parent"
    finally:
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_consultation_killed_mid_way_resumes_with_every_answer_given(tmp_path):
    """kill -9 between two answers: the session file holds each answer already given, whole, and --resume goes
    on from there to the same recommendation as an uninterrupted consultation."""
    import json

    from tests.consult_helpers import CONSULT_KB
    from tests.test_consult_cli import WELL_OFF

    session = tmp_path / "s.json"
    argv = [sys.executable, "-m", "expert", "consult", "--kb", str(CONSULT_KB), "--today", "2026-01-10"]
    proc = subprocess.Popen([*argv, "--student", "S-1", "--session", str(session)], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def answered(n: int) -> bool:
        try:
            return len(json.loads(session.read_text(encoding="utf-8"))["answers"]) == n
        except (OSError, ValueError, KeyError):
            return False

    try:
        for n, answer in enumerate(WELL_OFF[:3], start=1):
            proc.stdin.write(f"{answer}\n".encode())  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            assert wait_for(lambda n=n: answered(n)), f"answer {n} never saved"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    resumed = subprocess.run([*argv, "--resume", str(session)], input="".join(f"{a}\n" for a in WELL_OFF[3:]),
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    straight = subprocess.run([*argv, "--student", "S-1", "--session", str(tmp_path / "t.json")],
                              input="".join(f"{a}\n" for a in WELL_OFF), capture_output=True, text=True, timeout=120)
    start = resumed.stdout.index("Учащийся:")
    assert resumed.stdout[start:resumed.stdout.index("Файл консультации")] == \
        straight.stdout[straight.stdout.index("Учащийся:"):straight.stdout.index("Файл консультации")]
