"""Messages of batch classification, Russian (default) and English."""

from __future__ import annotations

from expert.i18n import pick

MESSAGES: dict[str, tuple[str, str]] = {
    "bad_bool": ("ожидалось да/нет, получено {value}", "expected yes/no, got {value}"),
    "bad_int": ("ожидалось целое число, получено {value}", "expected a whole number, got {value}"),
    "bad_decimal": ("ожидалось целое число с десятичным разделителем «{decimal}», получено {value}",
                    "expected a whole number with decimal separator '{decimal}', got {value}"),
    "out_of_range": ("{value} вне допустимого диапазона {min}..{max}", "{value} is out of range {min}..{max}"),
    "bad_option": ("{value} — нет такого варианта; допустимо: {options}",
                   "{value} is not an option; allowed: {options}"),
    "duplicate_input": ("признак {input} уже задан полем {other}", "input {input} is already given by {other}"),
    "no_id": ("нет кода учащегося", "no student id"),
    "undecodable": ("строку нельзя прочитать в кодировке {encoding}", "the row cannot be decoded as {encoding}"),
    "bad_json": ("строка не является JSON-объектом: {reason}", "the line is not a JSON object: {reason}"),
    "bad_shape": ("ожидался объект с полями id и answers или плоский объект ответов",
                  "expected an object with id and answers, or a flat object of answers"),
    "too_many_cells": ("лишние ячейки в строке: {count} сверх {header} столбцов заголовка",
                       "extra cells in the row: {count} beyond the {header} header columns"),
    "engine_failed": ("внутренняя ошибка классификации: {reason}", "internal classification error: {reason}"),
    "unknown_columns": ("неизвестные столбцы (не используются): {columns}",
                        "unknown columns (not used): {columns}"),
    "personal_columns": ("столбцы с персональными данными не переносятся в результат: {columns} "
                         "(чтобы перенести: --keep-columns)",
                         "columns with personal data are not copied to the result: {columns} "
                         "(to copy them: --keep-columns)"),
    "missing_inputs": ("нет столбцов для признаков ({count}), они считаются неизвестными: {inputs}",
                       "no columns for {count} inputs, taken as unknown: {inputs}"),
    "no_id_column": ("столбец с кодом учащегося не найден: кодом служит номер строки",
                     "no student id column found: the row number is used as the id"),
    "detected": ("файл {path}: кодировка {encoding}, разделитель «{delimiter}»",
                 "file {path}: encoding {encoding}, delimiter '{delimiter}'"),
    "summary": ("прочитано строк: {read}; классифицировано: {ok}; ошибок: {errors} ({ok}+{errors}={read})",
                "rows read: {read}; classified: {ok}; errors: {errors} ({ok}+{errors}={read})"),
    "empty_skipped": ("пустых строк пропущено: {count}", "empty lines skipped: {count}"),
    "errors_written": ("ошибки по строкам: {path}", "row errors: {path}"),
    "result_written": ("результат: {path}", "result: {path}"),
    "progress": ("Классификация", "Classifying"),
    "provisional_word": ("предварительно", "provisional"),
    "yes": ("да", "yes"),
    "no": ("нет", "no"),
}


def m(key: str, lang: str, **kwargs: object) -> str:
    return pick(MESSAGES, key, lang, **kwargs)
