"""`expert explain` and `expert kb graph` as a user meets them: files in every format, clean errors,
a usable message (and the .dot) when Graphviz is missing, never a half-written file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import explain.render
from expert.cli import main
from tests.conftest import ROOT, SMALL_KB

FIXTURES = ROOT / "tests" / "fixtures" / "explain"
DEVIANT = str(FIXTURES / "deviant.yaml")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--kb", str(SMALL_KB)])


@needs_dot
@pytest.mark.parametrize(("name", "fmt", "magic"), [
    ("s.svg", None, b"<svg"), ("s.png", None, b"\x89PNG"), ("s.pdf", None, b"%PDF"),
    ("s.gv", None, b"digraph"), ("s.out", "svg", b"<svg"),
])
def test_writes_every_format(tmp_path: Path, name: str, fmt: str | None, magic: bytes) -> None:
    out = tmp_path / name
    res = run("explain", DEVIANT, "-o", str(out), *(["-f", fmt] if fmt else []))
    assert res.exit_code == 0, res.output
    assert magic in out.read_bytes()[:400]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left behind


def test_json_has_graph_and_trace(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert run("explain", DEVIANT, "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["graph"]["student"] == "X-1" and data["graph"]["direction"] == "direction_deviant"
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert [f["rule"] for f in data["trace"]][:2] == ["truancy_by_share", "family_difficult"]
    assert "Скрытов" not in out.read_text(encoding="utf-8")


def test_english_labels(tmp_path: Path) -> None:
    res = run("explain", DEVIANT, "-f", "dot", "--lang", "en")
    assert "Share of days missed: 12" in res.output and "Legend" in res.output and "Доля" not in res.output


def test_unknown_format_and_missing_folder_are_one_line_errors(tmp_path: Path) -> None:
    for args in (["-o", str(tmp_path / "s.txt")], ["-o", str(tmp_path / "no" / "s.dot")], ["-f", "png"]):
        res = run("explain", DEVIANT, *args)
        assert res.exit_code == 2, res.output
        assert len(res.output.strip().splitlines()) == 1 and "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == []


def test_without_graphviz_the_dot_is_written_and_one_line_says_how_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    out = tmp_path / "student.svg"
    proc = subprocess.run([sys.executable, "-c", "from expert.cli import main; main()", "explain", DEVIANT,
                           "-o", str(out), "--kb", str(SMALL_KB)], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install graphviz" in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists()
    assert (tmp_path / "student.dot").read_text(encoding="utf-8").startswith("digraph")


def test_a_failed_render_leaves_an_existing_file_untouched(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "student.svg"
    out.write_text("previous picture", encoding="utf-8")

    def broken(dot_text: str, fmt: str) -> bytes:
        raise RuntimeError("Error: syntax error in line 1")

    monkeypatch.setattr(explain.render, "render_dot", broken)
    res = run("explain", DEVIANT, "-o", str(out))
    assert res.exit_code == 2 and "syntax error" in res.output
    assert out.read_text(encoding="utf-8") == "previous picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student.dot", "student.svg"]


def test_text_modes_and_conclusion_names() -> None:
    res = run("explain", str(FIXTURES / "risk.yaml"))  # no options: the justification
    assert res.exit_code == 0 and "Направление: Группа риска" in res.output
    for name in ("direction_deviant", "deviant", "Девиантное поведение", "deviant behaviour"):
        res = run("explain", str(FIXTURES / "risk.yaml"), "--why-not", name)
        assert res.exit_code == 0, res.output
        assert "Почему не «Девиантное поведение»" in res.output
    res = run("explain", str(FIXTURES / "risk.yaml"), "--why-not", "nonsense")
    assert res.exit_code == 2 and "direction_risk_group" in res.output
    res = run("explain", str(FIXTURES / "risk.yaml"), "--how", "function_preventive", "--lang", "en")
    assert "Preventive function" in res.output and "Direction:" not in res.output


def test_kb_graph(tmp_path: Path) -> None:
    res = run("kb", "graph", "-f", "dot")
    assert res.exit_code == 0 and res.output.count("->") > 10
    res = run("kb", "graph", "-f", "dot", "--for", "direction_well_off", "--lang", "en")
    assert "what leads to “Socially well-off”" in res.output and "Psychologist" not in res.output
    out = tmp_path / "kb.json"
    assert run("kb", "graph", "-o", str(out)).exit_code == 0
    assert {n["kind"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]} >= {"input", "rule", "score"}
