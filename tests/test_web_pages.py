"""Every page of the web application in-process: what it shows, its errors, and every refusal."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.routing import Route

from expert.cli import main
from expert.web import graphs
from tests.conftest import SMALL_KB
from tests.consult_helpers import CONSULT_KB, classifier
from tests.web_helpers import TOKEN, csrf_of, make_client, question_of, start, walk

ROSTERS = Path(__file__).parent / "fixtures" / "rosters"
WELL_OFF = {"self_harm": False, "offences": False, "truancy_share": 5, "substances": frozenset(),
            "low_income": False, "func_learning": "none"}
URGENT = {**WELL_OFF, "self_harm": True}


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path, classifier(CONSULT_KB))


def finished(client, answers=WELL_OFF, student="S-1") -> tuple[int, str]:
    cid, page = start(client, student)
    _, result = walk(client, classifier(CONSULT_KB).kb, cid, page, answers)
    return cid, result


# --- access: token, cookie, headers ---------------------------------------------------------------

def test_without_the_token_nothing_is_shown(tmp_path):
    client = make_client(tmp_path, classifier(CONSULT_KB), login=False)
    for url in ("/", "/c/1", "/roster", "/?token=wrong"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Откройте ссылку, которую напечатала команда expert serve" in response.text
    assert client.post("/new", data={"student_id": "S-1"}).status_code == 403


def test_the_token_gives_a_strict_http_only_cookie_and_leaves_the_address(tmp_path):
    client = make_client(tmp_path, classifier(CONSULT_KB), login=False)
    response = client.get(f"/roster?token={TOKEN}&x=1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/roster?x=1"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert client.get("/").status_code == 200


def test_every_page_has_a_strict_content_security_policy_and_loads_nothing_from_other_hosts(client):
    cid, result = finished(client)
    for url in ("/", f"/c/{cid}/result", f"/c/{cid}/report", "/roster", "/static/app.js", "/nope"):
        response = client.get(url)
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self' 'wasm-unsafe-eval'" in csp, url
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", response.text), url
        assert "<script>" not in response.text and " style=" not in response.text, url
    assert client.get("/").headers["cache-control"] == "no-store"


def test_every_state_changing_request_needs_the_csrf_token(client):
    cid, page = start(client)
    posts = [r.path.replace("{cid:int}", str(cid)) for r in client.app.routes
             if isinstance(r, Route) and "POST" in (r.methods or ()) and r.path != "/login"]
    assert {"/new", f"/c/{cid}/answer", f"/c/{cid}/back", "/roster", "/lang", "/logout"} <= set(posts)
    for path in posts:
        for data in ({}, {"csrf": "forged"}):
            response = client.post(path, data={**data, "student_id": "S-2", "input": question_of(page) or "",
                                               "value": "нет", "lang": "en"})
            assert response.status_code == 403, path
            assert "Запрос отклонён" in response.text
    header = client.post("/lang", data={"lang": "en", "next": "/"}, headers={"X-CSRF-Token": csrf_of(page)})
    assert header.status_code == 200 and "New consultation" in header.text
    assert client.app.state.web.store.get(cid, classifier(CONSULT_KB).kb).answers == []


def test_error_pages_never_show_a_traceback(client, monkeypatch):
    assert client.get("/nope").status_code == 404
    assert "Страница не найдена." in client.get("/c/999").text
    assert client.get("/new").status_code == 405
    assert client.get("/c/1/explain/whatif").status_code == 404

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("expert.web.student_pages.direction_title", broken)
    start(client)
    response = client.get("/")
    assert response.status_code == 500
    assert "Внутренняя ошибка сервера" in response.text
    assert "Traceback" not in response.text and "secret detail" not in response.text


def test_the_data_file_is_private(client, tmp_path):
    start(client)
    mode = stat.S_IMODE((tmp_path / "web.sqlite3").stat().st_mode)
    assert mode == 0o600


# --- result, explanations, card -----------------------------------------------------------------------

def test_result_page_shows_direction_sections_graph_and_review(client):
    cid, result = finished(client)
    assert "Направление сопровождения: Социально благополучный (§21) — <span class=\"status\">окончательно" in result
    assert "Дата пересмотра: <strong>2026-03-11</strong>" in result
    assert 'id="urgent"' not in result
    if shutil.which("dot"):
        assert "<svg" in result and "fact:direction_well_off" in result
    assert "Почему не «Группа риска»?" in result or "Почему не «" in result
    how = client.get(f"/c/{cid}/explain/how?c=direction_well_off", headers={"HX-Request": "true"})
    assert how.status_code == 200 and "Социально благополучный" in how.text and "<html" not in how.text
    assert client.get(f"/c/{cid}/explain/how?c=nonsense").status_code == 404
    whynot = client.get(f"/c/{cid}/explain/whynot?c=direction_deviant", headers={"HX-Request": "true"})
    assert "✓" in whynot.text or "✗" in whynot.text
    whatif = client.get(f"/c/{cid}/explain/whatif")
    assert whatif.status_code == 200 and "<html" in whatif.text  # without htmx: a whole page


def test_urgent_banner_comes_first(client):
    cid, result = finished(client, URGENT)
    assert result.index('id="urgent"') < result.index('id="direction"')
    assert "СРОЧНО: риск суицида" in result


def test_danger_left_unknown_is_not_clarified_on_the_question_page_and_the_result(client):
    cid, page = start(client)
    assert question_of(page) == "self_harm"
    page = client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": "self_harm", "unknown": "1"}).text
    assert 'id="urgent"' in page and "СРОЧНО: не выяснено — уточните сегодня" in page
    _, result = walk(client, classifier(CONSULT_KB).kb, cid, page, {**WELL_OFF, "self_harm": None})
    banner = result[result.index('id="urgent"'):result.index('id="direction"')]
    assert "СРОЧНО: не выяснено — уточните сегодня:" in banner and "Пока ответа нет, опасность не исключена" in banner
    _, calm = finished(client, WELL_OFF, "S-2")
    assert 'id="urgent"' not in calm and "Сигналы опасности не выявлены" in calm


def test_graph_is_drawn_in_the_browser_where_graphviz_is_missing(client, monkeypatch):
    monkeypatch.setattr(graphs, "dot_program", lambda: None)
    cid, result = finished(client)
    assert '<pre class="graph-dot" hidden>' in result and "digraph" in result and "<svg" not in result
    card = client.get(f"/c/{cid}/report").text
    assert card.count('<pre class="graph-dot" hidden>') >= 1


def test_the_card_is_a4_with_signature_lines_unknowns_and_review(client):
    cid, page = start(client)
    _, _ = walk(client, classifier(CONSULT_KB).kb, cid, page, {**WELL_OFF, "low_income": None})
    card = client.get(f"/c/{cid}/report").text
    for text in ("Карта социально-педагогического сопровождения", "Организация образования", "Класс",
                 "Социальный педагог", "Подпись", "Дата консультации", "2026-01-10", "Что пока неизвестно",
                 "Дата пересмотра", "Как определено направление сопровождения"):
        assert text in card, text
    css = client.get("/static/report.css").text
    assert "@page { size: A4;" in css


def test_a_consultation_not_finished_has_no_result_yet(client):
    cid, _ = start(client)
    assert client.get(f"/c/{cid}/result", follow_redirects=False).headers["location"] == f"/c/{cid}"
    assert client.get(f"/c/{cid}/report", follow_redirects=False).status_code == 303


# --- students and reviews -----------------------------------------------------------------------------

def test_student_page_shows_consultations_over_time_and_what_changed(tmp_path):
    c = classifier(CONSULT_KB)
    first = make_client(tmp_path, c, today=dt.date(2026, 1, 10))
    finished(first, {**WELL_OFF, "truancy_share": 12}, "S-9")
    later = make_client(tmp_path, c, today=dt.date(2026, 3, 20))
    finished(later, WELL_OFF, "S-9")
    page = later.get("/students/S-9").text
    assert page.count("<tr><td>2026-") == 2
    assert "Направление:" in page and "→ Социально благополучный" in page
    assert 'class="due"' not in later.get("/").text  # the latest consultation's review is still ahead
    home = make_client(tmp_path, c, today=dt.date(2026, 6, 1)).get("/").text
    assert "Пора пересмотреть" in home and '<tr class="due"><td><a href="/students/S-9">' in home
    assert later.get("/students/S-nobody").status_code == 404


# --- language --------------------------------------------------------------------------------------------

def test_the_language_switch_offers_every_language_and_uses_the_command_lines_texts(client):
    page = client.get("/").text
    from expert.i18n import LANGS

    for code in LANGS:
        assert f'name="lang" value="{code}"' in page
    client.post("/lang", data={"csrf": csrf_of(page), "lang": "en", "next": "/"})
    cid, page = start(client)
    assert "Question 1 (at most" in page and "Don&#39;t know" in page
    kazakh = client.post("/lang", data={"csrf": csrf_of(page), "lang": "kk", "next": "/"}).text
    assert "Жаңа кеңес" in kazakh and 'lang="kk"' in kazakh
    assert client.post("/lang", data={"csrf": csrf_of(page), "lang": "xx", "next": "//evil"},
                       follow_redirects=False).headers["location"] == "/"


# --- roster ----------------------------------------------------------------------------------------------

def _cli_summary(roster: Path, out: Path) -> str:
    res = CliRunner().invoke(main, ["classify", str(roster), "--kb", str(SMALL_KB), "-o", str(out)])
    return re.search(r"прочитано строк: .*", res.stdout).group(0)


@pytest.mark.parametrize("name", ["excel_cp1251.csv", "wrong_values.csv", "roster.jsonl"])
def test_roster_upload_reads_and_counts_as_the_command_line(tmp_path, small, name):
    client = make_client(tmp_path, small)
    page = client.get("/roster").text
    roster = ROSTERS / name
    response = client.post("/roster", data={"csrf": csrf_of(page), "format": "csv"},
                           files={"roster": (name, roster.read_bytes(), "application/octet-stream")})
    assert response.status_code == 200, response.text
    assert _cli_summary(roster, tmp_path / "cli.result.csv") in response.text
    assert "expert-roster-" not in response.text  # the temporary folder is not shown
    download = client.get("/roster/result")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    assert download.content == (tmp_path / "cli.result.csv").read_bytes()
    errors = client.get("/roster/errors")
    assert errors.status_code == (200 if (tmp_path / "cli.result.errors.csv").exists() else 404)


def test_bad_uploads_get_the_command_lines_one_line_errors(tmp_path, small):
    client = make_client(tmp_path, small)
    csrf = csrf_of(client.get("/roster").text)
    wrong = client.post("/roster", data={"csrf": csrf}, files={"roster": ("class.pdf", b"%PDF", "application/pdf")})
    assert wrong.status_code == 400 and "ошибка: class.pdf: неизвестный формат списка" in wrong.text
    empty = client.post("/roster", data={"csrf": csrf}, files={"roster": ("", b"", "text/csv")})
    assert empty.status_code == 400 and "файл не выбран" in empty.text
    broken = ROSTERS / "broken_encoding.csv"
    res = CliRunner().invoke(main, ["classify", str(broken), "--kb", str(SMALL_KB), "-o", str(tmp_path / "o.csv")])
    response = client.post("/roster", data={"csrf": csrf},
                           files={"roster": (broken.name, broken.read_bytes(), "text/csv")})
    cli_lines = [line.replace(str(broken.parent) + "/", "") for line in res.output.splitlines()
                 if line.startswith("ошибка")]
    if res.exit_code == 2:
        assert response.status_code == 400
        for line in cli_lines:
            assert line.replace('"', "&#34;").replace("'", "&#39;") in response.text
    assert "Traceback" not in response.text
    assert client.get("/roster/result").status_code in (200, 404)
