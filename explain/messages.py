"""Texts of explanations, in Russian (default) and English."""

from __future__ import annotations

from expert.describe import WORDS
from expert.i18n import pick

MESSAGES: dict[str, tuple[str, str]] = {
    **WORDS,  # conditions and answers are in words the one way every surface says them
    "unclear": ("не ясно", "unclear"),
    "rule": ("Правило", "Rule"),
    "answer": ("ответ", "answer"),
    "score": ("Шкала", "Score"),
    "student": ("Учащийся", "Student"),
    "direction": ("Направление", "Direction"),
    "no_direction": ("не определено", "not determined"),
    "provisional": ("предварительно", "provisional"),
    "kb": ("база знаний", "knowledge base"),
    "see_above": ("см. выше", "see above"),
    "no_rule_fired": ("ни одно правило не дало этот вывод", "no rule gave this conclusion"),
    "how_header": ("Обоснование выводов для учащегося {student}",
                   "Justification of the conclusions for student {student}"),
    "not_derived": ("Вывод «{title}» не получен для этого учащегося.",
                    "Conclusion “{title}” was not reached for this student."),
    "whynot_header": ("Почему не «{title}» (учащийся {student})", "Why not “{title}” (student {student})"),
    "whynot_holds": ("Вывод «{title}» получен; правило, которое его дало:",
                     "Conclusion “{title}” holds; the rule that gave it:"),
    "whynot_no_rules": ("Ни одно правило базы знаний не выводит «{title}».",
                        "No rule of the knowledge base concludes “{title}”."),
    "verdict_true": ("выполнено", "holds"),
    "verdict_false": ("не выполнено", "fails"),
    "verdict_unknown": ("не ясно (нет ответа)", "unclear (answer missing)"),
    "actual": ("у учащегося", "student's value"),
    "rule_fired": ("правило сработало", "the rule fired"),
    "rule_failed": ("правило не сработало", "the rule did not fire"),
    "rule_open": ("правило могло бы сработать: не хватает ответов", "the rule could fire: answers are missing"),
    "score_value": ("значение {value}", "value {value}"),
    "score_range": ("от {lo} до {hi} (есть неизвестные ответы)", "between {lo} and {hi} (answers missing)"),
    "whatif_header": ("Что должно измениться (изменяемые признаки учащегося {student}; сейчас: {direction})",
                      "What would have to change (changeable inputs of student {student}; now: {direction})"),
    "whatif_would": ("→ учащийся был бы: {direction} — изменений: {n}, вариантов: {count}",
                     "→ the student would be: {direction} — changes: {n}, options: {count}"),
    "whatif_if": ("если бы {changes}", "if {changes}"),
    "whatif_none": ("Изменений, переводящих учащегося в «{direction}», не найдено "
                    "(наибольшее число изменённых ответов: {n}).",
                    "No change of at most {n} inputs moves the student to “{direction}”."),
    "whatif_truncated": ("Поиск остановлен после {n} проверок: наборы из {size} изменений проверены не полностью.",
                         "The search stopped after {n} checks: sets of {size} changes were not all tried."),
    "whatif_fixed": ("Неизменяемые признаки (не рассматривались): {inputs}",
                     "Inputs that cannot change (not considered): {inputs}"),
    "whatif_unknown": ("Неизвестные ответы не подставлялись; их уточнение может изменить вывод: {inputs}",
                       "Unknown answers were not assumed; clarifying them may change the result: {inputs}"),
    "change": ("«{label}» — {value} (сейчас: {old})", "“{label}” were {value} (now: {old})"),
    "legend": ("Обозначения", "Legend"),
    "graph_title": ("Учащийся {student} — {direction}", "Student {student} — {direction}"),
    "kb_graph_title": ("База знаний: зависимости выводов", "Knowledge base: how conclusions depend on inputs"),
    "kb_graph_for": ("База знаний: что ведёт к «{title}»", "Knowledge base: what leads to “{title}”"),
    "dot_missing": ("Graphviz (программа dot) не найден: записан {path}; установите его командой "
                    "«sudo apt-get install graphviz» и повторите",
                    "Graphviz (the dot program) was not found: wrote {path}; install it with "
                    "'sudo apt-get install graphviz' and run again"),
    "dot_failed": ("Graphviz не смог построить рисунок ({reason}); записан {path}",
                   "Graphviz failed to render ({reason}); wrote {path}"),
    "unknown_conclusion": ("нет такого вывода «{name}»; возможные: {choices}",
                           "no such conclusion '{name}'; choices: {choices}"),
    "unknown_format": ("по имени файла ({suffix}) не понять формат; укажите -f {formats}",
                       "cannot tell the output format from '{suffix}'; use -f {formats}"),
    "needs_output": ("формат {fmt} записывается только в файл: -o ФАЙЛ.{fmt}",
                     "format {fmt} needs an output file: -o FILE.{fmt}"),
    "written": ("Записано: {path}", "Written: {path}"),
}

KIND_LEGEND: dict[str, tuple[str, str]] = {
    "input": ("Ответ (входной признак)", "Answer (input)"),
    "rule": ("Правило (§ источника)", "Rule (source §)"),
    "score": ("Шкала (сумма баллов)", "Score (weighted sum)"),
    "absent": ("Не установлено (отрицание)", "Not established (negation)"),
    "flag": ("Срочный сигнал", "Urgent flag"),
    "direction": ("Направление", "Direction"),
    "function": ("Функция педагога", "Pedagogue's function"),
    "activity": ("Вид деятельности", "Kind of activity"),
    "who": ("Кто сопровождает", "Who supports"),
    "goal": ("Цель", "Goal"),
    "finding": ("Выявлено", "Finding"),
    "prognosis": ("Прогноз", "Prognosis"),
    "route": ("Шаг маршрута", "Route step"),
    "target": ("Цель профилактики", "Prevention target"),
    "measure": ("Мера (ООП)", "Measure (SEN)"),
    "specialist": ("Специалист", "Specialist"),
    "review": ("Пересмотр", "Review"),
}


def m(key: str, lang: str, **kwargs: object) -> str:
    return pick(MESSAGES, key, lang, **kwargs)


def legend_text(kind: str, lang: str) -> str:
    return pick(KIND_LEGEND, kind, lang)
