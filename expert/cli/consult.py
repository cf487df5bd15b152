"""``expert consult``: the interactive consultation about one student."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import click

from expert.cli.commands import command_help
from expert.cli.common import classifier_for, kb_option, lang_option, report_user_errors
from expert.consult.answer_file import AnswerFile, load_answer_file
from expert.consult.answers import show_value
from expert.consult.conversation import Conversation, Terminal
from expert.consult.interview import Interview
from expert.consult.report import check_report_free, recommendation_text, review_of, write_report
from expert.consult.session import Session, load_session, session_owner
from expert.consult.texts import tr
from expert.errors import UserError
from expert.files import student_file_stem
from expert.i18n import t
from expert.render import urgent_summary
from expert.result import Result
from expert.rules.kb import KnowledgeBase


def _explanation_graph(kb: KnowledgeBase, result: Result, lang: str) -> tuple[str, str | None]:
    """The explanation graph of the result as DOT, and as SVG when Graphviz is installed."""
    from explain.dot import to_dot
    from explain.graph import explanation_graph
    from explain.render import dot_program, render_dot

    dot_text = to_dot(explanation_graph(kb, result, lang), f"{t('student', lang)} {result.student_id}", lang,
                      alert=urgent_summary(kb, result, lang))
    if dot_program() is None:
        return dot_text, None
    try:
        return dot_text, render_dot(dot_text, "svg").decode("utf-8")
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        return dot_text, None


def _remind_urgent(term: Terminal, kb: KnowledgeBase, result: Result, lang: str) -> None:
    """A consultation left unfinished says which danger is established or not yet ruled out."""
    line = urgent_summary(kb, result, lang)
    if line:
        term.write(line)


def _terminal() -> Terminal:
    stdin = sys.stdin
    echo = not stdin.isatty()  # piped answers are echoed so the output reads as a transcript

    def read(prompt: str) -> str | None:
        click.echo(prompt, nl=False)
        sys.stdout.flush()
        try:
            line = stdin.readline()
        except OSError:  # the terminal went away
            return None
        if not line:
            if echo:
                click.echo("")
            return None
        line = line.rstrip("\r\n")
        if echo:
            click.echo(line)
        return line

    return Terminal(read, click.echo)


def _refuse_existing(path: Path, student: str, lang: str) -> None:
    """A new consultation never writes over an existing file; only this student's own one may be resumed."""
    if not path.exists():
        return
    owner = session_owner(path)
    if owner == student:
        raise UserError.single(str(path), tr("session_exists", lang, student=student, path=path))
    if owner is not None:
        raise UserError.single(str(path), tr("session_taken", lang, other=owner, student=student))
    raise UserError.single(str(path), tr("file_taken", lang))


@click.command("consult", help=command_help("consult"))
@click.option("--student", "student_id", help="Student id (not a name) / идентификатор учащегося.")
@click.option("--answers", "answers_path", type=click.Path(path_type=Path),
              help="Answers given in advance (.yaml/.json: a profile or a mapping question → answer). Questions it "
                   "lacks are asked at the terminal, or answered «не знаю» when input is not a terminal.")
@click.option("--resume", "resume_path", type=click.Path(path_type=Path),
              help="Continue a saved consultation / продолжить сохранённую консультацию.")
@click.option("--session", "session_path", type=click.Path(path_type=Path),
              help="Where to keep the answers (default: consult-STUDENT.json in the current folder).")
