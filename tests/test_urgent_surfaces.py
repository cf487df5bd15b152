"""Three-valued danger on every other surface: the consultation (danger questions first, the «не знаю»
warning at once, the final screen, a saved consultation, `как`), the report, HOW, the graph and its JSON.
An unknown danger answer never reads as "no danger"; «не выявлены» only when every flag is excluded."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from expert.cli import main
from expert.consult.interview import Interview
from expert.urgency import danger_inputs
from tests.consult_helpers import BUNDLED_KB, answer_from, classifier

OPEN = "СРОЧНО: не выяснено — уточните сегодня"
WHY_OPEN = "Пока ответа нет, опасность не исключена: «СРОЧНО: признаки суицидального риска»."
NONE = "Сигналы опасности не выявлены: на все вопросы о них есть ответы."
TALK_UNKNOWN = {"age": "13", "self_harm_signs": "no", "suicidal_talk": "не знаю", "family_violence": "no"}


def run(*args: str, text: str = ""):
    return CliRunner().invoke(main, [*args], input=text)


def _answers(tmp_path: Path, answers: dict[str, str], name: str = "a.yaml") -> str:
    path = tmp_path / name
    path.write_text("id: S-0201\nanswers:\n" + "".join(f"  {k}: {v}\n" for k, v in answers.items()),
                    encoding="utf-8")
    return str(path)


def _consult(tmp_path: Path, answers: dict[str, str], *args: str):
    session = tmp_path / f"s{len(list(tmp_path.iterdir()))}.json"
    res = run("consult", "--answers", _answers(tmp_path, answers), "--session", str(session),
              "--today", "2026-12-01", *args)
    assert res.exit_code == 0, res.output
    return res.output


def _final(output: str) -> list[str]:
    return output[output.index("Учащийся:"):].splitlines()


# --- the consultation -------------------------------------------------------------------------------------

def test_danger_questions_are_asked_before_any_other() -> None:
    clf = classifier(BUNDLED_KB)
    danger = set(danger_inputs(clf.kb))
    screens_of_danger = {s for s, implied in clf.kb.screens.items() if danger & set(implied)}
    asked = answer_from(Interview(clf), {})  # everything «не знаю»
    first = asked[:len(danger) + len(screens_of_danger)]
    assert set(first) == danger | screens_of_danger, first


def test_dont_know_to_a_danger_question_warns_at_once(tmp_path: Path) -> None:
    res = run("consult", "--student", "S-1", "--session", str(tmp_path / "s.json"), text="нет\nне знаю\nсохранить\n")
    lines = res.output.splitlines()
    at = lines.index("> не знаю")
    assert lines[at + 1:at + 3] == [f"{OPEN}: Суицидальные высказывания", WHY_OPEN]
    # a consultation left unfinished still says which danger is not ruled out
    assert f"{OPEN}: Суицидальные высказывания; Насилие в семье" in res.output


def test_dont_know_warning_in_english(tmp_path: Path) -> None:
    res = run("consult", "--student", "S-1", "--session", str(tmp_path / "s.json"), "--lang", "en",
              text="no\nunknown\nsave\n")
    lines = res.output.splitlines()
    at = lines.index("> unknown")
    assert lines[at + 1] == "URGENT: not clarified — clarify today: Suicidal talk"
    assert lines[at + 2] == "Until it is answered, the danger is not ruled out: “URGENT: signs of suicide risk”."


def test_a_plain_no_gives_no_warning(tmp_path: Path) -> None:
    res = run("consult", "--student", "S-1", "--session", str(tmp_path / "s.json"), text="нет\nнет\nсохранить\n")
    assert OPEN + ": Суицидальные" not in res.output


def test_how_command_keeps_an_unknown_danger_answer_in_sight(tmp_path: Path) -> None:
    res = run("consult", "--student", "S-1", "--session", str(tmp_path / "s.json"),
              text="нет\nне знаю\nкак\nсохранить\n")
    lines = res.output.splitlines()
    at = lines.index("> как")
    assert lines[at + 1] == f"{OPEN}: Суицидальные высказывания"


def test_final_screen_states_each_danger_state_on_top(tmp_path: Path) -> None:
    unknown = _final(_consult(tmp_path, TALK_UNKNOWN))
    assert unknown[1] == OPEN + ":" and "Говорил или писал ли учащийся" in unknown[2]
    assert NONE not in unknown
    established = _final(_consult(tmp_path, {**TALK_UNKNOWN, "suicidal_talk": "yes"}))
    assert established[1] == "СРОЧНО: признаки суицидального риска"
    assert not any(OPEN in line for line in established)
    excluded = _final(_consult(tmp_path, {**TALK_UNKNOWN, "suicidal_talk": "no"}))
    assert excluded[1] == NONE and not any("СРОЧНО" in line for line in excluded)


# --- the report -----------------------------------------------------------------------------------------

def _report(tmp_path: Path, answers: dict[str, str], lang: str = "ru") -> tuple[str, str]:
    out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
    _consult(tmp_path, answers, "--report", str(out), "--lang", lang)
    return (out / "S-0201-consult.md").read_text(encoding="utf-8"), \
        (out / "S-0201-consult.html").read_text(encoding="utf-8")


def test_report_puts_the_unclarified_danger_above_the_direction(tmp_path: Path) -> None:
    md, page = _report(tmp_path, TALK_UNKNOWN)
    assert md.index(f"## {OPEN}") < md.index("**Направление сопровождения")
    assert "- Говорил или писал ли учащийся о нежелании жить" in md
    assert f"**{WHY_OPEN}**" in md and NONE not in md
    section = page.index(f'<section class="urgent"><h2>{OPEN}</h2>')
    assert section < page.index('<p class="direction">')
    assert "опасность не исключена" in page[section:page.index('<p class="direction">')]


def test_report_in_english_says_not_clarified(tmp_path: Path) -> None:
    md, page = _report(tmp_path, TALK_UNKNOWN, "en")
    assert md.index("## URGENT: not clarified — clarify today") < md.index("**Direction of support")
    assert '<section class="urgent"><h2>URGENT: not clarified — clarify today</h2>' in page


def test_report_established_and_excluded(tmp_path: Path) -> None:
    md, page = _report(tmp_path, {**TALK_UNKNOWN, "suicidal_talk": "yes"})
    assert md.index("## СРОЧНО\n") < md.index("**Направление сопровождения")
    assert "- СРОЧНО: признаки суицидального риска" in md and OPEN not in md
    assert page.index('<section class="urgent"><h2>СРОЧНО</h2>') < page.index('<p class="direction">')
    md, page = _report(tmp_path, {**TALK_UNKNOWN, "suicidal_talk": "no"})
    assert NONE in md and "СРОЧНО" not in md
    assert f'<p class="no-urgent">{NONE}</p>' in page and 'class="urgent"' not in page


# --- explanations ---------------------------------------------------------------------------------------

def test_how_text_and_graph_say_not_clarified(tmp_path: Path) -> None:
    profile = _answers(tmp_path, TALK_UNKNOWN)
    how = run("explain", profile, "--how").output.splitlines()
    assert how[1] == f"{OPEN}: Суицидальные высказывания"
    dot = run("explain", profile, "-f", "dot").output
    assert f'<FONT COLOR="#B00000">{OPEN}: Суицидальные высказывания</FONT>' in dot
    data = json.loads(run("explain", profile, "-f", "json").output)
    assert data["urgent_state"] == "not_clarified" and data["urgent"][0]["questions"] == ["suicidal_talk"]
    en = run("explain", profile, "--how", "--lang", "en").output.splitlines()
    assert en[1] == "URGENT: not clarified — clarify today: Suicidal talk"


def test_how_text_and_graph_without_danger_have_no_alert(tmp_path: Path) -> None:
    profile = _answers(tmp_path, {**TALK_UNKNOWN, "suicidal_talk": "no"})
    assert "СРОЧНО" not in run("explain", profile, "--how").output
    assert "#B00000" not in run("explain", profile, "-f", "dot").output
    yes = _answers(tmp_path, {**TALK_UNKNOWN, "suicidal_talk": "yes"}, "yes.yaml")
    how = run("explain", yes, "--how").output
    assert how.splitlines()[1] == "СРОЧНО: признаки суицидального риска" and "СРОЧНО: СРОЧНО" not in how
