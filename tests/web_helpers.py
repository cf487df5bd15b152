"""In-process clients of the web application (starlette's TestClient) and answering its question pages."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path
from typing import Any

from expert.engine import Classifier
from expert.web.app import create_app
from expert.web.context import Config

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette suggests another HTTP client package; httpx works the same
    from starlette.testclient import TestClient

TODAY = dt.date(2026, 1, 10)
TOKEN = "test-token"


def make_client(tmp_path: Path, classifier: Classifier, *, login: bool = True, today: dt.date = TODAY,
                **config: Any) -> TestClient:
    cfg = Config(kb_dir=Path("knowledge_base"),  # not read: the classifier is given
                 db_path=tmp_path / "web.sqlite3", token=config.pop("token", TOKEN), today=lambda: today,
                 login_delay=config.pop("login_delay", 0.0), **config)
    client = TestClient(create_app(cfg, classifier), raise_server_exceptions=False)
    if login and cfg.token:
        client.get(f"/?token={cfg.token}")
    return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def question_of(html: str) -> str | None:
    found = re.search(r'<section class="card question" id="question" data-input="([^"]+)"', html)
    return found.group(1) if found else None


def form_for(kb, input_id: str, value: Any) -> dict[str, Any]:
    """The fields a click on the page sends for this answer (None: «Не знаю»)."""
    inp = kb.inputs[input_id]
    if value is None:
        return {"unknown": "1"}
    if inp.type == "boolean":
        return {"value": "да" if value else "нет"}
    if inp.type == "integer":
        return {"value": str(value)}
    if inp.type == "choice":
        return {"value": str(inp.option_ids().index(value) + 1)}
    if not value:
        return {"none": "1"}
    return {"option": [str(n) for n, o in enumerate(inp.option_ids(), 1) if o in value]}


def start(client: TestClient, student: str = "S-1") -> tuple[int, str]:
    page = client.get("/")
    response = client.post("/new", data={"csrf": csrf_of(page.text), "student_id": student})
    assert response.status_code == 200, response.text
    cid = int(re.search(r"/c/(\d+)", str(response.url)).group(1))
    return cid, response.text


def walk(client: TestClient, kb, cid: int, page: str, answers: dict[str, Any], limit: int = 300):
    """Answer every question from ``answers`` (missing: «не знаю»); (ids asked, the result page)."""
    asked: list[str] = []
    for _ in range(limit):
        question = question_of(page)
        if question is None:
            return asked, page
        asked.append(question)
        response = client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": question,
                                                         **form_for(kb, question, answers.get(question))})
        assert response.status_code == 200, response.text
        page = response.text
    raise AssertionError("the consultation did not end")
