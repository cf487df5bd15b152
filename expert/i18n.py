"""Messages users read, in Russian (default) and English."""

from __future__ import annotations

LANGS = ("ru", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "student": ("Учащийся", "Student"),
    "direction": ("Направление сопровождения", "Direction of support"),
    "no_direction": ("не определено", "not determined"),
    "provisional": ("предварительно", "provisional"),
    "settled": ("окончательно", "settled"),
    "clarify": ("Что уточнить, чтобы вывод стал окончательным", "What to clarify to settle the conclusion"),
    "could_also": ("Возможно также (при уточнении)", "Could also hold (once clarified)"),
    "scores": ("Баллы", "Scores"),
    "fired": ("Сработало правил", "Rules fired"),
    "see_explain": ("Почему так: expert explain {path} --how", "Why: expert explain {path} --how"),
    "unknown_count": ("Неизвестных ответов", "Unknown answers"),
    "kb": ("База знаний", "Knowledge base"),
    "error": ("ошибка", "error"),
    "review_in": ("через {days} дн.", "in {days} days"),
    "yes": ("да", "yes"),
    "no": ("нет", "no"),
    "nothing_selected": ("ничего не отмечено", "nothing selected"),
    "urgent_open": ("СРОЧНО: не выяснено — уточните сегодня:", "URGENT: not clarified — clarify today:"),
    "urgent_open_line": ("СРОЧНО: не выяснено — уточните сегодня: {questions}",
                         "URGENT: not clarified — clarify today: {questions}"),
    "urgent_open_why": ("Пока ответа нет, опасность не исключена: {flags}.",
                        "Until it is answered, the danger is not ruled out: {flags}."),
    "urgent_none": ("Сигналы опасности не выявлены: на все вопросы о них есть ответы.",
                    "No danger signal: every question about them is answered."),
    "urgent_established": ("да", "yes"),
    "urgent_not_clarified": ("не выяснено", "not clarified"),
    "urgent_excluded": ("нет", "no"),
    "kb_ok": ("База знаний в порядке: {inputs} входных признаков, {conclusions} выводов, {rules} правил, "
              "{scores} шкал, {params} параметров",
              "Knowledge base OK: {inputs} inputs, {conclusions} conclusions, {rules} rules, "
              "{scores} scores, {params} parameters"),
}

KIND_HEADINGS: dict[str, tuple[str, str]] = {
    "flag": ("СРОЧНО", "URGENT"),
    "direction": ("Направление", "Direction"),
    "function": ("Функции социального педагога", "Functions of the social pedagogue"),
    "activity": ("Вид социально-педагогической деятельности", "Kind of social-pedagogical activity"),
    "who": ("Кто осуществляет сопровождение", "Who carries out the support"),
    "goal": ("Цель сопровождения", "Goal of the support"),
    "finding": ("Выявлено", "Findings"),
    "prognosis": ("Прогноз", "Prognosis"),
    "route": ("Индивидуальный маршрут реабилитации", "Individual rehabilitation route"),
    "target": ("Цели профилактики (факторы риска для преодоления)", "Prevention targets (risk factors to overcome)"),
    "measure": ("Особые образовательные потребности: меры", "Special educational needs: measures"),
    "specialist": ("Специалисты", "Specialists"),
    "review": ("Пересмотр", "Review"),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str, **kwargs: object) -> str:
    """The text of ``key`` in ``lang`` from a (ru, en) table, formatted with ``kwargs`` if any."""
    ru, en = table[key]
    text = en if lang == "en" else ru
    return text.format(**kwargs) if kwargs else text


def t(key: str, lang: str, **kwargs: object) -> str:
    return pick(MESSAGES, key, lang, **kwargs)


def heading(kind: str, lang: str) -> str:
    return pick(KIND_HEADINGS, kind, lang)
