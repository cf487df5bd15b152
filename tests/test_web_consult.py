"""The consultation in the browser asks what ``expert consult`` asks, in the same order, and concludes the same."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.cli import main
from expert.consult.answer_file import load_answer_file
from expert.consult.interview import Interview
from expert.rules.loader import load_cases
from tests.consult_helpers import BUNDLED_KB, CONSULT_KB, classifier
from tests.web_helpers import csrf_of, make_client, question_of, start, walk


def _cases(kb_dir: Path, every: int) -> list:
    cases = [case for case, _doc in load_cases(kb_dir / "cases")]
    return [pytest.param(kb_dir, case, id=f"{kb_dir.name}-{case.id}") for case in cases[::every]]


# every fixture case and every sixth bundled case (a bundled consultation is ~50 requests)
@pytest.mark.parametrize(("kb_dir", "case"), _cases(CONSULT_KB, 1) + _cases(BUNDLED_KB, 6))
def test_web_asks_what_the_command_line_asks_and_concludes_the_same(tmp_path, kb_dir, case):
    c = classifier(kb_dir)
    profile = tmp_path / "answers.json"
    profile.write_text(json.dumps({"id": str(case.profile["id"]), "answers": dict(case.profile.get("answers", {}))},
                                  ensure_ascii=False, default=list), encoding="utf-8")
    session = tmp_path / "cli.json"
    cli = CliRunner().invoke(main, ["consult", "--kb", str(kb_dir), "--answers", str(profile), "--session",
                                    str(session), "--today", "2026-01-10"], input="")
    assert cli.exit_code == 0, cli.output
    cli_answers = [(a["input"], a["value"]) for a in json.loads(session.read_text(encoding="utf-8"))["answers"]]

    given = load_answer_file(c.kb, profile)  # what the command line read from the file
    client = make_client(tmp_path, c)
    cid, page = start(client, given.student_id)
    asked, result_page = walk(client, c.kb, cid, page, given.answers)
    assert asked == [i for i, _ in cli_answers]
    web = client.app.state.web.store.get(cid, c.kb)
    assert [(a.input, sorted(a.value) if isinstance(a.value, frozenset) else a.value) for a in web.answers] \
        == cli_answers
    result = Interview(c, web.answers).result(given.student_id)
    direction = c.kb.conclusions[result.direction].title.get("ru") if result.direction else "не определено"
    assert f"Направление сопровождения: {direction}" in cli.output
    assert direction in result_page
    for conclusion in result.derived:
        assert c.kb.conclusions[conclusion].title.get("ru") in result_page.replace("&#34;", '"').replace(
            "&#39;", "'").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"), conclusion


def test_back_undoes_the_last_answer_and_a_stale_form_shows_the_current_question(tmp_path):
    c = classifier(CONSULT_KB)
    client = make_client(tmp_path, c)
    cid, page = start(client)
    first = question_of(page)
    page = client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": first, "value": "нет"}).text
    second = question_of(page)
    assert second != first
    stale = client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": first, "value": "да"})
    assert question_of(stale.text) == second and "уже не текущий" in stale.text
    page = client.post(f"/c/{cid}/back", data={"csrf": csrf_of(page)}).text
    assert question_of(page) == first
    assert client.app.state.web.store.get(cid, c.kb).answers == []


def test_a_bad_answer_is_asked_again_with_the_command_lines_hint(tmp_path):
    c = classifier(CONSULT_KB)
    client = make_client(tmp_path, c)
    cid, page = start(client)
    for _ in range(5):  # reach the number question (truancy_share)
        question = question_of(page)
        if c.kb.inputs[question].type == "integer":
            break
        page = client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": question, "value": "нет"}).text
    response = client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": question, "value": "150"})
    assert response.status_code == 400
    assert "Число 150 вне допустимого диапазона 0..100." in response.text
    assert question_of(response.text) == question


def test_why_and_how_are_the_command_lines_texts(tmp_path):
    c = classifier(CONSULT_KB)
    client = make_client(tmp_path, c)
    cid, page = start(client)
    why0 = client.get(f"/c/{cid}/why?level=0", headers={"HX-Request": "true"}).text
    why1 = client.get(f"/c/{cid}/why?level=1", headers={"HX-Request": "true"}).text
    assert "Ответ нужен правилу" in why0 and "ЕСЛИ" in why0 and "/why?level=1" in why0
    assert why1 != why0
    assert "Ответ нужен правилу" in client.get(f"/c/{cid}?why=0").text  # without JavaScript: the whole page
    assert "Текущие выводы и как они получены:" in client.get(f"/c/{cid}/how").text


def test_every_answer_is_kept_and_the_start_page_lists_the_unfinished_consultation(tmp_path):
    c = classifier(CONSULT_KB)
    client = make_client(tmp_path, c)
    cid, page = start(client, "S-77")
    question = question_of(page)
    client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": question, "value": "нет"})
    again = make_client(tmp_path, c)  # a new server on the same file: nothing was lost
    home = again.get("/").text
    assert "S-77" in home and f'href="/c/{cid}"' in home and "ответов: 1" in home
    assert re.search(r"Данные хранятся в файле .*web\.sqlite3", home)
    assert question_of(again.get(f"/c/{cid}").text) != question
