"""Batch classification: stream rows in, classify them in worker processes, stream results out in order.

Memory stays flat: at most ``WINDOW`` chunks of rows are in flight, whatever the roster's length. Every
row that is not empty ends as exactly one result row or one line of ``RESULT.errors.csv``.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import random
import signal
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from expert.batch.columns import CellProblem, Resolver, RowError, RowParser, Student, header_key
from expert.batch.formats import roster_format
from expert.batch.header import settle_header
from expert.batch.lifeline import exit_with_parent
from expert.batch.messages import m
from expert.batch.present import Presenter
from expert.batch.readers import RawRow, is_blank, open_roster
from expert.batch.seen import SeenIds
from expert.batch.tally import Tally, class_field
from expert.batch.writers import RESULT_FIELDS, Output, errors_path, remove_stale_parts
from expert.engine import Classifier
from expert.errors import Problem, UserError
from expert.facts.profile import Profile, ScreenConflict, make_profile
from expert.files import require_folder, student_file_stem
from expert.outcome import Outcomes, record_of
from expert.result import Result
from expert.rules.kb import KnowledgeBase

Explainer = Callable[[KnowledgeBase, Result, str, str], str]  # (kb, result, format, lang) -> file text
Outcome = tuple[dict[str, Any], str | None]  # a row's result record and its explanation file's text, if asked
CHUNK = 1000  # rows a worker evaluates at once: numpy work per chunk is paid once for all of them
VERIFY_SEED = 20260101
GC_YOUNG = 50_000  # allocations between collections of the youngest generation during a roster run


@dataclass
class BatchOptions:
    roster: Path
    output: Path
    column_map: dict[str, str] = field(default_factory=dict)
    keep: list[str] = field(default_factory=list)
    explain_dir: Path | None = None
    jobs: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str = "auto"
    sheet: str | None = None
    id_column: str | None = None
    lang: str = "ru"
    explain_format: str = "json"
    explainer: Explainer | None = None  # renders dot/text explanations; given by the CLI
    ids: bool = False  # machine ids instead of the reader's language (always for JSONL)
    verify: int = 0  # re-run this many random rows through the experta engine and compare


@dataclass
class Summary:
    read: int = 0
    classified: int = 0
    errors: int = 0
    empty: int = 0
    output: Path | None = None
    errors_file: Path | None = None
    unknown_columns: list[str] = field(default_factory=list)
    tally: Tally | None = None
    presenter: Presenter | None = None


@dataclass(frozen=True)
class Setup:
    """What a worker needs besides the KB; small and picklable."""

    headers: tuple[str, ...] | None  # None for JSONL (keys per line)
    has_id_column: bool
    column_map: tuple[tuple[str, str], ...]
    id_column: str | None
    keep: tuple[str, ...]
    decimal: str
    lang: str
    explain: bool
    explain_format: str = "json"
    roster_name: str = ""


class Worker:
    """Parses rows and classifies them a chunk at a time with the vectorised evaluator; rows that need the
    engine's trace (``--explain-dir``) go through the experta engine, the engine of record."""

    def __init__(self, kb: KnowledgeBase, setup: Setup, explainer: Explainer | None = None):
        self.kb = kb
        self.setup = setup
        self.explainer = explainer
        self.classifier = Classifier(kb)
        resolver = Resolver(kb, dict(setup.column_map), setup.id_column)
        self.parser = RowParser(kb, resolver, list(setup.keep), setup.decimal, setup.lang)

    def process(self, row: RawRow) -> tuple:
        return self.process_chunk([row])[0]

    def process_chunk(self, rows: list[RawRow]) -> list[tuple]:
        out: list[tuple] = [()] * len(rows)
        todo: list[tuple[int, Student, Profile]] = []
        for k, row in enumerate(rows):
            try:
                student = self._student(row)
                todo.append((k, student, self._profile(student)))
            except RowError as exc:
                out[k] = ("err", row.number, exc.problems)
        outcomes = self._outcomes([profile for _, _, profile in todo])
        for (k, student, _profile), outcome in zip(todo, outcomes, strict=True):
            number = rows[k].number
            if isinstance(outcome, Exception):  # an engine or explanation fault costs one row, not the roster
                out[k] = ("err", number, [CellProblem("", "", m("engine_failed", self.setup.lang,
                                                               reason=type(outcome).__name__))])
                continue
            record, explanation = outcome
            out[k] = ("ok", number, {"student_id": student.id, **student.kept, **record}, explanation,
                      student.unknown_keys)
        return out

    def _profile(self, student: Student) -> Profile:
        """The one profile constructor: a row contradicting a screening question «нет» is refused."""
        try:
            return make_profile(self.kb, student.id, student.values)
        except ScreenConflict as exc:
            raise RowError([CellProblem(key, _cell(student.values[key]), text) for (key, _screen), text
                            in zip(exc.conflicts, exc.messages, strict=True)]) from None

    def _outcomes(self, profiles: list[Profile]) -> list[Outcome | Exception]:
        """(record, explanation) of every profile of a chunk in one evaluation; if that fails, row by row,
        so a fault costs one row."""
        try:
            return list(self._evaluate(profiles))
        except Exception:
            return [_fault(self._evaluate, [p]) for p in profiles]

    def _evaluate(self, profiles: list[Profile]) -> list[Outcome]:
        if not profiles:
            return []
        if self.setup.explain:  # the trace comes from the engine of record
            results = [self.classifier.classify(p) for p in profiles]
            return [(record_of(r), self._explain(r)) for r in results]
        evaluation = self.classifier.evaluator.run([p.values for p in profiles])
        return [(record, None) for record in Outcomes(self.kb, evaluation).records()]

    def _explain(self, result: Result) -> str:
        """The explanation file's text: the JSON of ``expert classify --format json`` unless the CLI passed
        a renderer (graphs and HOW text live in ``explain/``, which ``expert`` itself never imports)."""
        if self.explainer is None:
            return result.to_json() + "\n"
        return self.explainer(self.kb, result, self.setup.explain_format, self.setup.lang)

    def _student(self, row: RawRow) -> Student:
        lang = self.setup.lang
        if row.error is not None:
            key, args = row.error
            raise RowError.single("", "", m(key, lang, **args),
                                  m("hint_encoding" if key == "undecodable" else "hint_json", lang))
        cells = row.cells
        if isinstance(cells, dict):
            answers = cells.get("answers", {})
            if not isinstance(answers, dict):
                raise RowError.single("answers", "", m("bad_shape", lang), m("hint_json", lang))
            pairs = [(k, v) for k, v in cells.items() if k != "answers"] + list(answers.items())
            return self.parser.parse(row.number, pairs, True)  # a JSON object without an id is an error row
        headers = self.setup.headers or ()
        extra = [c for c in cells[len(headers):] if c is not None and str(c).strip()]  # type: ignore[index]
        if extra:
            raise RowError.single("", "", m("too_many_cells", lang, count=len(extra), header=len(headers)),
                                  m("hint_extra_cells", lang))
        # a tabular roster's unknown columns are reported once, from its header (no unknown_keys per row)
        student = self.parser.parse_cells(row.number, headers, cells, self.setup.has_id_column)  # type: ignore[arg-type]
        student.unknown_keys = ()
        return student

