"""Screenshots of the web application for the README, made from the running app in headless chromium.

    .venv/bin/python docs/screenshots.py            # writes docs/img/web_*.png
    .venv/bin/python docs/screenshots.py --lang kk  # the same in Kazakh: docs/img/web_*_kk.png

Walks a consultation about examples/risk_group.yaml by clicking, opens «Почему?» on a question, then the
result page (a conclusion clicked in the graph), and prints the A4 card to PDF (first two pages as PNG via
pdftoppm). Needs chromium, chromium-driver and poppler-utils (Debian).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expert.consult.answer_file import load_answer_file  # noqa: E402
from expert.engine import DEFAULT_KB, Classifier  # noqa: E402
from expert.web.context import Config  # noqa: E402
from tests.web_browser import (  # noqa: E402
    browser_missing,
    chromium,
    print_pdf,
    running_server,
    screenshot,
    wait_for,
    walk,
)

OUT = ROOT / "docs" / "img"
QUESTION_TO_SHOW = "parents_abroad"


def main(argv: list[str]) -> int:
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "ru"
    suffix = "" if lang == "ru" else f"_{lang}"
    missing = browser_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    from selenium.webdriver.common.by import By

    classifier = Classifier.from_dir(DEFAULT_KB)
    kb = classifier.kb
    given = load_answer_file(kb, ROOT / "examples" / "risk_group.yaml")  # as `expert consult --answers` reads it
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(kb_dir=Path(DEFAULT_KB), db_path=Path(tmp) / "db.sqlite3", token="screenshots",
                        today=lambda: dt.date(2026, 1, 12), lang=lang)
        with running_server(config, classifier) as base, chromium(1300, 900) as driver:
            driver.get(f"{base}/?token=screenshots")
            driver.find_element(By.ID, "student_id").send_keys(given.student_id)
            driver.find_element(By.ID, "start").click()

            def on_question(question: str, n: int) -> None:
                if question == QUESTION_TO_SHOW:
                    driver.find_element(By.ID, "why").click()
                    wait_for(driver, "#why-text")
                    driver.find_element(By.ID, "why-more").click()
                    wait_for(driver, "#why-text")
                    screenshot(driver, OUT / f"web_consultation{suffix}.png", full_height=False)

            walk(driver, kb, given.answers, on_question)
            wait_for(driver, "#graph svg")
            node = driver.find_element(By.XPATH, "//*[local-name()='g'][contains(@class,'node')]"
                                                 "[*[local-name()='title' and text()='fact:direction_risk_group']]")
            driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", node)
            wait_for(driver, "#panel .explain-text")
            screenshot(driver, OUT / f"web_result{suffix}.png")
            driver.find_element(By.ID, "report").click()
            wait_for(driver, "figure.graph svg")
            pdf = Path(tmp) / "card.pdf"
            pdf.write_bytes(print_pdf(driver))
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(Path(tmp) / "p")],
                           check=True)
            for n, page in enumerate(sorted(Path(tmp).glob("p-*.png")), 1):
                (OUT / f"web_report_page{n}{suffix}.png").write_bytes(page.read_bytes())
    print(f"written: {', '.join(sorted(p.name for p in OUT.glob('web_*.png')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
