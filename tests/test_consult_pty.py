"""``expert consult`` in a real pseudo-terminal: typing, Ctrl-C and a closed terminal keep every answer."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.consult_helpers import CONSULT_KB

EXPERT = Path(sys.executable).parent / "expert"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Pty:
    def __init__(self, *args: str):
        env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "EXPERT_LANG": "ru"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a terminal of its own, as a user would have
            os.execve(str(EXPERT), [str(EXPERT), "consult", "--kb", str(CONSULT_KB), "--today", "2026-01-10", *args],
                      env)
        self.seen = b""

    def expect(self, text: str, timeout: float = 30) -> str:
        wanted = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        while wanted not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"did not see {text!r}; got:\n{self.seen.decode('utf-8', 'replace')}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {text!r}:\n{self.seen.decode('utf-8', 'replace')}")
                self.seen += chunk
        return self.seen.decode("utf-8", "replace")

    def send(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8"))

    def wait(self) -> int:
        try:
            while os.read(self.fd, 4096):
                pass
        except OSError:
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def answers(path: Path) -> list[tuple[str, object]]:
    return [(a["input"], a["value"]) for a in json.loads(path.read_text(encoding="utf-8"))["answers"]]


def test_ctrl_c_keeps_the_session_and_resume_finishes_it(tmp_path):
    session = tmp_path / "s.json"
    term = Pty("--student", "S-1", "--session", str(session))
    term.expect("Есть признаки самоповреждения?")
    term.expect("> ")
    term.send("нет\n")
    term.expect("Совершал ли ученик правонарушения?")
    term.send("почему\n")
    term.expect("Ответ нужен правилу «Девиантное поведение»")
    term.send("нет\n")
    term.expect("Какую долю дней")
    term.send("\x03")  # Ctrl-C at the prompt
    term.expect("Прервано. Все данные ответы сохранены")
    assert term.wait() == 130
    assert answers(session) == [("self_harm", False), ("offences", False)]

    term = Pty("--resume", str(session))
    term.expect("Продолжение сохранённой консультации; ответов уже дано: 2.")
    term.expect("Какую долю дней")
    for reply in ("5", "нет", "нет", "1"):
        term.expect("> ")
        term.send(reply + "\n")
    out = term.expect("Файл консультации")
    assert "Направление сопровождения: Социально благополучный (§21) — окончательно" in out
    assert term.wait() == 0
    assert json.loads(session.read_text(encoding="utf-8"))["finished"] is True


def test_closed_terminal_leaves_the_saved_answers_intact(tmp_path):
    session = tmp_path / "s.json"
    term = Pty("--student", "S-2", "--session", str(session))
    term.expect("> ")
    term.send("да\n")
    term.expect("СРОЧНО: риск суицида")
    term.expect("Совершал ли ученик правонарушения?")
    os.close(term.fd)  # the window is closed: the child gets SIGHUP
    _, status = os.waitpid(term.pid, 0)
    assert (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGHUP) or os.WIFEXITED(status)
    assert answers(session) == [("self_harm", True)]


def test_answers_file_gaps_are_asked_at_the_terminal(tmp_path):
    given = tmp_path / "a.yaml"
    given.write_text("self_harm: no\noffences: no\ntruancy_share: 5\nsubstances: []\nfunc_learning: none\n",
                     encoding="utf-8")
    term = Pty("--student", "S-3", "--session", str(tmp_path / "s.json"), "--answers", str(given))
    term.expect("> нет (из файла ответов)")
    term.expect("Семья малообеспеченная?")
    term.expect("> ")
    term.send("нет\n")
    out = term.expect("Файл консультации")
    assert "Задано вопросов: 6 из 9." in out
    assert term.wait() == 0