def _fault(evaluate: Callable[[list[Profile]], list[Outcome]], profiles: list[Profile]) -> Outcome | Exception:
    try:
        return evaluate(profiles)[0]
    except Exception as exc:
        return exc


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, frozenset | set | list):
        return ", ".join(sorted(map(str, value)))
    return str(value)


_worker: Worker | None = None


def _init_worker(kb: KnowledgeBase, setup: Setup, explainer: Explainer | None, parent: int) -> None:
    global _worker
    exit_with_parent(parent)  # a `kill -9` of the run must not leave its workers classifying for nobody
    # Ctrl-C reaches the whole process group: the parent stops the pool and cleans up; workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = Worker(kb, setup, explainer)


def _work(chunk: list[RawRow]) -> list[tuple]:
    assert _worker is not None
    return _worker.process_chunk(chunk)


class Sample:
    """A uniform random sample of ``size`` rows of a stream (reservoir sampling, fixed seed)."""

    def __init__(self, size: int, seed: int = VERIFY_SEED):
        self.size, self.rows, self.seen = size, [], 0
        self.rng = random.Random(seed)

    def offer(self, row: RawRow) -> None:
        self.seen += 1
        if len(self.rows) < self.size:
            self.rows.append(row)
        elif (k := self.rng.randrange(self.seen)) < self.size:
            self.rows[k] = row


