"""What presenting a roster's result costs: rows per second written as CSV with ids, CSV in words, XLSX in words.

    .venv/bin/python benchmarks/bench_roster_output.py            # 5,000 rows
    .venv/bin/python benchmarks/bench_roster_output.py --rows 20000

The records are the bundled reference cases' results, repeated (classification is not measured here:
bench_batch.py does that). Each format is written through ``expert.batch.writers.Output`` (the path
``expert classify`` takes) into a temporary folder, three times; the median is printed, with the file size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expert.batch.present import Presenter  # noqa: E402
from expert.batch.tally import Tally, class_field  # noqa: E402
from expert.batch.writers import RESULT_FIELDS, Output  # noqa: E402
from expert.engine import DEFAULT_KB, Classifier  # noqa: E402
from expert.facts.profile import profile_from_document  # noqa: E402
from expert.outcome import record_of  # noqa: E402
from expert.rules.loader import load_cases, load_kb  # noqa: E402


def records(rows: int) -> list[dict]:
    kb = load_kb(DEFAULT_KB)
    classifier = Classifier(kb)
    base = []
    for _case, doc in load_cases(DEFAULT_KB / "cases"):
        result = classifier.classify(profile_from_document(kb, doc, doc.data["profile"], ("profile",)))
        base.append(record_of(result))
    return [{"student_id": f"S{i:06d}", "Класс": f"{5 + i % 5}А", **base[i % len(base)]} for i in range(rows)]


def write(kb, recs: list[dict], path: Path, ids: bool) -> float:
    fields = ["student_id", "Класс", *RESULT_FIELDS]
    presenter = Presenter(kb, "ru", ids)
    directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]
    start = time.perf_counter()
    out = Output(path, fields, ";", presenter, Tally(directions, class_field(fields)))
    for record in recs:
        out.result(record)
    out.commit("roster.csv", len(recs), len(recs), 0)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    kb = load_kb(DEFAULT_KB)
    recs = records(args.rows)
    print(f"{args.rows} result rows (reference cases repeated); median of {args.repeat} runs")
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, ids in (("CSV, ids (--ids)", "r.csv", True), ("CSV, words", "w.csv", False),
                                 ("XLSX, words, 3 sheets", "w.xlsx", False)):
            path = Path(tmp) / name
            times = [write(kb, recs, path, ids) for _ in range(args.repeat)]
            median = statistics.median(times)
            print(f"  {label:24} {args.rows / median:9,.0f} rows/s  ({median:.2f} s, "
                  f"{path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
