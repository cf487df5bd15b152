"""Driving the web application in a real browser (Debian's chromium + chromedriver through selenium).

Used by the end-to-end test and by docs/screenshots.py. ``browser_missing()`` says why no browser can run
here (then the test skips with that message).
"""

from __future__ import annotations

import base64
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from expert.engine import Classifier
from expert.web.app import create_app
from expert.web.context import Config

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-dev-shm-usage", "--lang=ru", "--window-size=1400,1000"]


def browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            return f"{program} not found: apt-get install chromium chromium-driver (./bootstrap test does it as root)"
    return None


@contextmanager
def running_server(config: Config, classifier: Classifier | None = None):
    """The app served by uvicorn on a free loopback port, in a thread; yields the base URL."""
    from expert.cli.serve import free_port

    port = free_port("127.0.0.1")
    server = uvicorn.Server(uvicorn.Config(create_app(config, classifier), host="127.0.0.1", port=port,
                                           access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium(width: int = 1400, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, css: str, timeout: float = 20):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def click_answer(driver, kb, input_id: str, value: Any) -> None:
    """Answer the question on the page the way a person would: click a button, tick boxes, type a number."""
    from selenium.webdriver.common.by import By

    form = driver.find_element(By.ID, "answer-form")
    inp = kb.inputs[input_id]
    if value is None:
        form.find_element(By.CSS_SELECTOR, ".answer-unknown").click()
    elif inp.type == "boolean":
        form.find_element(By.CSS_SELECTOR, ".answer-yes" if value else ".answer-no").click()
    elif inp.type == "integer":
        field = form.find_element(By.CSS_SELECTOR, "input[type=number]")
        field.clear()
        field.send_keys(str(value))
        form.find_element(By.CSS_SELECTOR, ".answer-submit").click()
    elif inp.type == "choice":
        index = inp.option_ids().index(value)
        form.find_elements(By.CSS_SELECTOR, ".answer-option")[index].click()
    elif not value:
        form.find_element(By.CSS_SELECTOR, ".answer-none").click()
    else:
        boxes = form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
        for n, option in enumerate(inp.option_ids()):
            if option in value:
                boxes[n].click()
        form.find_element(By.CSS_SELECTOR, ".answer-submit").click()


def current_question(driver) -> str | None:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, "#question[data-input]")
    return found[0].get_attribute("data-input") if found else None


def walk(driver, kb, answers: dict[str, Any], on_question=None, limit: int = 200) -> list[str]:
    """Answer every question from ``answers`` (missing ones «не знаю») until the result page; the ids asked."""
    asked: list[str] = []
    for _ in range(limit):
        wait_for(driver, "#question, #direction")
        question = current_question(driver)
        if question is None:
            return asked
        if on_question is not None:
            on_question(question, len(asked))
        asked.append(question)
        click_answer(driver, kb, question, answers.get(question))
        # the next page replaces this one: wait until the form we clicked is gone
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if current_question(driver) != question or len(asked) > len(set(asked)):
                    break
            except Exception:  # the page is being replaced
                pass
            time.sleep(0.05)
    raise RuntimeError("the consultation did not end")


def print_pdf(driver) -> bytes:
    """The page printed as the browser prints it, with the page's own @page size (A4 on the card)."""
    data = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    return base64.b64decode(data["data"])


def screenshot(driver, path: Path, full_height: bool = True) -> None:
    if full_height:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.execute_script("return window.innerWidth")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": min(int(height), 4000), "deviceScaleFactor": 1,
                                "mobile": False})
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    if full_height:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
