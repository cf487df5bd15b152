"""Batch and single classification agree on every reference case of the bundled knowledge base."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.batch.writers import text_cell
from expert.cli import main
from expert.engine import DEFAULT_KB, Classifier
from expert.facts.profile import profile_from_document
from expert.outcome import record_of
from expert.rules.loader import load_cases, load_kb


@pytest.fixture(scope="module")
def reference():
    kb = load_kb(DEFAULT_KB)
    cases = load_cases(DEFAULT_KB / "cases")
    assert cases, "the bundled knowledge base has reference cases"
    classifier = Classifier(kb)
    single = []
    for case, doc in cases:
        profile = profile_from_document(kb, doc, doc.data["profile"], ("profile",))
        single.append((case, profile, classifier.classify(profile)))
    return kb, single


def as_cell(kb, input_id: str, value) -> str:
    """An answer as a Russian school spreadsheet would hold it: да/нет, option titles, '3,0'."""
    inp = kb.inputs[input_id]
    titles = {o.id: o.title.ru for o in inp.options or []}
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return "; ".join(titles[v] for v in value) if value else "нет"
    if inp.type == "choice":
        return titles[value]
    if inp.type == "integer":
        return f"{value},0"
    return str(value)


def run(tmp_path: Path, roster: Path, name: str, *args: str, explain: bool = True):
    out = tmp_path / f"{name}.csv"
    more = ["--explain-dir", str(tmp_path / name)] if explain else []
    res = CliRunner().invoke(main, ["classify", str(roster), "-o", str(out), *more, "--ids", *args])
    assert res.exit_code == 0, res.output
    text = out.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(text.splitlines(), delimiter=";" if ";" in text.split("\n")[0] else ","))


def check(tmp_path: Path, name: str, rows, single, explain: bool = True) -> None:
    assert [r["student_id"] for r in rows] == [p.id for _, p, _ in single]
    for row, (case, profile, result) in zip(rows, single, strict=True):
        expected = {k: text_cell(v, "ru") for k, v in record_of(result).items()}
        assert {k: row[k] for k in expected} == expected, case.id
        if not explain:
            continue
        explanation = (tmp_path / name / f"{profile.id}.json").read_text(encoding="utf-8")
        assert explanation == result.to_json() + "\n", case.id


def test_jsonl_roster_matches_single_classification(tmp_path: Path, reference) -> None:
    kb, single = reference
    roster = tmp_path / "cases.jsonl"
    roster.write_text("".join(json.dumps({"id": p.id, "answers": case.profile.get("answers", {})},
                                         ensure_ascii=False) + "\n" for case, p, _ in single), encoding="utf-8")
    check(tmp_path, "jsonl", run(tmp_path, roster, "jsonl", "-j", "2"), single)


def excel_roster(tmp_path: Path, kb, single) -> Path:
    inputs = list(kb.inputs)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")  # quotes a cell with ';' as Excel does
    writer.writerow(["Код"] + [kb.inputs[i].label.ru for i in inputs])
    for _, profile, _ in single:
        writer.writerow([profile.id] + [as_cell(kb, i, sorted(v) if isinstance(v, frozenset) else v)
                                        if (v := profile.values.get(i)) is not None else "не знаю"
                                        for i in inputs])
    roster = tmp_path / "cases.csv"
    roster.write_bytes(buffer.getvalue().encode("cp1251"))
    return roster


def test_excel_style_csv_roster_matches_single_classification(tmp_path: Path, reference) -> None:
    kb, single = reference
    check(tmp_path, "csv", run(tmp_path, excel_roster(tmp_path, kb, single), "csv"), single)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_roster_rows_from_the_evaluator_match_single_classification(tmp_path: Path, reference, jobs) -> None:
    """Without --explain-dir rows come from the vectorised evaluator, not the engine: the same columns."""
    kb, single = reference
    rows = run(tmp_path, excel_roster(tmp_path, kb, single), "fast", "-j", jobs, explain=False)
    check(tmp_path, "fast", rows, single, explain=False)


def test_rules_column_is_the_chain_the_graph_draws(reference) -> None:
    """The rules behind the direction (from the evaluator) are the rules of the graph's supporting chain
    (from the engine's trace) on every reference case with a direction."""
    from expert.support import supporting_firings

    kb, single = reference
    directed = [(case, result) for case, _, result in single if result.direction]
    assert len(directed) > 50
    for case, result in directed:
        chain = {f.rule for f in supporting_firings(kb, result, [result.direction]) if f.kind == "rule"}
        assert set(result.rules) == chain, case.id
        assert result.rules == sorted(result.rules, key=[r.id for r in kb.rules].index)


def test_russian_roster_result_reads_as_the_single_result(tmp_path: Path, reference) -> None:
    """Without --ids every heading and value is the text ``expert classify`` prints for the same student."""
    from expert.i18n import heading, t
    from expert.render import render_result

    kb, single = reference
    roster = tmp_path / "cases.jsonl"
    roster.write_text("".join(json.dumps({"id": p.id, "answers": case.profile.get("answers", {})},
                                         ensure_ascii=False) + "\n" for case, p, _ in single), encoding="utf-8")
    out = tmp_path / "ru.csv"
    res = CliRunner().invoke(main, ["classify", str(roster), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.read_bytes().decode("utf-8-sig").splitlines()))
    direction, functions, clarify = t("direction", "ru"), heading("function", "ru"), t("clarify", "ru")
    assert list(rows[0])[:2] == ["Код учащегося", direction] and functions in rows[0] and clarify in rows[0]
    for row, (case, _profile, result) in zip(rows, single, strict=True):
        text = render_result(kb, result, "ru")
        shown = row[direction]
        assert shown == (kb.conclusions[result.direction].title.ru if result.direction else t("no_direction", "ru"))
        assert f"{direction}: {shown}" in text, case.id
        for title in filter(None, row[functions].split("; ")):
            assert f"- {title}" in text, case.id
        assert [kb.inputs[i].label.ru for i in result.clarify] == list(filter(None, row[clarify].split("; ")))
        assert "direction_" not in "".join(row.values()) and "function_" not in "".join(row.values())
