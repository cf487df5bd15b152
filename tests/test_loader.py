"""The loader reports every problem of a KB as path:line: location: message, and never executes anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from expert.errors import UserError
from expert.rules.loader import load_kb


def problems(kb_dir: Path) -> list[str]:
    with pytest.raises(UserError) as info:
        load_kb(kb_dir)
    return [str(p) for p in info.value.problems]


def test_small_kb_loads_with_strata(kb_copy: Path) -> None:
    kb = load_kb(kb_copy)
    assert [r.id for r in kb.rules][:2] == ["truancy_by_share", "family_difficult"]
    strata = {r.id: r.stratum for r in kb.rules}
    # a rule negating a fact sits strictly above every rule that derives it
    assert strata["risk"] > strata["deviant"]
    assert strata["well_off"] > strata["risk"]
    # a score total waits for its terms; a rule reading the score comes no earlier than the total
    steps = {s.key: s.stratum for s in kb.steps}
    assert steps["risk_load"] > steps["risk_load#1"]
    assert strata["high_danger"] >= steps["risk_load"]


def test_missing_folder_is_one_line() -> None:
    msgs = problems(Path("/nonexistent/kb"))
    assert len(msgs) == 1 and "not found" in msgs[0]


def test_malformed_yaml_names_file_and_line(kb_copy: Path) -> None:
    (kb_copy / "parameters.yaml").write_text("parameters:\n  - id: x\n    value: [1\n", encoding="utf-8")
    msgs = problems(kb_copy)
    assert any(m.startswith(f"{kb_copy / 'parameters.yaml'}:4: malformed YAML") for m in msgs), msgs


def test_duplicate_key_is_an_error(kb_copy: Path) -> None:
    path = kb_copy / "rules" / "10_findings.yaml"
    text = path.read_text(encoding="utf-8").replace("    then: [finding_truancy]\n",
                                                    "    then: [finding_truancy]\n    then: [finding_truancy]\n", 1)
    path.write_text(text, encoding="utf-8")
    msgs = problems(kb_copy)
    assert any("duplicate key 'then'" in m and f"{path}:" in m for m in msgs), msgs


def test_all_problems_of_all_files_at_once(kb_copy: Path) -> None:
    rules = kb_copy / "rules" / "10_findings.yaml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace("value: $chronic_absence_percent", "value: $no_such_param")
    text = text.replace("- {input: single_parent, op: \"=\", value: yes}", "- {input: ghost, op: \"=\", value: yes}")
    text = text.replace("source: {paragraphs: [20]}", "source: {paragraphs: [20]}\n    colour: red")
    rules.write_text(text, encoding="utf-8")
    msgs = problems(kb_copy)
    lines = rules.read_text(encoding="utf-8").splitlines()
    colour_line = next(i for i, line in enumerate(lines, 1) if "colour" in line)
    assert any(f"10_findings.yaml:{colour_line}: rules[1].colour: unknown key" in m for m in msgs), msgs
    # the schema error stops that file; fix it and the reference errors show up, each with its line
    rules.write_text(text.replace("\n    colour: red", ""), encoding="utf-8")
    msgs = problems(kb_copy)
    assert any("unknown parameter '$no_such_param'" in m and "rules[0].when.value" in m for m in msgs), msgs
    assert any("unknown input 'ghost'" in m and "rules[1].when.of[1].input" in m for m in msgs), msgs
    assert all(m.startswith(str(rules) + ":") for m in msgs)


def test_wrong_operator_and_value_for_input_type(kb_copy: Path) -> None:
    rules = kb_copy / "rules" / "10_findings.yaml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace("{input: low_income, op: \"=\", value: yes}", "{input: low_income, op: \">\", value: yes}")
    text = text.replace("{input: substances, op: has, value: alcohol}", "{input: substances, op: has, value: beer}")
    rules.write_text(text, encoding="utf-8")
    msgs = problems(kb_copy)
    assert any("operator '>' does not apply to boolean input 'low_income'" in m for m in msgs), msgs
    assert any("'beer' is not one of: alcohol, tobacco, none" in m for m in msgs), msgs


def test_rule_without_source_and_missing_translation(kb_copy: Path) -> None:
    rules = kb_copy / "rules" / "20_directions.yaml"
    text = rules.read_text(encoding="utf-8")
    text = text.replace("    source: {paragraphs: [19]}\n    when:\n      any:", "    when:\n      any:", 1)
    text = text.replace("title: {ru: Группа риска, en: Risk group}", "title: {ru: Группа риска}")
    rules.write_text(text, encoding="utf-8")
    msgs = problems(kb_copy)
    assert any("rules[0].source: required key is missing" in m for m in msgs), msgs
    assert any("rules[1].title.en: required key is missing" in m for m in msgs), msgs


def test_cycle_through_negation_is_rejected_with_the_cycle(kb_copy: Path) -> None:
    rules = kb_copy / "rules" / "10_findings.yaml"
    text = rules.read_text(encoding="utf-8").replace(
        "when: {input: truancy_share, op: \">=\", value: $chronic_absence_percent}",
        "when: {all: [{input: truancy_share, op: \">=\", value: $chronic_absence_percent},"
        " {not: {fact: direction_well_off}}]}")
    rules.write_text(text, encoding="utf-8")
    msgs = problems(kb_copy)
    assert len(msgs) == 1
    assert "cycle through negation" in msgs[0]
    assert "truancy_by_share" in msgs[0] and "well_off" in msgs[0]


def test_unknown_tags_are_not_executed(kb_copy: Path) -> None:
    # A Python tag must never construct an object: the value stays plain data (and fails validation here).
    params = kb_copy / "parameters.yaml"
    hostile = "value: !!python/object/apply:os.system ['true']"
    params.write_text(params.read_text(encoding="utf-8").replace("value: 10", hostile), encoding="utf-8")
    msgs = problems(kb_copy)
    assert any("parameters.yaml" in m and "value" in m for m in msgs), msgs
