"""Messages users read: Russian (default), English and Kazakh.

Message tables in the code hold (ru, en) pairs. Kazakh texts live in one catalogue, ``expert.locale.kk``,
keyed by the Russian text (as gettext keys by its msgid): a Russian text reworded or added without a
Kazakh one is found by the tests, never silently shown in the wrong language.

Fallback rule (one for code messages and knowledge-base texts): a Kazakh text that is missing is shown
in Russian, and the miss is recorded in ``MISSING``; with ``EXPERT_I18N_STRICT=1`` (the test suite sets
it) a miss raises ``MissingTranslation`` instead.
"""

from __future__ import annotations

import locale
import os

LANGS = ("ru", "en", "kk")
DEFAULT_LANG = "ru"
MISSING: set[str] = set()  # Russian texts asked for in Kazakh that have no Kazakh text (non-strict runs)


class MissingTranslation(LookupError):
    """A Kazakh text was asked for and there is none (raised in strict mode only)."""


def strict() -> bool:
    return os.environ.get("EXPERT_I18N_STRICT", "") not in ("", "0")


WINDOWS_NAMES = {"kazakh": "kk", "russian": "ru", "english": "en"}  # locale names such as Kazakh_Kazakhstan


def _lang_of(value: str | None) -> str | None:
    """``kk``, ``ru`` or ``en`` from a language setting such as ``kk_KZ.UTF-8``; None for others."""
    text = (value or "").strip().lower()
    for name, code in WINDOWS_NAMES.items():
        if text.startswith(name):
            return code
    code = text[:2]
    return code if code in LANGS and (len(text) == 2 or not text[2].isalpha()) else None


def default_lang() -> str:
    """EXPERT_LANG when it names kk/ru/en; else the OS locale when it is one of them; else Russian."""
    chosen = _lang_of(os.environ.get("EXPERT_LANG"))
    if chosen:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX precedence; C.UTF-8 and others mean Russian
        if os.environ.get(var):
            return _lang_of(os.environ[var]) or DEFAULT_LANG
    if os.name == "nt":  # Windows has no LANG: its user locale, e.g. ('Kazakh_Kazakhstan', '1251')
        try:
            return _lang_of(locale.getlocale()[0]) or DEFAULT_LANG
        except ValueError:
            return DEFAULT_LANG
    return DEFAULT_LANG


def kazakh(ru: str) -> str:
    """The Kazakh text for the Russian ``ru``; the fallback rule above when there is none."""
    from expert.locale.kk import KK

    return KK.get(ru) or fallback(ru)


def fallback(ru: str) -> str:
    """The fallback rule for a Kazakh text that is missing: the Russian one, or an error in strict mode."""
    if strict():
        raise MissingTranslation(f"no Kazakh text for: {ru!r}")
    MISSING.add(ru)
    return ru


def choose(ru: str, en: str, lang: str) -> str:
    """The text in ``lang`` of a message given in Russian and English."""
    if lang == "en":
        return en
    if lang == "kk":
        return kazakh(ru)
    return ru

MESSAGES: dict[str, tuple[str, str]] = {
    "student": ("Учащийся", "Student"),
    "direction": ("Направление сопровождения", "Direction of support"),
    "no_direction": ("не определено", "not determined"),
    "provisional": ("предварительно", "provisional"),
    "settled": ("окончательно", "settled"),
    "clarify": ("Что уточнить, чтобы вывод стал окончательным", "What to clarify to settle the conclusion"),
    "could_also": ("Возможно также (при уточнении)", "Could also hold (once clarified)"),
    "scores": ("Баллы", "Scores"),
    "score_unasked": ("нет данных (вопросы о нём не задавались или остались без ответа)",
                      "no data (its questions were not asked or not answered)"),
    "score_negative": (" (меньше нуля: защитные факторы перевешивают факторы риска)",
                       " (below zero: the protective factors outweigh the risk factors)"),
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
    "kb_ok": ("База знаний в порядке: {inputs}, {conclusions}, {rules}, {scores}, {params}",
              "Knowledge base OK: {inputs}, {conclusions}, {rules}, {scores}, {params}"),
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
    text = choose(ru, en, lang)
    return text.format(**kwargs) if kwargs else text


def plural_form(n: int, lang: str, ru: tuple[str, str, str], en: tuple[str, str], kk: str | None = None) -> str:
    """The form of a word that goes with the number ``n``: Russian has three (1 признак, 2 признака,
    5 признаков; 11–14 take the third), English two, Kazakh one (a noun after a numeral stays singular)."""
    if lang == "en":
        return en[0] if n == 1 else en[1]
    if lang == "kk":
        return kk if kk is not None else fallback(ru[0])
    if n % 10 == 1 and n % 100 != 11:
        return ru[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return ru[1]
    return ru[2]


# noun -> (Russian one/few/many, English one/other, Kazakh)
NOUNS: dict[str, tuple[tuple[str, str, str], tuple[str, str], str]] = {
    "inputs": (("входной признак", "входных признака", "входных признаков"), ("input", "inputs"), "кіріс белгі"),
    "conclusions": (("вывод", "вывода", "выводов"), ("conclusion", "conclusions"), "қорытынды"),
    "rules": (("правило", "правила", "правил"), ("rule", "rules"), "ереже"),
    "scores": (("шкала", "шкалы", "шкал"), ("score", "scores"), "шкала"),
    "params": (("параметр", "параметра", "параметров"), ("parameter", "parameters"), "параметр"),
    "questions": (("вопрос", "вопроса", "вопросов"), ("question", "questions"), "сұрақ"),
    "answers": (("ответ", "ответа", "ответов"), ("answer", "answers"), "жауап"),
    "days": (("день", "дня", "дней"), ("day", "days"), "күн"),
}


def counted(n: int, noun: str, lang: str) -> str:
    """«64 входных признака», «1 rule», «64 кіріс белгі»: the number with its noun in the right form."""
    ru, en, kk = NOUNS[noun]
    return f"{n} {plural_form(n, lang, ru, en, kk)}"


def t(key: str, lang: str, **kwargs: object) -> str:
    return pick(MESSAGES, key, lang, **kwargs)


def heading(kind: str, lang: str) -> str:
    return pick(KIND_HEADINGS, kind, lang)
