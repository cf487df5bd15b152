"""click's own messages («Missing argument», «Invalid value for '--today'», usage lines) and the options' help
in the user's language.

click marks its messages for gettext (``from gettext import gettext as _`` in each of its modules) but ships
no Russian catalogue, and our language is a command-line option. So the language is chosen before click
parses anything — ``--lang X`` or ``--lang=X`` among the arguments, else ``EXPERT_LANG``, else Russian — and
click's ``_``/``ngettext`` are pointed at the tables below (``install``, once). The options' help is written
in English in the decorators and looked up here by that text; a missing entry stays English, and a test
checks that every option has one.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import click

from expert.cli.localize import LocalizedGroup, help_lang
from expert.i18n import pick, plural_form

# msgid (click's English text) -> (ru, en)
CLICK_TEXTS: dict[str, tuple[str, str]] = {
    "Usage:": ("Использование:", "Usage:"),
    "Options": ("Параметры", "Options"),
    "[OPTIONS]": ("[ПАРАМЕТРЫ]", "[OPTIONS]"),
    "COMMAND [ARGS]...": ("КОМАНДА [АРГУМЕНТЫ]...", "COMMAND [ARGS]..."),
    "Commands": ("Команды", "Commands"),
    "Positional arguments": ("Позиционные аргументы", "Positional arguments"),
    "Show this message and exit.": ("Показать эту справку и выйти.", "Show this message and exit."),
    "Show the version and exit.": ("Показать версию и выйти.", "Show the version and exit."),
    "%(prog)s, version %(version)s": ("%(prog)s, версия %(version)s", "%(prog)s, version %(version)s"),
    "Error: {message}": ("ошибка: {message}", "error: {message}"),
    "Try '{command} {option}' for help.": ("Справка: {command} {option}", "Try '{command} {option}' for help."),
    "Invalid value for {param_hint}: {message}": ("Недопустимое значение {param_hint}: {message}",
                                                  "Invalid value for {param_hint}: {message}"),
    "Invalid value: {message}": ("Недопустимое значение: {message}", "Invalid value: {message}"),
    "Missing argument": ("Не хватает аргумента", "Missing argument"),
    "Missing option": ("Не хватает параметра", "Missing option"),
    "Missing parameter": ("Не хватает параметра", "Missing parameter"),
    "Missing command.": ("Не указана команда.", "Missing command."),
    "Missing {param_type}": ("Не хватает: {param_type}", "Missing {param_type}"),
    "Missing parameter: {param_name}": ("Не хватает параметра: {param_name}", "Missing parameter: {param_name}"),
    "No such command {name!r}.": ("Нет такой команды {name!r}.", "No such command {name!r}."),
    "No such option {name!r}.": ("Нет такого параметра {name!r}.", "No such option {name!r}."),
    "Option {name!r} does not take a value.": ("Параметр {name!r} не принимает значения.",
                                               "Option {name!r} does not take a value."),
    "{name} {filename!r} does not exist.": ("{filename!r}: такого файла или папки нет.",
                                            "{name} {filename!r} does not exist."),
    "{name} {filename!r} is a directory.": ("{filename!r} — это папка, а нужен файл.",
                                            "{name} {filename!r} is a directory."),
    "{name} {filename!r} is a file.": ("{filename!r} — это файл, а нужна папка.", "{name} {filename!r} is a file."),
    "{name} {filename!r} is not readable.": ("{filename!r}: нет прав на чтение.",
                                             "{name} {filename!r} is not readable."),
    "{name} {filename!r} is not writable.": ("{filename!r}: нет прав на запись.",
                                             "{name} {filename!r} is not writable."),
    "{value!r} is not a valid {number_type}.": ("{value!r} — не число ({number_type}).",
                                                "{value!r} is not a valid {number_type}."),
    "{value} is not in the range {range}.": ("{value} вне диапазона {range}.", "{value} is not in the range {range}."),
    "default: {default}": ("по умолчанию: {default}", "default: {default}"),
    "required": ("обязательно", "required"),
    "Aborted!": ("Прервано.", "Aborted!"),
    "integer": ("целое", "integer"),
}

# click's singular msgid -> (Russian one/few/many, English singular/plural, Kazakh)
CLICK_PLURALS: dict[str, tuple[tuple[str, str, str], tuple[str, str], str]] = {
    "Got unexpected extra argument ({args})": (
        ("Лишний аргумент ({args})", "Лишние аргументы ({args})", "Лишние аргументы ({args})"),
        ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
        "Артық аргумент ({args})"),
    "{value!r} is not {choice}.": (
        ("{value!r}: допустимо только {choice}.", "{value!r}: допустимо одно из: {choices}.",
         "{value!r}: допустимо одно из: {choices}."),
        ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
        "{value!r}: мыналардың бірі болуы керек: {choices}."),
    "{value!r} does not match the format {format}.": (
        ("{value!r} не в формате {format} (например 2026-01-10).",
         "{value!r} не подходит ни к одному формату: {formats}.",
         "{value!r} не подходит ни к одному формату: {formats}."),
        ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."),
        "{value!r} {format} пішіміне сай емес (мысалы, 2026-01-10)."),
    "Option {name!r} requires an argument.": (
        ("Параметру {name!r} нужно значение.", "Параметру {name!r} нужно {nargs} значения.",
         "Параметру {name!r} нужно {nargs} значений."),
        ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
        "{name!r} параметріне мән қажет."),
    "Did you mean {possibility}?": (
        ("Может быть, {possibility}?", "(Может быть, одно из: {possibilities}?)",
         "(Может быть, одно из: {possibilities}?)"),
        ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
        "Мүмкін, {possibility}?"),
}

EAGER_HELP = {"_click_default_help": "Show this message and exit.", "help": "Show this message and exit.",
              "version": "Show the version and exit."}
_state = {"lang": "ru"}


def current_lang() -> str:
    return _state["lang"]


def _gettext(message: str) -> str:
    if message in CLICK_TEXTS:
        return pick(CLICK_TEXTS, message, current_lang())
    return message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular not in CLICK_PLURALS:
        return singular if n == 1 else plural
    ru, en, kk = CLICK_PLURALS[singular]
    return plural_form(n, current_lang(), ru, en, kk)


_original_help_record = click.Option.get_help_record


def _help_record(self: click.Option, ctx: click.Context) -> tuple[str, str] | None:
    """The option's line in --help, its help text in the chosen language."""
    original, default = self.help, self.show_default
    lang = current_lang()
    if self.is_eager and self.name in EAGER_HELP:  # click caches these options with the language of their first use
        self.help = _gettext(EAGER_HELP[self.name])
    if original in OPTION_HELP and lang in ("ru", "en"):
        self.help = getattr(OPTION_HELP[original], lang)
    if isinstance(default, str) and default in OPTION_HELP and lang in ("ru", "en"):
        self.show_default = getattr(OPTION_HELP[default], lang)
    try:
        return _original_help_record(self, ctx)
    finally:
        self.help, self.show_default = original, default