def verify_rows(kb: KnowledgeBase, setup: Setup, rows: list[RawRow]) -> list[Problem]:
    """The sampled rows through the evaluator and through the experta engine: every column must agree."""
    fast = Worker(kb, replace(setup, explain=False)).process_chunk(rows)
    engine = Worker(kb, replace(setup, explain=True)).process_chunk(rows)
    problems = []
    for row, a, b in zip(rows, fast, engine, strict=True):
        if a[0] != b[0] or (a[0] == "ok" and a[2] != b[2]):
            left, right = (a[2], b[2]) if a[0] == b[0] == "ok" else ({"": a[0]}, {"": b[0]})
            column = next((k for k in left if left.get(k) != right.get(k)), "")
            problems.append(Problem(setup.roster_name, None, f"row {row.number}",
                                    m("verify_failed", setup.lang, row=row.number, column=column,
                                      fast=left.get(column), engine=right.get(column))))
    return problems


def _chunks(rows: Iterator[RawRow], summary: Summary, sample: Sample | None = None) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for row in rows:
        if is_blank(row):
            summary.empty += 1
            continue
        summary.read += 1
        if sample is not None:
            sample.offer(row)
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ordered_results(chunks: Iterator[list[RawRow]], kb: KnowledgeBase, setup: Setup, jobs: int,
                     explainer: Explainer | None = None) -> Iterator[list[tuple]]:
    """Results chunk by chunk in input order; with ``jobs > 1`` a bounded window of chunks is in flight."""
    if jobs <= 1:
        worker = Worker(kb, setup, explainer)
        for chunk in chunks:
            yield worker.process_chunk(chunk)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(kb, setup, explainer, os.getpid())) as pool:
        pending: deque = deque()
        window = 2 * jobs + 2
        for chunk in chunks:
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


EXPLAIN_SUFFIX = {"json": ".json", "dot": ".dot", "text": ".txt"}


def explanation_name(student_id: str, number: int, taken: set[str], suffix: str = ".json") -> str:
    """A file name from the student id (``student_file_stem``); a repeated id gets its row number appended.

    ``taken`` holds the names given so far, case-folded: on a case-blind disk «S-1» and «s-1» are one file.
    """
    base = student_file_stem(student_id) if student_id else f"row{number}"
    name = f"{base}{suffix}"
    if name.casefold() in taken:
        name = f"{base}-row{number}{suffix}"
    taken.add(name.casefold())
    return name


def result_fields(keep: list[str]) -> list[str]:
    clash = [k for k in keep if k in RESULT_FIELDS or k == "student_id"]
    if clash:
        raise UserError.single("--keep-columns", f"{clash[0]!r} is also a result column / {clash[0]!r} совпадает "
                                                 "со столбцом результата")
    return ["student_id", *keep, *RESULT_FIELDS]


