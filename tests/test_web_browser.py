"""End to end in a real browser: a whole consultation by clicking, «Почему?», the result, the A4 card as PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from expert.consult.answer_file import load_answer_file
from expert.web.context import Config
from tests.consult_helpers import BUNDLED_KB, classifier
from tests.web_browser import browser_missing, chromium, print_pdf, running_server, wait_for, walk

ROOT = Path(__file__).resolve().parent.parent
A4 = (595.3, 841.9)  # points


def test_a_consultation_clicked_through_in_chromium_prints_an_a4_card_naming_the_direction(tmp_path):
    missing = browser_missing()
    if missing:
        pytest.skip(f"no browser for the end-to-end test: {missing}")
    from pypdf import PdfReader
    from selenium.webdriver.common.by import By

    c = classifier(BUNDLED_KB)
    given = load_answer_file(c.kb, ROOT / "examples" / "risk_group.yaml")
    config = Config(kb_dir=BUNDLED_KB, db_path=tmp_path / "db.sqlite3", token="e2e",
                    today=lambda: dt.date(2026, 1, 12))
    seen_why: list[str] = []
    with running_server(config, c) as base, chromium() as driver:
        driver.get(f"{base}/?token=e2e")
        assert "token" not in driver.current_url
        driver.find_element(By.ID, "student_id").send_keys(given.student_id)
        driver.find_element(By.ID, "start").click()

        def ask_why(question: str, n: int) -> None:
            if n == 0:
                driver.find_element(By.ID, "why").click()  # htmx puts the answer in place
                seen_why.append(wait_for(driver, "#why-text").text)
                assert question == driver.find_element(By.ID, "question").get_attribute("data-input")

        asked = walk(driver, c.kb, given.answers, ask_why)
        assert seen_why and ("отборочный вопрос" in seen_why[0] or "Ответ нужен правилу" in seen_why[0])
        direction = c.kb.conclusions["direction_risk_group"].title.get("ru")
        assert direction in wait_for(driver, "#direction").text
        assert len(asked) == len(set(asked)) > 5
        wait_for(driver, "#graph svg")
        driver.find_element(By.ID, "report").click()
        wait_for(driver, "figure.graph svg")
        pdf = PdfReader(io.BytesIO(print_pdf(driver)))
    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (width, height)
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Карта социально-педагогического сопровождения" in text
    assert "группы риска" in text and "Подпись" in text


def test_without_graphviz_the_browser_draws_the_graph_under_the_strict_policy(tmp_path, monkeypatch):
    missing = browser_missing()
    if missing:
        pytest.skip(f"no browser for the end-to-end test: {missing}")
    from selenium.webdriver.common.by import By

    from expert.web import graphs

    monkeypatch.setattr(graphs, "dot_program", lambda: None)  # as on a school PC without Graphviz
    c = classifier(BUNDLED_KB)
    given = load_answer_file(c.kb, ROOT / "examples" / "well_off.yaml")
    config = Config(kb_dir=BUNDLED_KB, db_path=tmp_path / "db.sqlite3", token="e2e")
    with running_server(config, c) as base, chromium() as driver:
        driver.get(f"{base}/?token=e2e")
        driver.find_element(By.ID, "student_id").send_keys(given.student_id)
        driver.find_element(By.ID, "start").click()
        walk(driver, c.kb, given.answers)
        svg = wait_for(driver, "#graph[data-drawn=browser] svg", timeout=60)
        assert svg.find_elements(By.CSS_SELECTOR, "g.node")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors  # e.g. a Content-Security-Policy refusal