def _is_russian(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return sum("а" <= c.lower() <= "я" or c in "ёЁ" for c in letters) * 2 > len(letters)


def in_language(text: str, lang: str) -> str:
    """The part of a bilingual command description («Русский. / English.», or a paragraph each) in ``lang``."""
    parts = text.split("\n\n") if "\n\n" in text.strip() else text.split(" / ")
    chosen = [p for p in parts if p.strip() and _is_russian(p) == (lang != "en")]
    return "\n\n".join(chosen) if chosen else text


_original_help_text = click.Command.format_help_text
_original_short_help = click.Command.get_short_help_str


def _help_text(self: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    original = self.help
    self.help = in_language(original, current_lang()) if original else original
    try:
        _original_help_text(self, ctx, formatter)
    finally:
        self.help = original


def _short_help(self: click.Command, limit: int = 45) -> str:
    original = self.help
    self.help = in_language(original, current_lang()) if original else original
    try:
        return _original_short_help(self, limit)
    finally:
        self.help = original


_original_usage_pieces = click.Command.collect_usage_pieces


def _usage_pieces(self: click.Command, ctx: click.Context) -> list[str]:
    pieces = _original_usage_pieces(self, ctx)
    return [pick(CLICK_TEXTS, p, current_lang()) if p in CLICK_TEXTS else p for p in pieces]


def install() -> None:
    """Point click's message functions at our tables (idempotent)."""
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is not None and name != "click":
                module._ = _gettext  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = _ngettext  # type: ignore[attr-defined]
    click.Option.get_help_record = _help_record  # type: ignore[method-assign]
    click.Command.collect_usage_pieces = _usage_pieces  # type: ignore[method-assign]
    click.Command.format_help_text = _help_text  # type: ignore[method-assign]
    click.Command.get_short_help_str = _short_help  # type: ignore[method-assign]


class LanguageGroup(LocalizedGroup):
    """The top-level group: sets the language from the arguments before click parses them (and, through
    ``LocalizedGroup``, swaps in the Kazakh help texts for kk)."""

    def main(self, args: Sequence[str] | None = None, *rest, **kwargs):  # type: ignore[override]
        _state["lang"] = help_lang(list(sys.argv[1:] if args is None else args))
        return super().main(args, *rest, **kwargs)


@dataclass(frozen=True)
class HelpText:
    """An option's help in Russian and English. Kazakh help is not here: ``expert.cli.localize`` swaps in the
    Kazakh text (``expert.locale.kk_cli``, keyed by the help as written) before this table is consulted."""

    ru: str
    en: str


# The options' help: English text as written in the decorator -> its Russian and English.
OPTION_HELP: dict[str, HelpText] = {
    "Show the version and exit.": HelpText("Показать версию и выйти.", "Show the version and exit."),
    "text for people, json (with the trace) for programs.": HelpText(
        "text — для людей, json (с трассой вывода) — для программ.",
        "text for people, json (with the trace) for programs."),
    "Show the student's name (hidden by default: personal data).": HelpText(
        "Показывать имя учащегося (по умолчанию скрыто: персональные данные).",
        "Show the student's name (hidden by default: personal data)."),
    "Roster only: result file (.csv/.xlsx/.jsonl); default ROSTER.result.<ext> / файл результата.": HelpText(
        "Только для списка: файл результата (.csv/.xlsx/.jsonl); по умолчанию СПИСОК.result.<расширение>.",
        "Roster only: result file (.csv/.xlsx/.jsonl); default ROSTER.result.<ext>."),
    "Roster only: YAML 'column header: input id | id | ignore' / соответствие столбцов признакам.": HelpText(
        "Только для списка: YAML «заголовок столбца: признак | id | ignore» — соответствие столбцов признакам.",
        "Roster only: YAML 'column header: input id | id | ignore'."),
    "Roster only: copy these columns (e.g. ФИО) to the result; repeat or separate by commas.": HelpText(
        "Только для списка: перенести эти столбцы (например, ФИО) в результат; повторите параметр или "
        "перечислите через запятую.",
        "Roster only: copy these columns (e.g. ФИО) to the result; repeat or separate by commas."),
    "Roster only: write one JSON explanation (with the trace) per student here.": HelpText(
        "Только для списка: записать в эту папку по файлу объяснения на каждого учащегося.",
        "Roster only: write one JSON explanation (with the trace) per student here."),
    "Roster only: explanation files as JSON (as --format json), a DOT graph or HOW text.": HelpText(
        "Только для списка: файлы объяснений — JSON (как --format json), граф DOT или текст «как».",
        "Roster only: explanation files as JSON (as --format json), a DOT graph or HOW text."),
    "Roster only: worker processes (0 = one per CPU) / число процессов.": HelpText(
        "Только для списка: число процессов (0 — по одному на процессор).",
        "Roster only: worker processes (0 = one per CPU)."),
    "Roster only: CSV encoding (default: detect UTF-8 / Windows-1251).": HelpText(
        "Только для списка: кодировка CSV (по умолчанию определяется: UTF-8 или Windows-1251).",
        "Roster only: CSV encoding (default: detect UTF-8 / Windows-1251)."),
    "Roster only: CSV delimiter (default: detect ';' ',' tab).": HelpText(
        "Только для списка: разделитель CSV (по умолчанию определяется: «;», «,», табуляция).",
        "Roster only: CSV delimiter (default: detect ';' ',' tab)."),
    "Roster only: decimal separator in numbers.": HelpText(
        "Только для списка: десятичный разделитель в числах.", "Roster only: decimal separator in numbers."),
    "Roster only: XLSX sheet name (default: the first).": HelpText(
        "Только для списка: имя листа XLSX (по умолчанию первый).",
        "Roster only: XLSX sheet name (default: the first)."),
    "Roster only: the column with the student id (default: id/student_id/код).": HelpText(
        "Только для списка: столбец с кодом учащегося (по умолчанию id/student_id/код).",
        "Roster only: the column with the student id (default: id/student_id/код)."),
    "Roster only: machine ids in headers and values, for programs (JSONL always has them) "
    "/ идентификаторы вместо названий.": HelpText(
        "Только для списка: идентификаторы вместо названий в заголовках и значениях — для программ "
        "(в JSONL они всегда).",
        "Roster only: machine ids in headers and values, for programs (JSONL always has them)."),
    "Address to listen on. Anything but this computer needs --allow-remote --users.": HelpText(
        "Адрес, на котором ждать подключений. Всё, кроме этого компьютера, требует --allow-remote --users.",
        "Address to listen on. Anything but this computer needs --allow-remote --users."),
    "0: any free port.": HelpText("0 — любой свободный порт.", "0: any free port."),
    "Do not open the browser / не открывать браузер.": HelpText("Не открывать браузер.", "Do not open the browser."),
    "School-server mode: serve other computers (needs --users).": HelpText(
        "Режим школьного сервера: обслуживать другие компьютеры (нужен --users).",
        "School-server mode: serve other computers (needs --users)."),
    "Users file (expert users add): sign-in with names and passwords instead of the link's key.": HelpText(
        "Файл пользователей (expert users add): вход по имени и паролю вместо ключа в ссылке.",
        "Users file (expert users add): sign-in with names and passwords instead of the link's key."),
    "The SQLite file of consultations (default: in the user's data folder).": HelpText(
        "Файл SQLite с консультациями (по умолчанию — в папке данных пользователя).",
        "The SQLite file of consultations (default: in the user's data folder)."),
    "pedagogue: sees own students only; methodologist: all of the school's.": HelpText(
        "pedagogue — видит только своих учащихся; methodologist — всех учащихся школы.",
        "pedagogue: sees own students only; methodologist: all of the school's."),
    "Users file (default: users.json in the user's data folder).": HelpText(
        "Файл пользователей (по умолчанию users.json в папке данных пользователя).",
        "Users file (default: users.json in the user's data folder)."),
    "Read the password from standard input (for scripts).": HelpText(
        "Прочитать пароль со стандартного ввода (для сценариев).",
        "Read the password from standard input (for scripts)."),
    "Roster only: re-run N random rows through the experta engine and fail on any difference "
    "/ перепроверить N случайных строк механизмом вывода.": HelpText(
        "Только для списка: перепроверить N случайных строк механизмом вывода experta; при любом расхождении — "
        "ошибка.",
        "Roster only: re-run N random rows through the experta engine and fail on any difference."),
    "Knowledge-base folder / папка базы знаний.": HelpText("Папка базы знаний.", "Knowledge-base folder."),
    "ru; EXPERT_LANG or the OS locale (kk/ru/en) may set it": HelpText(
        "ru; его можно задать переменной EXPERT_LANG или языком системы (kk/ru/en)",
        "ru; EXPERT_LANG or the OS locale (kk/ru/en) may set it"),
    "Language of the output / язык вывода / шығыс тілі.": HelpText("Язык вывода.", "Language of the output."),
    "Student id (not a name) / идентификатор учащегося.": HelpText(
        "Идентификатор учащегося (не имя).", "Student id (not a name)."),
    "Answers given in advance (.yaml/.json: a profile or a mapping question → answer). Questions it lacks are "
    "asked at the terminal, or answered «не знаю» when input is not a terminal.": HelpText(
        "Ответы, данные заранее (.yaml/.json: профиль или соответствие вопрос → ответ). Недостающие вопросы "
        "задаются в терминале, а если ввод не с терминала — получают ответ «не знаю».",
        "Answers given in advance (.yaml/.json: a profile or a mapping question → answer). Questions it lacks "
        "are asked at the terminal, or answered 'unknown' when input is not a terminal."),
    "Continue a saved consultation / продолжить сохранённую консультацию.": HelpText(
        "Продолжить сохранённую консультацию.", "Continue a saved consultation."),
    "Where to keep the answers (default: consult-STUDENT.json in the current folder).": HelpText(
        "Куда сохранять ответы (по умолчанию consult-УЧАЩИЙСЯ.json в текущей папке).",
        "Where to keep the answers (default: consult-STUDENT.json in the current folder)."),
    "Also write the Markdown and printable HTML report with the explanation graph into this folder.": HelpText(
        "Записать в эту папку и отчёт: Markdown и HTML для печати с графом объяснения.",
        "Also write the Markdown and printable HTML report with the explanation graph into this folder."),
    "Date of the consultation (YYYY-MM-DD) for the review date; default: today.": HelpText(
        "Дата консультации (ГГГГ-ММ-ДД) для даты пересмотра; по умолчанию сегодня.",
        "Date of the consultation (YYYY-MM-DD) for the review date; default: today."),
    "text for people, json for programs / формат вывода.": HelpText(
        "text — для людей, json — для программ.", "text for people, json for programs."),
    "Most profiles the gap/conflict search evaluates / сколько профилей перебирать не более.": HelpText(
        "Сколько профилей перебирать при поиске пробелов и противоречий, не более.",
        "Most profiles the gap/conflict search evaluates."),
    "Folder of reference cases [default: KB_DIR/cases] / папка эталонных случаев.": HelpText(
        "Папка эталонных случаев [по умолчанию: ПАПКА_БЗ/cases].",
        "Folder of reference cases [default: KB_DIR/cases]."),
    "List passing cases too / показывать и пройденные.": HelpText(
        "Показывать и пройденные случаи.", "List passing cases too."),
    "Reference cases to classify with both [default: NEW_DIR/cases] / эталонные случаи.": HelpText(
        "Эталонные случаи, классифицируемые обеими базами [по умолчанию: НОВАЯ_ПАПКА/cases].",
        "Reference cases to classify with both [default: NEW_DIR/cases]."),
    "A roster (.csv/.xlsx/.jsonl, as for 'expert classify') to classify with both.": HelpText(
        "Список учащихся (.csv/.xlsx/.jsonl, как для «expert classify»), классифицируемый обеими базами.",
        "A roster (.csv/.xlsx/.jsonl, as for 'expert classify') to classify with both."),
    "Examples to show per source / сколько примеров показать.": HelpText(
        "Сколько примеров показать для каждого источника.", "Examples to show per source."),
    "Write the graph to this file.": HelpText("Записать граф в этот файл.", "Write the graph to this file."),
    "Format (default: from the file name).": HelpText(
        "Формат (по умолчанию — по имени файла).", "Format (default: from the file name)."),
    "Only what can lead to this conclusion.": HelpText(
        "Только то, что может привести к этому выводу.", "Only what can lead to this conclusion."),
    "Write the explanation graph to this file.": HelpText(
        "Записать граф объяснения в этот файл.", "Write the explanation graph to this file."),
    "Graph format (default: from the file name; dot without -o).": HelpText(
        "Формат графа (по умолчанию — по имени файла; без -o — dot).",
        "Graph format (default: from the file name; dot without -o)."),
    "Show every firing, not only the supporting chain.": HelpText(
        "Показать все срабатывания, а не только цепочку, на которой держатся выводы.",
        "Show every firing, not only the supporting chain."),
    "Print the justification tree (of one conclusion, or of all).": HelpText(
        "Вывести дерево обоснования (одного вывода или всех).",
        "Print the justification tree (of one conclusion, or of all)."),
    "Which conditions failed for each rule that could have concluded it (a direction id such as risk_group, or "
    "any conclusion id).": HelpText(
        "Какие условия не выполнены в каждом правиле, которое могло дать этот вывод (направление, например "
        "risk_group, или любой вывод).",
        "Which conditions failed for each rule that could have concluded it (a direction id such as risk_group, "
        "or any conclusion id)."),
    "Smallest sets of changes to known, changeable answers that move the student to a less concerning direction "
    "(for the last direction in the KB: to any other).": HelpText(
        "Наименьшие наборы изменений известных изменяемых ответов, переводящие учащегося в менее тревожное "
        "направление (для последнего направления базы — в любое другое).",
        "Smallest sets of changes to known, changeable answers that move the student to a less concerning "
        "direction (for the last direction in the KB: to any other)."),
    "With --what-if: this target direction instead.": HelpText(
        "С --what-if: вместо этого — к указанному направлению.", "With --what-if: this target direction instead."),
    "With --what-if: the largest set of changes to try.": HelpText(
        "С --what-if: наибольшее число изменений в наборе.", "With --what-if: the largest set of changes to try."),
}