@click.option("--report", "report_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Also write the Markdown and printable HTML report with the explanation graph into this folder.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date of the consultation (YYYY-MM-DD) for the review date; default: today.")
@click.option("--show-name", is_flag=True, help="Show the student's name (hidden by default: personal data).")
@kb_option
@lang_option
@report_user_errors
def consult_command(student_id: str | None, answers_path: Path | None, resume_path: Path | None,
                    session_path: Path | None, report_dir: Path | None, today: dt.datetime | None,
                    show_name: bool, kb_dir: Path, lang: str) -> None:
    classifier = classifier_for(str(kb_dir))
    kb = classifier.kb
    term = _terminal()
    given = load_answer_file(kb, answers_path) if answers_path else AnswerFile()
    if student_id is not None and given.student_id is not None and student_id != given.student_id:
        raise UserError.single(str(answers_path), f"these answers are about student {given.student_id!r}, "
                                                  f"--student says {student_id!r}")
    if resume_path is not None and session_path is not None:
        raise UserError.single(str(session_path), "--session names a new consultation file; --resume continues "
                                                  f"{resume_path} in place: give one of them")
    if resume_path is not None:
        session = load_session(resume_path, kb)
        other = student_id or given.student_id
        if other is not None and other != session.student_id:
            raise UserError.single(str(resume_path), f"this consultation is about student {session.student_id!r}, "
                                                     f"not {other!r}")
        resumed = True
    else:
        student = student_id or given.student_id
        while not student:
            try:
                line = term.read(tr("ask_student", lang))
            except KeyboardInterrupt:  # nothing to keep yet
                term.write("")
                sys.exit(130)
            if line is None:
                raise UserError.single("--student", tr("student_empty", lang))
            student = line.strip()
            if not student:
                term.write(tr("student_empty", lang))
        path = session_path or Path(f"consult-{student_file_stem(student)}.json")
        _refuse_existing(path, student, lang)
        session = Session(path, student, classifier.version)
        resumed = False
    if report_dir is not None:
        check_report_free(report_dir, session.student_id, lang)
    interview = Interview(classifier, list(session.answers))
    was_finished, answered_before = session.finished, len(session.answers)
    if session.kb_version != classifier.version:
        term.write(tr("kb_changed", lang, old=session.kb_version, new=classifier.version))
        session.kb_version = classifier.version
    session.save()

    already = interview.asked
    for a in interview.answers:
        if a.input in given.answers and given.answers[a.input] != a.value:
            inp = kb.inputs[a.input]
            term.write(tr("file_overridden", lang, label=inp.label.get(lang), kept=show_value(inp, a.value, lang),
                          ignored=show_value(inp, given.answers[a.input], lang)))
    conversation = Conversation(
        interview, session, term, lang,
        file_answers={k: v for k, v in given.answers.items() if k not in already},
        unknown_when_missing=answers_path is not None and not sys.stdin.isatty(),
    )
    term.write(tr("start", lang, student=session.student_id, kb=classifier.version))
    if resumed:
        term.write(tr("resumed", lang, n=len(interview.answers)))
    term.write(tr("start_hint", lang))
    try:
        outcome = conversation.run()
    except KeyboardInterrupt:
        term.write("")
        _remind_urgent(term, kb, interview.result(session.student_id), lang)
        term.write(tr("interrupted", lang, path=session.path))
        sys.exit(130)
    if outcome in ("saved", "eof"):
        _remind_urgent(term, kb, interview.result(session.student_id), lang)
        term.write(tr("saved" if outcome == "saved" else "input_ended", lang, path=session.path))
        if report_dir is not None:
            term.write(tr("report_later", lang))
        sys.exit(0 if outcome == "saved" else 1)

    term.write("")
    if was_finished and len(interview.answers) == answered_before:
        term.write(tr("finished_before", lang))
    total = len(kb.inputs)
    term.write(tr("done", lang, asked=len(interview.answers), total=total))
    unused = [k for k in kb.inputs if k in given.answers and k not in interview.asked]
    if unused:
        term.write(tr("unused", lang, labels="; ".join(kb.inputs[k].label.get(lang) for k in unused)))
    term.write("")
    result = interview.result(session.student_id)
    day = today.date() if today else dt.date.today()
    review = review_of(kb, result, day, lang)
    name = given.name if show_name else None
    term.write(recommendation_text(kb, result, review, lang, name))
    term.write("")
    term.write(tr("session_file", lang, path=session.path))
    if report_dir is not None:
        dot_text, svg = _explanation_graph(kb, result, lang)
        paths, hint = write_report(report_dir, kb, result, interview.answers, review, day, lang, dot_text, svg, name)
        term.write(tr("report_written", lang, paths=", ".join(str(p) for p in paths)))
        if hint:
            term.write(hint)
    else:
        term.write(tr("report_hint", lang, path=session.path))
