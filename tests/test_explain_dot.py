"""Hostile texts in a KB or a profile cannot break the DOT or inject into it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from expert.engine import Classifier
from expert.facts.profile import load_profile
from explain.dot import MAX_LABEL, RULE_WRAP, clean, quote, to_dot, wrap
from explain.graph import explanation_graph
from explain.kbgraph import kb_graph
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "explain"
HOSTILE = [
    'evil"]; "pwn" -> "x" [label="',
    "back\\slash\\ and \\n \\l \\N \\G escapes \\",
    "<b>html</b> <<TABLE>> &amp; </TD>",
    "{braces} | record | } { rank=same; }",
    "line one\nline two\r\n\ttabbed\x00nul",
    "long " + "очень-длинный-текст " * 300,
    "// comment /* open",
]
STATEMENTS = [r"digraph Q \{", r"  (graph|node|edge) \[[^\[\]]*\];", r"  Q \[[^\[\]]*\];",
              r"  Q -> Q \[[^\[\]]*\];", r"  \{ rank=min;( Q)+; \}", r"\}"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def _yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a JSON string is a valid YAML double-quoted scalar


def hostile_kb(root: Path) -> Path:
    """The small KB with every title a user reads replaced by a hostile string."""
    replacements = {
        "conclusions.yaml": ["Систематические прогулы", "Семья в трудной ситуации", "Девиантное поведение",
                             "Группа риска", "Социально благополучный", "Посредническая функция"],
        "inputs.yaml": ["Доля пропусков", "Малообеспеченность", "Неполная семья"],
        "rules/10_findings.yaml": ["Прогулы по доле пропусков"],
        "rules/20_directions.yaml": ["Благополучный"],
    }
    i = 0
    for name, titles in replacements.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for title in titles:
            evil = _yaml_text(HOSTILE[i % len(HOSTILE)])
            new = f"{{ru: {evil}, en: {evil}}}"
            text, count = re.subn(r"\{ru: " + re.escape(title) + r", en: [^}]*\}", lambda _, new=new: new, text)
            assert count, title
            i += 1
        path.write_text(text, encoding="utf-8")
    return root


def skeleton(dot: str) -> str:
    """The DOT with every quoted string and every HTML-like label removed: only structure is left."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', "Q", dot)
    return re.sub(r"=<<TABLE.*?</TABLE>>", "=H", text)


def test_quote_and_clean_units() -> None:
    assert quote('a"b\\c') == '"a\\"b\\\\c"'
    assert clean("a\nb\r\n\tc\x00d") == "a b c d"
    assert len(clean("x" * 10000)) == MAX_LABEL
    lines = wrap("слово " * 200)
    assert len(lines) <= 6 and lines[-1].endswith("…")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_hostile_kb_and_profile_keep_the_dot_structure(kb_copy: Path, tmp_path: Path, lang: str) -> None:
    classifier = Classifier.from_dir(hostile_kb(kb_copy))
    profile = tmp_path / "p.yaml"
    profile.write_text((FIXTURES / "deviant.yaml").read_text(encoding="utf-8").replace(
        "id: X-1", "id: " + _yaml_text('S"1</B></TD>]; "x" -> "y"\n{}\\')), encoding="utf-8")
    result = classifier.classify(load_profile(classifier.kb, profile))
    for graph in (explanation_graph(classifier.kb, result, lang, all_firings=True), kb_graph(classifier.kb, lang)):
        dot = to_dot(graph, f"Student {result.student_id}", lang)
        shape = skeleton(dot)
        assert shape.count("->") == graph.number_of_edges()
        assert "\x00" not in dot
        for line in shape.splitlines():
            assert any(re.fullmatch(p, line) for p in STATEMENTS), line


def _rendered(dot: str) -> dict:
    proc = subprocess.run(["dot", "-Tjson"], input=dot.encode(), capture_output=True, check=True)
    return json.loads(proc.stdout)


@needs_dot
def test_graphviz_reads_hostile_labels_back_exactly(kb_copy: Path) -> None:
    classifier = Classifier.from_dir(hostile_kb(kb_copy))
    result = classifier.classify(load_profile(classifier.kb, FIXTURES / "deviant.yaml"))
    graph = explanation_graph(classifier.kb, result, "ru", all_firings=True)
    data = _rendered(to_dot(graph, 'title "quoted" <tag> \\', "ru"))
    objects = {o["name"]: o for o in data["objects"] if "nodes" not in o}  # subgraphs list their nodes
    assert set(objects) == set(graph.nodes)
    assert len(data.get("edges", [])) == graph.number_of_edges()
    for node, attrs in graph.nodes(data=True):
        texts = [op["text"] for op in objects[node]["_ldraw_"] if op["op"] == "T"]
        if attrs["kind"] in ("rule", "score"):  # the title, then the § it cites
            title = wrap(attrs["label"], RULE_WRAP)
            assert texts[:len(title)] == title and texts[len(title):] == wrap(attrs["source_short"])
            continue
        expected = wrap(attrs["label"]) + (["(не установлено)"] if attrs["kind"] == "absent" else [])
        assert texts == expected, node
    shown = [op["text"] for op in data["_ldraw_"] if op["op"] == "T"]
    assert 'title "quoted" <tag> \\' in shown
