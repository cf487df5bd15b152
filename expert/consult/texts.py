"""Messages of the consultation, in Russian (default) and English."""

from __future__ import annotations

from expert.i18n import pick

MESSAGES: dict[str, tuple[str, str]] = {
    "start": ("Консультация по учащемуся {student}. База знаний {kb}.",
              "Consultation about student {student}. Knowledge base {kb}."),
    "start_hint": ("Отвечайте: да / нет / не знаю, число или номер варианта. Команды: почему, как, назад, "
                   "сохранить, ? — справка.",
                   "Answer yes / no / unknown, a number or an option number. Commands: why, how, back, save, "
                   "? — help."),
    "resumed": ("Продолжение сохранённой консультации; ответов уже дано: {n}.",
                "Resuming a saved consultation: {n} answers already given."),
    "ask_student": ("Идентификатор учащегося (не имя): ", "Student id (not a name): "),
    "student_empty": ("Нужен идентификатор учащегося, например S-0001.", "A student id is needed, e.g. S-0001."),
    "progress": ("Вопрос {n} (осталось не больше {left})", "Question {n} (at most {left} left)"),
    "unit": ("единица: {unit}", "unit: {unit}"),
    "hint_boolean": ("да / нет / не знаю", "yes / no / unknown"),
    "hint_integer": ("целое число от {min} до {max} или «не знаю»", "a whole number {min}..{max} or 'unknown'"),
    "hint_choice": ("номер или название варианта, или «не знаю»", "an option number or name, or 'unknown'"),
    "hint_multi": ("номера или названия через запятую; «нет» — ни одного; «не знаю»",
                   "option numbers or names separated by commas; 'none' for none; 'unknown'"),
    "bad_answer": ("Не понял ответ «{raw}». Ожидается: {hint}.", "Could not read '{raw}'. Expected: {hint}."),
    "ambiguous": ("«{raw}» подходит к нескольким вариантам: {options}. Уточните.",
                  "'{raw}' fits several options: {options}. Please be more specific."),
    "empty_answer": ("Нужен ответ: {hint} (? — справка).", "An answer is needed: {hint} (? for help)."),
    "out_of_range": ("Число {value} вне допустимого диапазона {min}..{max}.",
                     "{value} is out of the range {min}..{max}."),
    "from_file": ("(из файла ответов)", "(from the answers file)"),
    "auto_unknown": ("не знаю (нет в файле ответов)", "unknown (not in the answers file)"),
    "answer_unknown": ("не знаю", "unknown"),
    "undone": ("Отменён ответ на вопрос «{label}».", "Undid the answer to '{label}'."),
    "nothing_to_undo": ("Отменять нечего: это первый вопрос.", "Nothing to undo: this is the first question."),
    "undo_file": ("Этот ответ взят из файла ответов; теперь вопрос будет задан здесь.",
                  "That answer came from the answers file; the question will be asked here now."),
    "saved": ("Консультация сохранена: {path}\nПродолжить: expert consult --resume {path}",
              "Consultation saved: {path}\nTo continue: expert consult --resume {path}"),
    "interrupted": ("Прервано. Все данные ответы сохранены: {path}\nПродолжить: expert consult --resume {path}",
                    "Interrupted. Every answer given is saved: {path}\nTo continue: expert consult --resume {path}"),
    "input_ended": ("Ввод закончился до конца консультации. Ответы сохранены: {path}\n"
                    "Продолжить: expert consult --resume {path}",
                    "Input ended before the consultation finished. Answers saved: {path}\n"
                    "To continue: expert consult --resume {path}"),
    "done": ("Вопросов, способных изменить выводы, больше нет. Задано вопросов: {asked} из {total}.",
             "No question left that could change a conclusion. Questions asked: {asked} of {total}."),
    "finished_before": ("Консультация уже завершена; вывод по данным ответам:",
                        "The consultation is already finished; the recommendation from the answers given:"),
    "file_overridden": ("«{label}»: в консультации уже дан ответ «{kept}»; ответ из файла «{ignored}» не применён "
                        "(чтобы изменить — «назад»).",
                        "'{label}': the consultation already has the answer '{kept}'; the file's '{ignored}' is not "
                        "applied (to change it, use 'back')."),
    "unused": ("Ответы из файла, которые не понадобились (не меняют выводов): {labels}",
               "Answers from the file that were not needed (they change no conclusion): {labels}"),
    "review_date": ("Дата пересмотра: {date} ({title})", "Review date: {date} ({title})"),
    "session_file": ("Файл консультации: {path}", "Consultation file: {path}"),
    "report_written": ("Отчёт сохранён: {paths}", "Report saved: {paths}"),
    "report_later": ("Отчёт не записан: консультация не завершена (он будет записан при завершении с --report).",
                     "No report written: the consultation is not finished (it is written on finishing with "
                     "--report)."),
    "report_hint": ("Отчёт для личного дела: expert consult --resume {path} --report ПАПКА",
                    "Report for the student's file: expert consult --resume {path} --report FOLDER"),
    "no_dot": ("Программа graphviz (dot) не найдена: граф сохранён как {path}; SVG: dot -Tsvg {path} -o граф.svg",
               "graphviz (dot) not found: the graph is saved as {path}; SVG: dot -Tsvg {path} -o graph.svg"),
    "session_exists": ("консультация по учащемуся {student} уже начата в этом файле: продолжите её (--resume {path}) "
                       "или укажите другой файл (--session)",
                       "a consultation about student {student} is already in this file: continue it (--resume {path}) "
                       "or choose another file (--session)"),
    "session_taken": ("это файл консультации по другому учащемуся ({other}), не по {student}: он не будет "
                      "перезаписан; укажите другой файл (--session)",
                      "this is the consultation file of another student ({other}), not {student}: it is not "
                      "overwritten; choose another file (--session)"),
    "file_taken": ("файл уже существует и не является файлом консультации: он не будет перезаписан; укажите "
                   "другой файл (--session)",
                   "the file exists and is not a consultation file: it is not overwritten; choose another file "
                   "(--session)"),
    "report_taken": ("в этой папке уже лежит отчёт по другому учащемуся ({other}), не по {student}: он не будет "
                     "перезаписан; укажите другую папку (--report)",
                     "this folder already holds the report about another student ({other}), not {student}: it is "
                     "not overwritten; choose another folder (--report)"),
    "kb_changed": ("Внимание: база знаний изменилась с начала консультации ({old} → {new}); ответы проверены "
                   "заново.",
                   "Note: the knowledge base changed since the consultation began ({old} → {new}); the answers "
                   "were checked again."),
    # WHY / HOW / HELP
    "why_rule": ("Ответ нужен правилу «{title}» ({source}; {rule}):",
                 "The answer is needed by the rule '{title}' ({source}; {rule}):"),
    "why_up": ("«{fact}» в свою очередь нужно правилу «{title}» ({source}; {rule}):",
               "'{fact}' is in turn needed by the rule '{title}' ({source}; {rule}):"),
    "why_score": ("(ответ входит в шкалу «{score}», которую читает это правило)",
                  "(the answer counts in the score '{score}', which this rule reads)"),
    "why_if": ("  ЕСЛИ {cond}", "  IF {cond}"),
    "why_then": ("  ТО {concl}", "  THEN {concl}"),
    "why_goal": ("«{fact}» — одна из целей консультации: {goal}.",
                 "'{fact}' is one of the consultation's goals: {goal}."),
    "why_top": ("Выше целей нет: консультация определяет направление сопровождения, срочность и меры помощи.",
                "There is nothing above the goals: the consultation determines the direction of support, "
                "urgency and the measures of help."),
    "why_screen": ("Это отборочный вопрос: ответ «нет» сразу ответит на все вопросы группы (их {n}: {labels}), "
                   "и они не будут заданы; при ответе «да» или «не знаю» они будут заданы по одному. "
                   "Ещё раз «почему» — зачем нужен первый из них.",
                   "This is a screening question: «no» answers {n} questions at once ({labels}) and they are not "
                   "asked; with «yes» or «don't know» they are asked one by one. Ask «why» again for why the first "
                   "of them matters."),
    "why_marks": ("(✓ — выполнено, ✗ — не выполнено, ? — ещё не известно)",
                  "(✓ holds, ✗ does not hold, ? not known yet)"),
    "goal_flag": ("выяснить, нужна ли срочная помощь", "find out whether urgent help is needed"),
    "goal_direction": ("определить направление сопровождения", "determine the direction of support"),
    "goal_other": ("определить меры, специалистов и маршрут сопровождения",
                   "determine the measures, specialists and route of support"),
    "how_none": ("Пока ни один вывод не сделан.", "No conclusion has been reached yet."),
    "how_head": ("Текущие выводы и как они получены:", "Current conclusions and how they were reached:"),
    "how_from": ("из", "from"),
    "provisional_word": ("предварительно", "provisional"),
    "help": ("Команды (в любой момент):\n"
             "  почему     — какое правило требует этот ответ и к какому выводу он ведёт; ещё раз — на уровень выше\n"
             "  как        — как получены текущие (предварительные) выводы\n"
             "  назад      — отменить последний ответ\n"
             "  сохранить  — сохранить и выйти (продолжить: expert consult --resume ФАЙЛ)\n"
             "  ?          — эта справка и пояснение к вопросу\n"
             "Ответы: да / нет / не знаю; числа; номер или название варианта.",
             "Commands (at any prompt):\n"
             "  why   — which rule needs this answer and which conclusion it leads to; again — one level up\n"
             "  how   — how the current (provisional) conclusions were reached\n"
             "  back  — undo the last answer\n"
             "  save  — save and leave (continue: expert consult --resume FILE)\n"
             "  ?     — this help and the explanation of the question\n"
             "Answers: yes / no / unknown; numbers; an option number or name."),
    "question_help": ("Пояснение: {text}", "Explanation: {text}"),
}


def tr(key: str, lang: str, **kwargs: object) -> str:
    return pick(MESSAGES, key, lang, **kwargs)
