"""Three-valued danger: an urgent flag is established, excluded or not clarified, and an unknown danger
answer never reads as "no danger" — in the result, the text of `expert classify` (ru/en) and its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.cli import main
from expert.engine import Classifier
from expert.facts.profile import Profile
from expert.urgency import danger_inputs, flag_ids, urgent_flags
from tests.kbfactory import write_kb

NO_DANGER = {"self_harm_signs": False, "suicidal_talk": False, "family_violence": False}


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.from_dir()


def states(result) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {f.id: (f.state, f.questions) for f in result.urgent}


def test_flags_come_from_the_kb_not_from_code(clf: Classifier) -> None:
    flags = flag_ids(clf.kb)
    assert flags == [c for c, d in clf.kb.conclusions.items() if d.kind == "flag"] and flags
    assert {"self_harm_signs", "suicidal_talk", "family_violence"} <= set(danger_inputs(clf.kb))
    result = clf.classify(Profile("S", {}))
    assert [f.id for f in result.urgent] == flags


def test_unknown_suicidal_talk_is_not_clarified_and_names_the_question(clf: Classifier) -> None:
    result = clf.classify(Profile("S", {k: v for k, v in NO_DANGER.items() if k != "suicidal_talk"}))
    assert states(result)["flag_suicide_risk"] == ("not_clarified", ("suicidal_talk",))
    assert states(result)["flag_child_protection"] == ("excluded", ())
    assert result.urgent_state == "not_clarified"
    assert result.urgent_questions == ["suicidal_talk"]


def test_a_yes_establishes_and_all_no_excludes(clf: Classifier) -> None:
    yes = clf.classify(Profile("S", {**NO_DANGER, "suicidal_talk": True}))
    assert states(yes)["flag_suicide_risk"] == ("established", ())
    assert yes.urgent_state == "established"
    no = clf.classify(Profile("S", NO_DANGER))
    assert {f.state for f in no.urgent} == {"excluded"} and no.urgent_state == "excluded"
    assert no.urgent_questions == []


def test_nothing_known_leaves_every_flag_open_with_all_its_questions(clf: Classifier) -> None:
    result = clf.classify(Profile("S", {}))
    assert states(result)["flag_suicide_risk"] == ("not_clarified", ("self_harm_signs", "suicidal_talk"))
    assert states(result)["flag_child_protection"] == ("not_clarified", ("family_violence",))


def test_questions_beneath_a_conclusion_settled_false_are_not_asked(tmp_path: Path) -> None:
    kb_dir = write_kb(tmp_path / "kb", [
        {"id": "a", "when": {"all": [{"input": "pick", "op": "=", "value": "a"},
                                     {"input": "num", "op": ">=", "value": 5}]}, "then": ["finding_a"]},
        {"id": "u", "when": {"any": [{"fact": "finding_a"}, {"input": "flag", "op": "=", "value": True}]},
         "then": ["flag_x"]},
    ])
    clf = Classifier.from_dir(kb_dir)
    open_all = clf.classify(Profile("S", {}))
    assert states(open_all) == {"flag_x": ("not_clarified", ("flag", "num", "pick"))}
    pick_b = clf.classify(Profile("S", {"pick": "b"}))  # finding_a cannot hold: num no longer matters
    assert states(pick_b) == {"flag_x": ("not_clarified", ("flag",))}
    assert states(clf.classify(Profile("S", {"pick": "b", "flag": False}))) == {"flag_x": ("excluded", ())}
    assert states(clf.classify(Profile("S", {"pick": "a", "num": 7}))) == {"flag_x": ("established", ())}


def test_the_function_needs_only_derived_possible_unknown_and_the_kb(clf: Classifier) -> None:
    flags = urgent_flags(clf.kb, derived=[], possible=["flag_child_protection"], unknown=["family_violence", "age"])
    assert [(f.id, f.state, f.questions) for f in flags] == [
        ("flag_suicide_risk", "excluded", ()), ("flag_child_protection", "not_clarified", ("family_violence",))]


# --- expert classify ----------------------------------------------------------------------------------

def _profile(tmp_path: Path, answers: dict[str, str]) -> str:
    path = tmp_path / "p.yaml"
    path.write_text("id: S-0201\nanswers:\n" + "".join(f"  {k}: {v}\n" for k, v in answers.items()),
                    encoding="utf-8")
    return str(path)


UNKNOWN_TALK = {"age": "13", "self_harm_signs": "no", "suicidal_talk": "не знаю", "family_violence": "no"}


def test_classify_text_says_not_clarified_at_the_top(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["classify", _profile(tmp_path, UNKNOWN_TALK)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[1] == "СРОЧНО: не выяснено — уточните сегодня:"
    assert lines[2].startswith("  - Говорил или писал ли учащийся о нежелании жить")
    assert "опасность не исключена: «СРОЧНО: признаки суицидального риска»" in res.output
    assert "не выявлены" not in res.output


def test_classify_text_in_english_says_not_clarified(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["classify", _profile(tmp_path, UNKNOWN_TALK), "--lang", "en"])
    lines = res.output.splitlines()
    assert lines[1] == "URGENT: not clarified — clarify today:"
    assert lines[2].startswith("  - Has the student said or written that they do not want to live")
    assert "the danger is not ruled out: “URGENT: signs of suicide risk”" in res.output


def test_classify_text_puts_an_established_flag_first(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["classify", _profile(tmp_path, {**UNKNOWN_TALK, "suicidal_talk": "yes"})])
    lines = res.output.splitlines()
    assert lines[1] == "СРОЧНО: признаки суицидального риска"
    assert "не выяснено" not in res.output and res.output.count("СРОЧНО: признаки суицидального риска") == 1
    en = CliRunner().invoke(main, ["classify", _profile(tmp_path, {**UNKNOWN_TALK, "suicidal_talk": "yes"}),
                                   "--lang", "en"])
    assert en.output.splitlines()[1] == "URGENT: signs of suicide risk"


def test_classify_text_says_no_danger_only_when_every_flag_is_excluded(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["classify", _profile(tmp_path, {**UNKNOWN_TALK, "suicidal_talk": "no"})])
    assert res.output.splitlines()[1] == "Сигналы опасности не выявлены: на все вопросы о них есть ответы."
    assert "СРОЧНО" not in res.output


def test_classify_json_carries_each_flag_state(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["classify", _profile(tmp_path, UNKNOWN_TALK), "--format", "json"])
    data = json.loads(res.output)
    assert data["urgent_state"] == "not_clarified"
    assert data["urgent"] == [
        {"id": "flag_suicide_risk", "state": "not_clarified", "questions": ["suicidal_talk"]},
        {"id": "flag_child_protection", "state": "excluded", "questions": []},
    ]
    yes = json.loads(CliRunner().invoke(main, ["classify", _profile(tmp_path, {**UNKNOWN_TALK, "suicidal_talk": "yes"}),
                                               "--format", "json"]).output)
    assert yes["urgent_state"] == "established" and yes["urgent"][0]["state"] == "established"


# --- roster ---------------------------------------------------------------------------------------------

ROSTER = ("id;self_harm_signs;suicidal_talk;family_violence\n"
          "S-1;нет;не знаю;нет\nS-2;нет;да;нет\nS-3;нет;нет;нет\nS-4;нет;нет;\n")


def _roster(tmp_path: Path, out_name: str, *args: str) -> Path:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / out_name
    res = CliRunner().invoke(main, ["classify", str(roster), "-o", str(out), "--ids", *args])
    assert res.exit_code == 0, res.output
    return out


def _rows(path: Path) -> dict[str, dict[str, str]]:
    import csv

    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    return {r["student_id"]: r for r in csv.DictReader(lines, delimiter=";")}


def test_roster_urgent_column_is_yes_no_or_not_clarified(tmp_path: Path) -> None:
    rows = _rows(_roster(tmp_path, "result.csv"))
    assert {k: (r["urgent"], r["urgent_flags"]) for k, r in rows.items()} == {
        "S-1": ("не выяснено", "flag_suicide_risk"),
        "S-2": ("да", "flag_suicide_risk"),
        "S-3": ("нет", ""),
        "S-4": ("не выяснено", "flag_child_protection"),  # an empty cell is unknown, never «нет»
    }


def test_roster_urgent_column_in_english_and_jsonl(tmp_path: Path) -> None:
    rows = _rows(_roster(tmp_path, "result.csv", "--lang", "en"))
    assert [rows[k]["urgent"] for k in ("S-1", "S-2", "S-3")] == ["not clarified", "yes", "no"]
    lines = _roster(tmp_path, "result.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["urgent"] for line in lines] == ["not_clarified", "established", "excluded",
                                                              "not_clarified"]
