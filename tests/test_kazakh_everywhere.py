"""A whole consultation, its report, an explanation graph and a roster result in Kazakh: nothing of the
code's Russian or English message tables is left in them, and the knowledge base's texts are Kazakh."""

from __future__ import annotations

import csv
import html
import re
import string
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from expert.cli import main
from expert.consult.interview import Interview
from expert.facts.profile import load_profile, screen_answer
from expert.locale.kk import KK
from tests.consult_helpers import BUNDLED_KB, answer_from, classifier
from tests.i18n_tables import all_pairs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "risk_group.yaml"
MIN_LETTERS = 4  # shorter fragments («да», «из», "or") are ordinary substrings of other words and ids


def _fragments(template: str) -> list[str]:
    """The literal pieces of a message template, placeholders removed, stripped of punctuation."""
    pieces = [literal for literal, *_ in string.Formatter().parse(template)]
    out = []
    for piece in pieces:
        for part in re.split(r"\n|[:;()\[\]«»“”'\"—→←✓✗?.,]|\s-\s|--\S+|expert \w+", piece):
            part = part.strip(" -/=+…")
            if sum(c.isalpha() for c in part) >= MIN_LETTERS:
                out.append(part)
    return out


def _forbidden() -> dict[str, str]:
    """Russian and English fragments of every message table → where they come from; fragments Kazakh shares
    (international words, abbreviations) are not forbidden."""
    kazakh = " ".join(KK.values())
    found: dict[str, str] = {}
    for where, ru, en in all_pairs():
        for text in (ru, en):
            for fragment in _fragments(text):
                if not re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", kazakh):
                    found.setdefault(fragment, where)
    return found


FORBIDDEN = _forbidden()


def _visible(text: str) -> str:
    """What a reader sees of HTML or SVG: text between tags (class names and styles are not read)."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _leftovers(text: str) -> list[str]:
    if text.lstrip().startswith(("<!DOCTYPE", "<?xml", "<svg")):
        text = _visible(text)
    return sorted(f"{fragment!r} ({where})" for fragment, where in FORBIDDEN.items()
                  if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text))


def _typed(kb: Any, input_id: str, value: Any) -> str:
    """What a Kazakh-speaking pedagogue types for an answer."""
    inp = kb.inputs[input_id]
    if value is None:
        return "білмеймін"
    if inp.type == "boolean":
        return "иә" if value else "жоқ"
    if inp.type == "integer":
        return str(value)
    ids = inp.option_ids()
    if inp.type == "choice":
        return inp.options[ids.index(value)].title.kk
    return ", ".join(str(ids.index(v) + 1) for v in ids if v in value) or "жоқ"


def _script(values: dict[str, Any]) -> list[str]:
    """The lines typed in a consultation that answers from ``values``, with every command used on the way."""
    c = classifier(BUNDLED_KB)
    interview = Interview(c)
    asked = answer_from(interview, values)
    kb = c.kb
    answers = [_typed(kb, q, screen_answer(kb, q, values) if q in kb.screens and q not in values else values.get(q))
               for q in asked]
    lines = ["мүмкін", "неге", "неге", "неге", "қалай", "?", "артқа", answers[0]]
    lines += answers[1:3] + ["артқа", answers[2]] + answers[3:]
    return lines


@pytest.fixture(scope="module")
def consultation(tmp_path_factory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("kk")
    values = load_profile(classifier(BUNDLED_KB).kb, EXAMPLE).values
    result = CliRunner().invoke(main, ["consult", "--lang", "kk", "--student", "S-KK", "--today", "2026-01-10",
                                       "--session", str(tmp / "s.json"), "--report", str(tmp / "report")],
                                input="".join(f"{line}\n" for line in _script(values)))
    assert result.exit_code == 0, result.output
    report = tmp / "report"
    texts = {"transcript": result.output}
    for path in sorted(report.iterdir()):
        if path.suffix in (".md", ".html", ".svg", ".dot"):
            texts[path.name] = path.read_text(encoding="utf-8")
    return texts


def test_the_consultation_is_kazakh_from_question_to_recommendation(consultation):
    out = consultation["transcript"]
    for seen in ("1-сұрақ", "Жауап «", "ЕГЕР", "ОНДА", "Командалар (кез келген сәтте)", "Түсініктеме:",
                 "«мүмкін» жауабы түсініксіз", "Сүйемелдеу бағыты", "Қайта қарау күні", "Есеп сақталды"):
        assert seen in out, seen
    assert "тәуекел тобы" in out.lower()
    assert not _leftovers(out), _leftovers(out)


def test_the_report_and_its_graph_are_kazakh(consultation):
    names = set(consultation) - {"transcript"}
    assert any(n.endswith(".md") for n in names) and any(n.endswith(".html") for n in names)
    assert any(n.endswith((".svg", ".dot")) for n in names)
    for name in sorted(names):
        text = consultation[name]
        assert "Оқушыны сүйемелдеу бойынша ұсыным" in text or name.endswith((".svg", ".dot")), name
        assert not _leftovers(text), (name, _leftovers(text))


def _explain(*args: str) -> str:
    result = CliRunner().invoke(main, ["explain", str(EXAMPLE), "--lang", "kk", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_explanation_graph_and_texts_are_kazakh():
    dot = _explain("-f", "dot")
    assert "Шартты белгілер" in dot and "Ереже (дереккөз §)" in dot
    how = _explain("--how")
    why_not = _explain("--why-not", "well_off")
    what_if = _explain("--what-if", "--max-changes", "2")
    for text in (dot, how, why_not, what_if):
        assert not _leftovers(text), _leftovers(text)
    assert "Әлеуметтік жағынан қолайлы» оқушыны сүйемелдеу» емес" in why_not


def test_roster_result_is_kazakh(tmp_path):
    kb = classifier(BUNDLED_KB).kb
    rows = [("S-1", {"truancy_share": "12", "offences": "жоқ", "low_income": "иә", "single_parent": "иә"}),
            ("S-2", {"truancy_share": "0", "offences": "жоқ", "low_income": "жоқ", "single_parent": "жоқ"}),
            ("S-3", {"truancy_share": "білмеймін", "offences": "иә"})]
    inputs = ["truancy_share", "offences", "low_income", "single_parent"]
    roster = tmp_path / "тізім.csv"
    with roster.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Код", *(kb.inputs[i].label.kk for i in inputs)])
        for sid, answers in rows:
            writer.writerow([sid, *(answers.get(i, "") for i in inputs)])
    out = tmp_path / "нәтиже.csv"
    result = CliRunner().invoke(main, ["classify", str(roster), "-o", str(out), "--lang", "kk"])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8-sig")
    assert "Девиантты мінез-құлқы бар оқушыны сүйемелдеу" in written
    for text in (result.output, written):
        assert not _leftovers(text), _leftovers(text)


def test_the_leftover_check_finds_russian_and_english():
    assert _leftovers("Сүйемелдеу бағыты: Направление сопровождения")
    assert _leftovers("Student S-1: Knowledge base")
    assert not _leftovers("Сүйемелдеу бағыты: «Тәуекел тобындағы» оқушыны сүйемелдеу")
