"""Run one hostile case against one command and judge what a user would see.

A case passes when the command ends within its time, without a traceback, with an exit status it documents,
every error line one located line, every roster row accounted for, no ``.part`` file left and no result
cell that Excel would run as a formula. Anything else is a failure of one of these kinds:
traceback, hang, memory, exit, message, lost_rows, partial_files, injection.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from expert.batch.writers import FORMULA_START, NUMBER
from expert.cli import main
from tests.fuzz import mutators

ROOT = Path(__file__).resolve().parents[2]
SMALL_KB = ROOT / "tests" / "fixtures" / "kb_small"
SEED_PROFILE_YAML = (ROOT / "tests" / "fixtures" / "profiles" / "risk.yaml").read_text(encoding="utf-8")
SEED_PROFILE_JSON = (ROOT / "tests" / "fixtures" / "profiles" / "deviant.json").read_text(encoding="utf-8")
KINDS = ("traceback", "hang", "memory", "exit", "message", "lost_rows", "partial_files", "injection")
ERROR_LINE = re.compile(r"^(ошибка|error|қате): \S")
FINDING_LINE = re.compile(r"^\S.*?: KB\d{3} \S+: \S")
SUMMARY = re.compile(r"rows read: (\d+); classified: (\d+); errors: (\d+)")


class Hang(BaseException):
    """Raised by the alarm; a BaseException so no ``except Exception`` in the code under test swallows it."""


@dataclass
class Outcome:
    target: str
    seed: int
    kind: str | None  # None: passed
    detail: str
    seconds: float
    size: int
    cpu: float = 0.0  # seconds of this process's CPU (wall time also counts other processes on a busy machine)


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


def invoke(args: list[str], seconds: float, stdin: str = "") -> tuple[object, float]:
    """The CLI in this process, stopped after ``seconds`` (SIGALRM) so a hang is a finding, not a stuck run."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(main, args, input=stdin, catch_exceptions=True)
    except Hang:
        result = None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return result, time.perf_counter() - start


def judge(result: object, allowed: tuple[int, ...]) -> tuple[str | None, str]:
    """The failure kind of a finished CLI run (None when it behaved), and a short detail."""
    if result is None:
        return "hang", "no exit within the time limit"
    exc = getattr(result, "exception", None)
    if isinstance(exc, Hang):
        return "hang", "no exit within the time limit"
    if isinstance(exc, MemoryError):
        return "memory", "MemoryError"
    if exc is not None and not isinstance(exc, SystemExit):
        return "traceback", f"{type(exc).__name__}: {str(exc)[:200]}"
    code = result.exit_code  # type: ignore[attr-defined]
    if code not in allowed:
        return "exit", f"exit status {code}"
    if code == 2:  # warnings may come first; from the first error on, every line is an error of its own
        lines = result.stderr.split("\n")  # type: ignore[attr-defined]
        first = next((i for i, line in enumerate(lines) if ERROR_LINE.match(line)), None)
        bad = [line for line in lines[first or 0:] if line and not ERROR_LINE.match(line)]
        if first is None or bad:
            return "message", f"not one located line per problem: {(bad or lines)[:1]!r}"
    return None, ""


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def case_profile(rng: random.Random, folder: Path, seconds: float) -> tuple[str | None, str, int]:
    json_text = rng.random() < 0.5
    data = mutators.mutate_document(rng, SEED_PROFILE_JSON if json_text else SEED_PROFILE_YAML, json_text)
    path = _write(folder, "p.json" if json_text else "p.yaml", data)
    args = ["classify", str(path), "--kb", str(SMALL_KB)] + (["--format", "json"] if rng.random() < 0.5 else [])
    result, _ = invoke(args, seconds)
    kind, detail = judge(result, (0, 2))
    return kind, detail, len(data)


def case_answers(rng: random.Random, folder: Path, seconds: float) -> tuple[str | None, str, int]:
    json_text = rng.random() < 0.5
    seed = SEED_PROFILE_JSON if json_text else SEED_PROFILE_YAML
    data = mutators.mutate_document(rng, seed, json_text)
    path = _write(folder, "a.json" if json_text else "a.yaml", data)
    if rng.random() < 0.5:  # the same bytes as a consultation file to resume
        args = ["consult", "--resume", str(path), "--kb", str(SMALL_KB)]
    else:
        args = ["consult", "--answers", str(path), "--session", str(folder / "s.json"), "--kb", str(SMALL_KB)]
    result, _ = invoke(args, seconds)
    kind, detail = judge(result, (0, 2))
    return kind, detail, len(data)


