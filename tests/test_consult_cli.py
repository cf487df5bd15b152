"""``expert consult`` driven through click's runner: typed, piped and file answers, commands, sessions, reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.cli import main
from tests.consult_helpers import CONSULT_KB

# The fixture KB asks, for a student without problems: self_harm, offences, truancy_share, substances,
# low_income, func_learning (single_parent only if low income; supportive_family only if the danger is in doubt).
WELL_OFF = ["нет", "нет", "5", "нет", "нет", "1"]


def consult(tmp_path: Path, lines: list[str] | None = None, *args: str, session: str = "s.json"):
    argv = ["consult", "--kb", str(CONSULT_KB), "--today", "2026-01-10", *args]
    if "--resume" not in args:
        argv += ["--session", str(tmp_path / session)]
        if "--student" not in args and "--answers" not in args:
            argv += ["--student", "S-1"]
    text = "".join(f"{line}\n" for line in lines) if lines is not None else ""
    return CliRunner().invoke(main, argv, input=text)


def saved(tmp_path: Path, session: str = "s.json") -> dict:
    return json.loads((tmp_path / session).read_text(encoding="utf-8"))


def recommendation(output: str) -> str:
    return output[output.index("Учащийся:"):output.index("Файл консультации")]


def test_typed_answers_reach_the_recommendation_and_the_session_keeps_them(tmp_path):
    result = consult(tmp_path, WELL_OFF)
    assert result.exit_code == 0, result.output
    assert "Вопросов, способных изменить выводы, больше нет. Задано вопросов: 6 из 9." in result.output
    assert "Направление сопровождения: Социально благополучный (§21) — окончательно" in result.output
    assert "Дата пересмотра: 2026-03-11 (Пересмотр в конце четверти)" in result.output
    assert "Семья малообеспеченная?" in result.output and "Неполная семья?" not in result.output
    data = saved(tmp_path)
    assert data["finished"] is True and data["student_id"] == "S-1"
    assert [(a["input"], a["value"]) for a in data["answers"]] == [
        ("self_harm", False), ("offences", False), ("truancy_share", 5), ("substances", []),
        ("low_income", False), ("func_learning", "none")]


def test_invalid_answers_are_asked_again_with_a_short_hint(tmp_path):
    result = consult(tmp_path, ["может быть", "нет", "нет", "150", "пять", "5", "7", "1, 2", "нет", "4", "3", "", "да"])
    out = result.output
    assert "Не понял ответ «может быть». Ожидается: да / нет / не знаю." in out
    assert "Число 150 вне допустимого диапазона 0..100." in out
    assert "Не понял ответ «пять». Ожидается: целое число от 0 до 100 или «не знаю»." in out
    assert "Не понял ответ «7». Ожидается: номера или названия через запятую; «нет» — ни одного; «не знаю»." in out
    assert "Не понял ответ «4». Ожидается: номер или название варианта, или «не знаю»." in out
    assert "Нужен ответ: да / нет / не знаю (? — справка)." in out
    values = {a["input"]: a["value"] for a in saved(tmp_path)["answers"]}
    assert values["substances"] == ["alcohol", "tobacco"]
    assert values["func_learning"] == "a_lot"
    assert values["func_learning_support"] is True
    assert "Индивидуальный маршрут реабилитации:\n  - Нарколог" in out


def test_unknown_is_an_answer_and_the_conclusion_says_what_to_clarify(tmp_path):
    result = consult(tmp_path, ["не знаю", "нет", "5", "нет", "не знаю", "не знаю", "1", "не знаю"])
    assert result.exit_code == 0, result.output
    assert "— предварительно" in result.output
    assert "Что уточнить, чтобы вывод стал окончательным:\n  - Семья малообеспеченная?" in result.output
    assert [a["value"] for a in saved(tmp_path)["answers"]][0] is None


def test_why_climbs_one_level_per_question_and_how_and_help_work_at_any_prompt(tmp_path):
    lines = ["нет", "нет", "5", "нет", "да", "почему", "почему", "почему", "как", "?", "да", "да", "1"]
    out = consult(tmp_path, lines).output
    first = out.index("Ответ нужен правилу «Семья в трудной ситуации» (§20; family_difficult):")
    second = out.index("«Семья в трудной ситуации» в свою очередь нужно правилу «Группа риска» (§20; risk):")
    third = out.index("«Группа риска» — одна из целей консультации: определить направление сопровождения.")
    assert first < second < third
    assert "ЕСЛИ Малообеспеченность: да ✓ и Неполная семья: да ?" in out
    assert "Текущие выводы и как они получены:" in out
    assert "Пояснение: Один родитель." in out and "назад      — отменить последний ответ" in out


def test_back_undoes_the_last_answer(tmp_path):
    result = consult(tmp_path, ["назад", "да", "назад", "нет", *WELL_OFF[1:]])
    assert "Отменять нечего: это первый вопрос." in result.output
    assert "Отменён ответ на вопрос «Самоповреждение»." in result.output
    assert "СРОЧНО: риск суицида" in result.output  # announced when answered, then undone
    assert saved(tmp_path)["answers"][0] == {"input": "self_harm", "value": False, "source": "typed"}
    assert "Направление сопровождения: Социально благополучный" in result.output


def test_save_leaves_and_resume_goes_on_where_it_stopped(tmp_path):
    first = consult(tmp_path, ["нет", "нет", "сохранить"])
    assert first.exit_code == 0
    assert f"Консультация сохранена: {tmp_path / 's.json'}" in first.output
    assert "Вопрос 3" in first.output and "Направление сопровождения" not in first.output
    second = consult(tmp_path, WELL_OFF[2:], "--resume", str(tmp_path / "s.json"))
    assert second.exit_code == 0, second.output
    assert "Продолжение сохранённой консультации; ответов уже дано: 2." in second.output
    assert "Есть признаки самоповреждения?" not in second.output
    straight = consult(tmp_path, WELL_OFF, session="other.json")
    assert recommendation(second.output) == recommendation(straight.output)
    again = consult(tmp_path, [], "--resume", str(tmp_path / "s.json"))
    assert "Консультация уже завершена" in again.output
    assert recommendation(again.output) == recommendation(straight.output)


def test_input_ending_early_keeps_the_answers_for_resume(tmp_path):
    result = consult(tmp_path, ["нет", "нет"])
    assert result.exit_code == 1
    assert "Ввод закончился до конца консультации. Ответы сохранены" in result.output
    assert len(saved(tmp_path)["answers"]) == 2


def test_answers_file_works_exactly_like_typed_answers(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("id: S-1\nname: Иванов Пётр\nanswers:\n  self_harm: нет\n  offences: no\n  truancy_share: 5\n"
                       "  substances: []\n  func_learning: none\n  low_income: no\n  supportive_family: yes\n",
                       encoding="utf-8")
    from_file = consult(tmp_path, None, "--answers", str(answers), session="f.json")
    assert from_file.exit_code == 0, from_file.output
    typed = consult(tmp_path, WELL_OFF, session="t.json")
    assert recommendation(from_file.output) == recommendation(typed.output).replace("S-1", "S-1")
    assert "> нет (из файла ответов)" in from_file.output
    assert "Ответы из файла, которые не понадобились (не меняют выводов): Поддерживающая семья" in from_file.output
    assert "Иванов" not in from_file.output and "Иванов" not in (tmp_path / "f.json").read_text(encoding="utf-8")
    named = consult(tmp_path, None, "--answers", str(answers), "--show-name", session="n.json")
    assert "Учащийся: S-1 (Иванов Пётр)" in named.output


def test_answers_file_gaps_are_unknown_without_a_terminal(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"offences": "yes"}), encoding="utf-8")
    result = consult(tmp_path, None, "--answers", str(answers), "--student", "S-9")
    assert result.exit_code == 0, result.output
    assert "> не знаю (нет в файле ответов)" in result.output
    assert "Направление сопровождения: Девиантное поведение (§19) — окончательно" in result.output


def test_bad_answers_file_is_one_line_per_problem(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("offences: maybe\nshoe_size: 40\ntruancy_share: 300\n", encoding="utf-8")
    result = consult(tmp_path, [], "--answers", str(answers))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"ошибка: {answers}:1: offences: offences: ожидалось да или нет, получено 'maybe'",
        f"ошибка: {answers}:2: shoe_size: такого вопроса нет в базе знаний",
        f"ошибка: {answers}:3: truancy_share: truancy_share: 300 вне допустимого диапазона 0..100",
    ]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "это не файл консультации (ошибка в записи JSON"),
    ('{"format": "something else"}', "это не файл консультации (ожидается формат"),
    ('{"format": "expert-consult-session/1", "student_id": "S", "kb_version": "x", '
     '"answers": [{"input": "shoe_size", "value": 1}]}', "answers[0]: в базе знаний больше нет вопроса 'shoe_size'"),
    ('{"format": "expert-consult-session/1", "student_id": "S", "kb_version": "x", '
     '"answers": [{"input": "offences", "value": "maybe"}]}', "answers[0]: offences: ожидалось да или нет"),
])
def test_unreadable_session_file_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = consult(tmp_path, [], "--resume", str(path))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.output


def test_an_existing_session_is_never_overwritten(tmp_path):
    consult(tmp_path, ["нет", "сохранить"])
    before = (tmp_path / "s.json").read_text(encoding="utf-8")
    result = consult(tmp_path, WELL_OFF)
    assert result.exit_code == 2 and "--resume" in result.stderr
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == before


def test_student_id_is_asked_when_not_given(tmp_path):
    result = CliRunner().invoke(main, ["consult", "--kb", str(CONSULT_KB), "--session", str(tmp_path / "x.json")],
                                input="\nS-77\n" + "".join(f"{a}\n" for a in WELL_OFF))
    assert result.exit_code == 0, result.output
    assert "Нужен идентификатор учащегося" in result.output
    assert saved(tmp_path, "x.json")["student_id"] == "S-77"


def test_english(tmp_path):
    result = consult(tmp_path, ["no", "why", "no", "5", "none", "no", "1"], "--lang", "en")
    assert "Question 1 (at most 9 left) — Danger signals" in result.output
    assert "The answer is needed by the rule 'Deviant behaviour' (§19; deviant):" in result.output
    assert "Direction of support: Socially well-off (§21) — settled" in result.output
    assert "Review date: 2026-03-11" in result.output


def test_urgent_case_gets_the_flag_and_an_early_review(tmp_path):
    result = consult(tmp_path, ["да", "нет", "5", "нет", "нет", "1"])
    assert "СРОЧНО: риск суицида" in result.output
    assert "Дата пересмотра: 2026-01-13 (Срочный пересмотр)" in result.output


def test_report_is_markdown_and_printable_html_with_the_graph(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("id: S-1\nname: Иванов\nanswers: {self_harm: no, offences: no, truancy_share: 5, substances: [],"
                       " low_income: yes, single_parent: yes, func_learning: a_lot, func_learning_support: no,"
                       " supportive_family: no}\n", encoding="utf-8")
    result = consult(tmp_path, None, "--answers", str(answers), "--report", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "S-1-consult.md").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "S-1-consult.html").read_text(encoding="utf-8")
    assert "**Направление сопровождения: Группа риска (§20) — окончательно**" in md
    assert "- Особые образовательные потребности \\<ООП\\>" in md
    assert "| Семья малообеспеченная? | да |" in md
    assert "Особые образовательные потребности &lt;ООП&gt;" in page and "<ООП>" not in page
    assert "Учитель &amp; психолог составляют программу." in page
    assert "@media print" in page and "@page { size: A4" in page and "2026-03-11" in page
    graph = tmp_path / "out" / ("S-1-consult.svg" if (tmp_path / "out" / "S-1-consult.svg").exists()
                                else "S-1-consult.dot")
    assert graph.exists() and graph.name in md
    for text in (md, page, graph.read_text(encoding="utf-8")):
        assert "Иванов" not in text
    if graph.suffix == ".svg":
        assert "<svg" in page


def test_output_is_identical_whatever_the_hash_seed(tmp_path):
    expert = Path(sys.executable).parent / "expert"
    outputs = []
    for seed in ("1", "2"):
        session = tmp_path / f"seed{seed}.json"
        proc = subprocess.run([str(expert), "consult", "--kb", str(CONSULT_KB), "--student", "S-1", "--today",
                               "2026-01-10", "--session", str(session)],
                              input="".join(f"{a}\n" for a in ["не знаю", "нет", "5", "1", "да", "как", "не знаю",
                                                               "нет", "1"]),
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed},
                              check=False)
        outputs.append(proc.stdout.replace(str(session), "SESSION"))
    assert outputs[0] == outputs[1]
    assert "Направление сопровождения" in outputs[0]


def test_without_graphviz_the_report_keeps_the_graph_as_dot_with_a_hint(tmp_path, monkeypatch):
    import explain.render

    monkeypatch.setattr(explain.render, "dot_program", lambda: None)
    result = consult(tmp_path, WELL_OFF, "--report", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    dot = tmp_path / "out" / "S-1-consult.dot"
    assert dot.read_text(encoding="utf-8").startswith("digraph")
    assert f"Программа graphviz (dot) не найдена: граф сохранён как {dot}" in result.output
    assert "S-1-consult.dot (программа dot не найдена)" in (tmp_path / "out" / "S-1-consult.md").read_text(
        encoding="utf-8")


def test_resume_after_the_knowledge_base_changed_says_so_and_rechecks_answers(tmp_path):
    consult(tmp_path, ["нет", "сохранить"])
    path = tmp_path / "s.json"
    data = saved(tmp_path)
    data["kb_version"] = "0123456789ab"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = consult(tmp_path, WELL_OFF[1:], "--resume", str(path))
    assert result.exit_code == 0, result.output
    assert "Внимание: база знаний изменилась с начала консультации (0123456789ab → " in result.output
    assert saved(tmp_path)["kb_version"] != "0123456789ab"


def test_report_waits_for_the_end_and_resume_with_session_is_refused(tmp_path):
    result = consult(tmp_path, ["нет", "сохранить"], "--report", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "Отчёт не записан: консультация не завершена" in result.output
    assert not (tmp_path / "out").exists()
    both = CliRunner().invoke(main, ["consult", "--kb", str(CONSULT_KB), "--resume", str(tmp_path / "s.json"),
                                     "--session", str(tmp_path / "t.json")], input="")
    assert both.exit_code == 2 and "укажите что-то одно" in both.stderr


def test_answers_about_another_student_are_refused(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("id: S-2\nanswers: {offences: no}\n", encoding="utf-8")
    result = consult(tmp_path, [], "--answers", str(answers), "--student", "S-1")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"ошибка: {answers}: эти ответы — об учащемся 'S-2', а --student указывает 'S-1'"


def test_resume_with_an_answers_file_keeps_given_answers_and_says_which_file_answers_differ(tmp_path):
    consult(tmp_path, ["нет", "да", "сохранить"])
    answers = tmp_path / "a.yaml"
    answers.write_text("offences: no\ntruancy_share: 5\n", encoding="utf-8")
    result = consult(tmp_path, [], "--resume", str(tmp_path / "s.json"), "--answers", str(answers))
    assert "«Правонарушения»: в консультации уже дан ответ «да»; ответ из файла «нет» не применён" in result.output
    assert "Направление сопровождения: Девиантное поведение" in result.output


def _consult_in(folder: Path, student: str, lines: list[str], *args: str):
    argv = ["consult", "--kb", str(CONSULT_KB), "--today", "2026-01-10", "--student", student, *args]
    return CliRunner().invoke(main, argv, input="".join(f"{line}\n" for line in lines))


def test_cyrillic_ids_keep_their_own_session_and_report_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for student in ("7А-06", "7Б-06"):
        result = _consult_in(tmp_path, student, WELL_OFF, "--report", "rep")
        assert result.exit_code == 0, result.output
    for student in ("7А-06", "7Б-06"):
        assert json.loads(Path(f"consult-{student}.json").read_text(encoding="utf-8"))["student_id"] == student
        assert f"- Учащийся: {student}\n" in Path("rep", f"{student}-consult.md").read_text(encoding="utf-8")
        assert Path("rep", f"{student}-consult.html").exists()


def test_a_file_of_another_student_is_never_overwritten_nor_offered_for_resume(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _consult_in(tmp_path, "S-5", ["нет", "сохранить"]).exit_code == 0
    before = Path("consult-S-5.json").read_text(encoding="utf-8")
    result = _consult_in(tmp_path, "S-6", WELL_OFF, "--session", "consult-S-5.json")
    assert result.exit_code == 2
    assert "consult-S-5.json" in result.stderr and "другому учащемуся (S-5)" in result.stderr
    assert "--resume" not in result.stderr
    assert Path("consult-S-5.json").read_text(encoding="utf-8") == before


def test_a_report_of_another_student_is_refused_before_the_questions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("rep").mkdir()
    Path("rep", "S-7-consult.md").write_text("# Рекомендация\n\n- Учащийся: s-7\n", encoding="utf-8")
    result = _consult_in(tmp_path, "S-7", WELL_OFF, "--report", "rep")
    assert result.exit_code == 2 and "другому учащемуся (s-7)" in result.stderr
    assert "Вопрос 1" not in result.output
    assert Path("rep", "S-7-consult.md").read_text(encoding="utf-8").endswith("s-7\n")


def _unknown_count(output: str) -> str:
    return next(line for line in output.splitlines() if "Неизвестных ответов" in line).split(";")[1]


def test_explain_and_classify_read_a_consultation_file_with_the_same_counts(tmp_path):
    result = consult(tmp_path, ["нет", "не знаю", "5", "нет", "нет", "не знаю", "1"])
    assert result.exit_code == 0, result.output
    session = str(tmp_path / "s.json")
    classified = CliRunner().invoke(main, ["classify", session, "--kb", str(CONSULT_KB)])
    assert classified.exit_code == 0, classified.output
    assert _unknown_count(classified.output) == _unknown_count(result.output)
    assert "Учащийся: S-1" in classified.output
    explained = CliRunner().invoke(main, ["explain", session, "--kb", str(CONSULT_KB), "--how"])
    assert explained.exit_code == 0, explained.output
    assert "S-1" in explained.output


def test_a_bad_answer_in_a_consultation_file_is_one_line_for_explain(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format": "expert-consult-session/1", "student_id": "S-1", "kb_version": "x",
                                "answers": [{"input": "truancy_share", "value": 300}]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(path), "--kb", str(CONSULT_KB), "--how"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}:1: answers[0]:" in result.stderr and "300" in result.stderr