def run_batch(kb: KnowledgeBase, opts: BatchOptions, warn: Callable[[str], None] = lambda s: None,
              progress: Callable[[int, int], None] | None = None) -> Summary:
    """Classify a roster; return the counts. Raises UserError for problems with the whole file."""
    if opts.output.resolve() == opts.roster.resolve():
        raise UserError.single(str(opts.output), "the result would overwrite the roster "
                                                 "/ результат затёр бы исходный файл")
    if roster_format(opts.output) is None:
        raise UserError.single(str(opts.output), "the result must be .csv, .xlsx or .jsonl "
                                                 "/ результат должен быть .csv, .xlsx или .jsonl")
    require_folder(opts.output)
    remove_stale_parts(opts.output)
    remove_stale_parts(errors_path(opts.output))
    roster = open_roster(opts.roster, opts.encoding, opts.delimiter, opts.sheet)
    resolver = Resolver(kb, opts.column_map, opts.id_column)
    lang = opts.lang
    headers: tuple[str, ...] | None = None
    has_id = True
    keep = list(opts.keep)
    id_header = "id"
    if roster.kind != "jsonl":
        if roster.kind == "csv":
            warn(m("detected", lang, path=opts.roster.name, encoding=roster.encoding,
                   delimiter="\\t" if roster.delimiter == "\t" else roster.delimiter))
        columns = settle_header(roster, resolver, keep, str(opts.roster), lang, warn)
        headers = tuple(roster.headers)
        has_id = any(c.role == "id" for c in columns)
        id_header = next((c.header for c in columns if c.role == "id"), id_header)
        keys = {header_key(k) for k in keep}
        keep += [c.header for c in columns if c.role == "context" and header_key(c.header) not in keys]
        fields = result_fields([h for h in roster.headers if header_key(h) in {header_key(k) for k in keep}])
    else:
        fields = result_fields(keep)
    setup = Setup(headers, has_id, tuple(sorted(opts.column_map.items())), opts.id_column, tuple(keep),
                  opts.decimal, lang, opts.explain_dir is not None, opts.explain_format, opts.roster.name)
    sample = Sample(opts.verify) if opts.verify > 0 else None
    delimiter = getattr(roster, "delimiter", ",")
    if delimiter not in (";", ","):
        delimiter = ";"  # a tab-separated "Unicode text" export: the result is a CSV Russian Excel opens
    presenter = Presenter(kb, lang, opts.ids or roster_format(opts.output) == "jsonl")
    directions = [c.id for c in kb.conclusions.values() if c.kind == "direction"]
    summary = Summary(output=opts.output, tally=Tally(directions, class_field(fields)), presenter=presenter)
    out = Output(opts.output, fields, delimiter, presenter, summary.tally)  # type: ignore[arg-type]
    if opts.explain_dir is not None:
        opts.explain_dir.mkdir(parents=True, exist_ok=True)
    jobs = opts.jobs if opts.jobs > 0 else (os.cpu_count() or 1)
    try:
        with _few_collections():
            chunks = _ordered_results(_chunks(roster.rows(), summary, sample), kb, setup, jobs, opts.explainer)
            _write_results(chunks, out, summary, opts, progress, roster, id_header)
        summary.errors_file = out.commit(opts.roster.name, summary.read, summary.classified, summary.errors)
    except BaseException:
        out.abort()
        raise
    if summary.unknown_columns:
        warn(m("unknown_columns", lang, columns=", ".join(summary.unknown_columns)))
    if sample is not None:
        problems = verify_rows(kb, setup, sample.rows)
        if problems:
            raise UserError(problems)
        warn(m("verify_ok", lang, count=len(sample.rows)))
    return summary


@contextmanager
def _few_collections() -> Iterator[None]:
    """A roster run makes and drops millions of small objects, few in cycles: the cyclic collector runs once
    every 50,000 allocations instead of 700 (a sixth of a run's time measured), here and in the workers forked here."""
    before = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _write_results(chunks: Iterator[list[tuple]], out: Output, summary: Summary, opts: BatchOptions,
                   progress: Callable[[int, int], None] | None, roster: Any, id_header: str) -> None:
    """Write each outcome in input order; a repeated student id is an error row naming the first row."""
    lang = opts.lang
    taken: set[str] = set()
    seen = SeenIds()
    jsonl_unknown: dict[str, None] = {}
    for results in chunks:
        ok = [o for o in results if o[0] == "ok"]
        first_rows = iter(seen.first_rows([o[2]["student_id"] for o in ok], [o[1] for o in ok]))
        for outcome in results:
            if outcome[0] == "ok":
                _, number, record, explanation, unknown_keys = outcome
                sid = record["student_id"]
                first = next(first_rows)
                if first is not None:
                    outcome = ("err", number, [CellProblem(id_header, sid, m(
                        "duplicate_id", lang, id=sid, first=first), m("hint_duplicate_id", lang))])
                else:
                    out.result(record)
                    summary.classified += 1
                    for k in unknown_keys:
                        jsonl_unknown.setdefault(k, None)
                    if explanation is not None:
                        name = explanation_name(sid, number, taken, EXPLAIN_SUFFIX[opts.explain_format])
                        (opts.explain_dir / name).write_text(explanation, encoding="utf-8")  # type: ignore[operator]
                    continue
            _, number, problems = outcome
            for problem in problems:
                out.error(number, problem)
            summary.errors += 1
        if progress is not None:
            progress(roster.position, roster.size)
    summary.unknown_columns = sorted(jsonl_unknown)


def print_summary(summary: Summary, lang: str, echo: Callable[[str], None] = print) -> None:
    if summary.empty:
        echo(m("empty_skipped", lang, count=summary.empty))
    echo(m("result_written", lang, path=summary.output))
    if summary.errors_file == summary.output:
        echo(m("errors_sheet_written", lang, path=summary.errors_file))
    elif summary.errors_file is not None:
        echo(m("errors_written", lang, path=summary.errors_file))
    echo(m("summary", lang, read=summary.read, ok=summary.classified, errors=summary.errors))
    if summary.tally is not None and summary.presenter is not None:
        for line in summary.tally.text_lines(Presenter(summary.presenter.kb, lang)):
            echo(line)