def case_kb(rng: random.Random, folder: Path, seconds: float) -> tuple[str | None, str, int]:
    kb = folder / "kb"
    shutil.rmtree(kb, ignore_errors=True)
    shutil.copytree(SMALL_KB, kb)
    files = sorted(p for p in kb.rglob("*.yaml"))
    target = rng.choice(files)
    data = mutators.mutate_document(rng, target.read_text(encoding="utf-8"), False)
    target.write_bytes(data)
    result, _ = invoke(["kb", "check", str(kb), "--lang", "en", "--budget", "200"], seconds)
    kind, detail = judge(result, (0, 1, 2))
    if kind is None and result is not None:
        bad = [line for line in result.stdout.splitlines()  # type: ignore[attr-defined]
               if " KB0" in line and not FINDING_LINE.match(line)]
        if bad:
            return "message", f"kb check line not in file:line: CODE form: {bad[0][:120]!r}", len(data)
    if kind is None:
        profile = _write(folder, "p.yaml", SEED_PROFILE_YAML.encode())
        result, _ = invoke(["classify", str(profile), "--kb", str(kb)], seconds)
        kind, detail = judge(result, (0, 2))
    return kind, detail, len(data)


def case_graph(rng: random.Random, folder: Path, seconds: float) -> tuple[str | None, str, int]:
    """Hostile ids and names through explanations: text, DOT and a drawn graph."""
    import json

    student = rng.choice(mutators.HOSTILE_IDS)
    name = rng.choice(mutators.HOSTILE_IDS)
    data = json.dumps({"id": student, "name": name, "answers": {"offences": True}}).encode()
    path = _write(folder, "g.json", data)
    fmt = rng.choice(["--how", "dot", "svg"])
    args = ["explain", str(path), "--kb", str(SMALL_KB), "--show-name"]
    args += ["--how"] if fmt == "--how" else ["-o", str(folder / f"g.{fmt}")]
    result, _ = invoke(args, seconds)
    kind, detail = judge(result, (0, 2))
    return kind, detail, len(data)


def case_roster(rng: random.Random, folder: Path, seconds: float) -> tuple[str | None, str, int]:
    for stale in folder.glob("*"):
        if stale.is_file():
            stale.unlink()
    form = rng.choice(["csv", "csv", "jsonl", "xlsx"])
    expected = None
    if form == "csv":
        data, suffix = mutators.csv_roster(rng)
    elif form == "jsonl":
        (data, expected), suffix = mutators.jsonl_roster(rng), ".jsonl"
    else:
        data, suffix = mutators.xlsx_roster(rng), ".xlsx"
    roster = _write(folder, "roster" + suffix, data)
    out = folder / ("out." + rng.choice(["csv", "csv", "xlsx", "jsonl"]))
    result, _ = invoke(["classify", str(roster), "-o", str(out), "--kb", str(SMALL_KB), "--lang", "en"], seconds)
    kind, detail = judge(result, (0, 1, 2))
    if kind is None and list(folder.glob(".*.part")):
        kind, detail = "partial_files", ", ".join(p.name for p in folder.glob(".*.part"))
    if kind is None and result is not None and result.exit_code in (0, 1):  # type: ignore[attr-defined]
        kind, detail = _check_roster_output(result.stdout, out, expected)  # type: ignore[attr-defined]
    return kind, detail, len(data)


def _check_roster_output(stdout: str, out: Path, expected: int | None) -> tuple[str | None, str]:
    counts = SUMMARY.search(stdout)
    if not counts:
        return "lost_rows", "no closing count line"
    read, ok, errors = map(int, counts.groups())
    if read != ok + errors or (expected is not None and read != expected):
        return "lost_rows", f"read {read}, classified {ok}, errors {errors}, lines {expected}"
    if out.suffix == ".jsonl":
        rows = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.strip())
        return (None, "") if rows == ok else ("lost_rows", f"{rows} result lines for {ok} classified")
    if out.suffix == ".xlsx":
        return _xlsx_formulas(out)
    files = [out, out.with_name(f"{out.stem}.errors.csv")]
    previous = csv.field_size_limit(1 << 30)  # the judge reads whatever was written
    try:
        tables = [list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"), newline=""),
                                  delimiter=_delimiter(p))) for p in files if p.exists()]
    finally:
        csv.field_size_limit(previous)
    if len(tables[0]) - 1 != ok:
        return "lost_rows", f"{len(tables[0]) - 1} result rows for {ok} classified"
    for value in (v for table in tables for row in table for v in row):
        if value.startswith(FORMULA_START) and not NUMBER.match(value):
            return "injection", repr(value[:40])
    return None, ""


def _xlsx_formulas(out: Path) -> tuple[str | None, str]:
    """In a workbook a text cell is never run; a cell stored as a formula is."""
    import openpyxl

    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    return "injection", f"{sheet.title}!{cell.coordinate}: {str(cell.value)[:40]!r}"
    return None, ""


def _delimiter(path: Path) -> str:
    first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


TARGETS: dict[str, Callable[[random.Random, Path, float], tuple[str | None, str, int]]] = {
    "profile": case_profile, "answers": case_answers, "kb": case_kb, "graph": case_graph, "roster": case_roster,
}


def run_case(target: str, seed: int, folder: Path, seconds: float = 20.0) -> Outcome:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{target}:{seed}")
    start, cpu = time.perf_counter(), time.process_time()
    try:
        kind, detail, size = TARGETS[target](rng, folder, seconds)
    except MemoryError:
        kind, detail, size = "memory", "MemoryError", 0
    return Outcome(target, seed, kind, detail, time.perf_counter() - start, size, time.process_time() - cpu)
