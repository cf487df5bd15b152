"""Hostile profiles, answers files and sessions (issue 16): each ends in one located line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.cli import main
from expert.errors import Problem

DEPTH = 5000


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def refused(path: Path, *words: str, command: str = "classify") -> str:
    args = [command, str(path)] if command == "classify" else ["consult", "--answers", str(path)]
    code, _out, err = run(*args)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("depth,word", [(1000, "64"), (DEPTH, "64"), (60_000, "100000")])  # the last: a long line
def test_deeply_nested_yaml_profile_is_refused_with_its_line(tmp_path, depth, word):
    path = write(tmp_path, "deep.yaml", "id: S-1\nanswers:\n  x: " + "[" * depth + "]" * depth + "\n")
    assert f"{path}:3:" in refused(path, word)


def test_deeply_nested_block_yaml_profile_is_refused(tmp_path):
    text = "id: S-1\nanswers:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(300)) + "  " * 301 + "v\n"
    refused(write(tmp_path, "deep_block.yaml", text), "64")


def test_deeply_nested_json_profile_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, "deep.json", '{"id": "S-1",\n "answers": {"x": ' + "[" * DEPTH + "]" * DEPTH + "}}")
    assert f"{path}:2:" in refused(path, "64")


@pytest.mark.parametrize("name,text", [
    ("long.yaml", "id: S-1\nanswers:\n  absence_percent: " + "9" * 5000 + "\n"),
    ("long.json", '{"id": "S-1", "answers": {"absence_percent": ' + "9" * 5000 + "}}"),
    ("longid.yaml", "id: " + "1" * 5000 + "\n"),
])
def test_a_number_of_thousands_of_digits_is_refused(tmp_path, name, text):
    refused(write(tmp_path, name, text), "30")


@pytest.mark.parametrize("name,text", [
    ("sur.json", '{"id": "S-\\ud800", "answers": {}}'),
    ("sur_value.json", '{"id": "S-1", "answers": {"ghost\\udfff": true}}'),
    ("sur.yaml", 'id: "S-\\ud800"\n'),
])
def test_a_lone_surrogate_is_refused_not_crashing_on_output(tmp_path, name, text):
    refused(write(tmp_path, name, text), "surrogate")


def test_a_lone_surrogate_json_profile_is_refused_for_json_output_too(tmp_path):
    path = write(tmp_path, "sur.json", '{"id": "S-\\udc00", "answers": {}}')
    code, out, err = run("classify", str(path), "--format", "json")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


BOMB = "id: S-1\nlol: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9))


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    refused(write(tmp_path, "bomb.yaml", BOMB), "alias")


def test_an_alias_bomb_under_answers_is_refused(tmp_path):
    text = "id: S-1\nanswers:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()[1:])
    refused(write(tmp_path, "bomb2.yaml", text), "alias")


def test_a_self_referencing_alias_is_refused_not_classified(tmp_path):
    refused(write(tmp_path, "self.yaml", "id: S-1\nanswers:\n  a: &x [*x]\n"), "alias")


def test_a_plain_anchor_is_refused_in_a_profile(tmp_path):
    line = refused(write(tmp_path, "anchor.yaml", "id: S-1\nanswers:\n  orphan: &o true\n  guardian: *o\n"),
                   "якоря и ссылки YAML")
    assert ":3:" in line


def test_duplicate_keys_in_json_are_refused_like_in_yaml(tmp_path):
    path = write(tmp_path, "dup.json", '{"id": "S-1",\n "answers": {"orphan": true,\n "orphan": false}}')
    assert f"{path}:3:" in refused(path, "duplicate", "orphan")


def test_a_key_with_control_characters_is_reported_on_one_line(tmp_path):
    path = write(tmp_path, "ctl.json", '{"id": "S-1", "answers": {"gh\\nost\\u001b[31m\\r": true}}')
    line = refused(path, "\\x0a", "\\x1b")
    assert "\x1b" not in line


def test_problem_lines_escape_control_characters_and_separators():
    text = str(Problem("f.yaml", 3, "a\nb", "bad \u2028 value\r\x00 \ud800"))
    assert "\n" not in text and "\r" not in text and "\u2028" not in text
    assert "\\x0a" in text and "\\u2028" in text and "\\ud800" in text
    text.encode("utf-8")


def test_a_profile_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "big.yaml", "id: S-1\n# " + "x" * (2 << 20) + "\n")
    refused(path, "MiB")


def test_answers_file_goes_through_the_same_guard(tmp_path):
    refused(write(tmp_path, "ans.json", '{"orphan": true, "orphan": true}'), "повторяется", command="consult")
    refused(write(tmp_path, "ans.yaml", "orphan: &x true\n"), "якоря и ссылки YAML", command="consult")


def test_a_hostile_session_file_is_one_line(tmp_path):
    session = {"format": "expert-consult-session/1", "student_id": "S-1", "kb_version": "x", "answers": []}
    for name, text in [("deep.json", json.dumps(session)[:-1] + ', "x": ' + "[" * DEPTH + "]" * DEPTH + "}"),
                       ("dup.json", json.dumps(session)[:-1] + ', "answers": []}'),
                       ("num.json", json.dumps(session)[:-1] + ', "x": ' + "7" * 5000 + "}")]:
        path = write(tmp_path, name, text)
        code, _out, err = run("consult", "--resume", str(path))
        assert code == 2, err
        assert len(err.strip().splitlines()) == 1 and str(path) in err, err
