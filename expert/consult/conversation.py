"""The question-and-answer loop, over plain read/write callables so tests and terminals drive it alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from expert.consult.answers import UNKNOWN, BadAnswer, hint, parse_answer, show_value
from expert.consult.commands import command_of, help_text, how_text, why_answer
from expert.consult.interview import Interview
from expert.consult.session import Session
from expert.consult.texts import tr
from expert.i18n import t
from expert.render import flag_title, quote_flags

PROMPT = "> "


@dataclass
class Terminal:
    """``read(prompt)`` returns a line without its newline, or None at end of input."""

    read: Callable[[str], str | None]
    write: Callable[[str], None]


@dataclass
class Conversation:
    interview: Interview
    session: Session
    term: Terminal
    lang: str = "ru"
    file_answers: dict[str, Any] = field(default_factory=dict)  # input -> canonical value or None (unknown)
    unknown_when_missing: bool = False  # with --answers and no terminal: a question the file lacks is «не знаю»

    def _record(self, input_id: str, value: Any, source: str) -> None:
        flags_before = set(self.interview.flags_raised())
        self.interview.answer(input_id, value, source)
        self.session.answers = self.interview.answers
        self.session.save()
        kb, lang = self.interview.kb, self.lang
        for flag in self.interview.flags_raised():
            if flag not in flags_before:
                self.term.write(flag_title(kb, flag, lang))
        open_flags = self.interview.flags_open_on(input_id) if value is None else []
        if open_flags:  # «не знаю» to a danger question: the danger is not ruled out, say so at once
            self.term.write(t("urgent_open_line", lang, questions=kb.inputs[input_id].label.get(lang)))
            self.term.write(t("urgent_open_why", lang, flags=quote_flags(kb, open_flags, lang)))

    def _show_question(self, input_id: str) -> None:
        kb, lang = self.interview.kb, self.lang
        inp = kb.inputs[input_id]
        n = len(self.interview.answers) + 1
        self.term.write("")
        self.term.write(f"{tr('progress', lang, n=n, left=self.interview.remaining())} — "
                        f"{kb.groups[inp.group].title.get(lang)}")
        self.term.write(inp.question.get(lang))
        for k, option in enumerate(inp.options or [], 1):
            self.term.write(f"  {k}) {option.title.get(lang)}")
        unit = f"; {tr('unit', lang, unit=inp.unit.get(lang))}" if inp.unit else ""
        self.term.write(f"  [{hint(inp, lang)}{unit}]")

    def run(self) -> str:
        """Ask until nothing can change a conclusion: returns "finished", "saved" or "eof"."""
        kb, lang, write = self.interview.kb, self.lang, self.term.write
        current: str | None = None
        why_level = 0
        while True:
            phase, question = self.interview.next_question()
            if question is None:
                self.session.finished = True
                self.session.save()
                return "finished"
            if question != current:
                current, why_level = question, 0
                self._show_question(question)
            inp = kb.inputs[question]
            if question in self.file_answers:
                value = self.file_answers[question]
                write(f"{PROMPT}{show_value(inp, value, lang)} {tr('from_file', lang)}")
                self._record(question, value, "file")
                continue
            if self.unknown_when_missing:
                write(f"{PROMPT}{tr('auto_unknown', lang)}")
                self._record(question, None, "file")
                continue
            line = self.term.read(PROMPT)
            if line is None:
                return "eof"
            command = command_of(line)
            if command == "why":
                write(why_answer(self.interview, question, phase, why_level, lang))
                why_level += 1
            elif command == "how":
                write(how_text(self.interview, lang))
            elif command == "help":
                write(help_text(self.interview, question, lang))
            elif command == "save":
                self.session.save()
                return "saved"
            elif command == "back":
                undone = self.interview.undo()
                if undone is None:
                    write(tr("nothing_to_undo", lang))
                    continue
                self.session.answers = self.interview.answers
                self.session.finished = False
                self.session.save()
                write(tr("undone", lang, label=kb.inputs[undone.input].label.get(lang)))
                if undone.source == "file":
                    self.file_answers.pop(undone.input, None)
                    self.unknown_when_missing = False
                    write(tr("undo_file", lang))
                current = None
            else:
                try:
                    value = parse_answer(inp, line, lang)
                except BadAnswer as exc:
                    write(str(exc))
                    continue
                self._record(question, None if value is UNKNOWN else value, "typed")
