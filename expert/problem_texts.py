"""Errors a user caused, in the user's language when they are printed.

Problems are made deep inside readers that do not know the language (the loader, pydantic models, the YAML
reader, the profile check): they carry an English message, or an «English / русский» pair. Printing goes
through ``localize``: a pair gives the side of the language, an English message is turned into Russian by
the patterns below (one table, so a message and its Russian stay side by side), and into Kazakh by the
Kazakh text of each pattern's Russian (``expert.locale.kk_problems``). A message no pattern knows
stays as it was: the test of these patterns lists the messages users meet.
"""

from __future__ import annotations

import re
from dataclasses import replace

from expert.errors import Problem

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# English pattern -> Russian replacement (re.sub syntax), tried in this order on the whole message.
PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"unknown attribute '(.+?)' \(not in the vocabulary\)", r"неизвестный признак '\1' (его нет в базе знаний)"),
    (r"(-?\d+) is out of range (-?\d+)\.\.(-?\d+)", r"\1 вне допустимого диапазона \2..\3"),
    (r"expected yes/no \(да/нет\), got (.+)$", r"ожидалось да или нет, получено \1"),
    (r"expected a whole number, got (.+)$", r"ожидалось целое число, получено \1"),
    (r"expected a number, got (.+)$", r"ожидалось число, получено \1"),
    (r"(.+?) is not one of: (.+)$", r"\1 — нет такого варианта; допустимо: \2"),
    (r"(.+?) may be any of: (.+)$", r"\1 подходит к нескольким вариантам: \2; уточните"),
    (r"^unknown key$", "неизвестный ключ"),
    (r"^required key is missing$", "обязательный ключ отсутствует"),
    (r"duplicate id \(first defined at (.+)\)", r"повторный идентификатор (впервые определён: \1)"),
    (r"^duplicate key (.*)$", r"ключ \1 повторяется"),
    (r"^duplicate key$", "ключ повторяется"),
    (r"^malformed YAML: ", "ошибка в записи YAML: "),
    (r"^malformed JSON: ", "ошибка в записи JSON: "),
    (r"^cannot read: ", "не удаётся прочитать: "),
    (r"^expected \{input: \.\.\., value: \.\.\.\}$", "ожидается {input: ..., value: ...}"),
    (r"^expected a mapping question → answer, or a profile with 'answers:'$",
     "ожидается соответствие вопрос → ответ или профиль с 'answers:'"),
    (r"^these answers are about student (.+?), --student says (.+)$",
     r"эти ответы — об учащемся \1, а --student указывает \2"),
    (r"^this consultation is about student (.+?), not (.+)$", r"эта консультация — об учащемся \1, а не \2"),
    (r"^--session names a new consultation file; --resume continues (.+) in place: give one of them$",
     r"--session задаёт новый файл консультации, а --resume продолжает \1 на месте: укажите что-то одно"),
    (r"^Input should be a valid string$", "ожидается текст"),
    (r"^Input should be a valid integer.*$", "ожидается целое число"),
    (r"^Input should be a valid number.*$", "ожидается число"),
    (r"^Input should be a valid boolean.*$", "ожидается да или нет (true/false)"),
    (r"^Input should be a valid list$", "ожидается список"),
    (r"^Input should be a valid dictionary.*$", "ожидается соответствие «ключ: значение»"),
    (r"^String should have at least 1 character$", "текст не должен быть пустым"),
    (r"^String should match pattern '(.+)'$", r"идентификатор должен соответствовать шаблону '\1'"),
    (r"^Input should be (.+)$", r"допустимо: \1"),
    (r"^an integer input needs both 'min' and 'max'$", "целочисленному признаку нужны и 'min', и 'max'"),
    (r"^'min' \((.+)\) is greater than 'max' \((.+)\)$", r"'min' (\1) больше 'max' (\2)"),
    (r"^'(.+?)' names two options: (.+) and (.+)$", r"'\1' называет два варианта: \2 и \3"),
    (r"^a rule's source must cite a paragraph \(§N\) or a named practice \('practice: \.\.\.'\)$",
     "источник правила должен ссылаться на параграф (§N) или на названную практику ('practice: ...')"),
    (r"^no rule files \(rules/\*\.yaml\) found$", "нет файлов правил (rules/*.yaml)"),
]]
LOCATION_PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(r"^column (\d+)$"), r"столбец \1")]


def _pair_side(message: str, lang: str) -> str | None:
    """«English / русский»: the side of ``lang``; None when the message is not such a pair. In Kazakh, the
    Russian side's Kazakh text when the pair is a fixed one, else the Russian side."""
    english, sep, russian = message.rpartition(" / ")
    if not sep or not _mostly_cyrillic(russian) or _mostly_cyrillic(english):
        return None
    if lang == "kk":
        from expert.locale.kk_problems import KK_PAIRS

        return KK_PAIRS.get(russian, russian)
    return english if lang == "en" else russian


def _in(lang: str, russian: str) -> str:
    """A pattern's replacement in ``lang`` (Russian or Kazakh; a missing Kazakh one stays Russian)."""
    if lang != "kk":
        return russian
    from expert.locale.kk_problems import KK_PATTERNS

    return KK_PATTERNS.get(russian, russian)


def _mostly_cyrillic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(_CYRILLIC.findall(text)) * 2 > len(letters)


def localize(message: str, lang: str) -> str:
    """``message`` in ``lang``: English as it is, Russian and Kazakh by the patterns."""
    head, sep, tail = message.partition(": ")
    if sep and re.fullmatch(r"[a-z][a-z0-9_]*", head):  # «truancy_share: 300 is out of range 0..100»
        return f"{head}: {localize(tail, lang)}"
    side = _pair_side(message, lang)
    if side is not None:
        return side
    if lang == "en":
        return message
    for pattern, russian in PATTERNS:
        if pattern.search(message):
            return pattern.sub(_in(lang, russian), message, count=1)
    return message


def localize_problem(problem: Problem, lang: str) -> Problem:
    location = problem.location
    if lang != "en":
        for pattern, russian in LOCATION_PATTERNS:
            location = pattern.sub(_in(lang, russian), location)
    return replace(problem, location=location, message=localize(problem.message, lang))
