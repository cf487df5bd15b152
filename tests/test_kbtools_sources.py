"""Sources that hold: `expert kb source N`, the practice catalogue, and what graphs show on hover."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from expert.cli import main
from expert.engine import DEFAULT_KB, Classifier
from expert.facts.profile import load_profile
from expert.kbtools.checks import check_kb
from expert.rules.loader import load_kb
from expert.rules.sources import cite
from explain.dot import to_dot
from explain.graph import explanation_graph

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = DEFAULT_KB.parent / "examples"


def test_kb_source_prints_the_paragraph_in_our_words_and_the_rules_citing_it() -> None:
    kb = load_kb(DEFAULT_KB)
    for lang, text in (("ru", kb.paragraphs[20].ru), ("en", kb.paragraphs[20].en)):
        out = CliRunner().invoke(main, ["kb", "source", "§20", "--lang", lang])
        assert out.exit_code == 0, out.output
        assert " ".join(out.output.split()).startswith(f"§20. {' '.join(text.split())}")
        assert "[risk_group_support]" in out.output and "[route_core]" not in out.output


def test_kb_source_refuses_a_paragraph_the_document_does_not_have() -> None:
    out = CliRunner().invoke(main, ["kb", "source", "40", "--lang", "en"])
    assert out.exit_code == 2
    assert out.output.strip() == "error: 40: give a paragraph number of the document, §1–§34 (e.g. 20 or §20)"


def test_an_unknown_practice_is_an_unknown_reference_at_its_line(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURES / "kb_small", kb)
    rules = kb / "rules" / "10_findings.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("practice: [chronic_absence]", "practice: [hearsay]"),
                     encoding="utf-8")
    line = next(n for n, text in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1) if "hearsay" in text)
    (finding,) = [f for f in check_kb(kb).findings if f.code == "KB003"]
    assert (finding.path, finding.line) == (str(rules), line)
    assert "unknown practice 'hearsay'" in finding.message("en")


def test_citations_name_practices_in_the_reader_language() -> None:
    kb = load_kb(DEFAULT_KB)
    source = kb.rule("risk_frequent_absence").definition.source
    assert cite(kb, source, "ru") == "§20; практика: " + kb.practices["attendance_works"].title.ru
    assert cite(kb, source, "en") == "§20; practice: " + kb.practices["attendance_works"].title.en


def test_graph_tooltips_show_what_the_cited_paragraph_says() -> None:
    clf = Classifier.from_dir(DEFAULT_KB)
    result = clf.classify(load_profile(clf.kb, EXAMPLES / "risk_group.yaml"))
    graph = explanation_graph(clf.kb, result, "en")
    node = next(n for n, d in graph.nodes(data=True) if d.get("ref") == "direction_risk_group_rule")
    tooltip = graph.nodes[node]["tooltip"]
    assert tooltip.splitlines()[0] == "§18, §20"
    assert f"§20: {clf.kb.paragraphs[20].en}" in tooltip
    dot = to_dot(graph, "t", "en")
    assert "tooltip=" in dot and clf.kb.paragraphs[20].en.split()[0] in dot
