"""Messages of batch classification, Russian (default) and English."""

from __future__ import annotations

from expert.guard import MESSAGES as GUARD_MESSAGES
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
    "verify_ok": ("проверка: {count} случайных строк пересчитаны механизмом вывода experta — результаты совпадают",
                  "verify: {count} random rows re-run through the experta engine — identical results"),
    "verify_failed": ("проверка не пройдена: строка {row}, столбец {column}: вычислитель — {fast}, механизм "
                      "вывода experta — {engine}",
                      "verification failed: row {row}, column {column}: the evaluator gives {fast}, the experta "
                      "engine {engine}"),
    "unknown_columns": ("неизвестные столбцы (не используются): {columns}",
                        "unknown columns (not used): {columns}"),
    "did_you_mean": ("«{header}» (может быть, «{label}»?)", "'{header}' (did you mean '{label}'?)"),
    "header_found": ("строка заголовка: {row} (строки выше не читаются как учащиеся)",
                     "header row: {row} (the rows above are not read as students)"),
    "header_not_found": (
        "заголовок не найден: распознано столбцов {known} из {count}, с ответами — {answers} (нужен хотя бы один "
        "столбец с ответом и не меньше {share} распознанных); найдено: {found}. Ожидались названия вопросов, "
        "например «Возраст», «Правонарушения», код учащегося и класс — как в шаблоне (expert template). "
        "Проверьте разделитель (--delimiter), лист (--sheet) или задайте столбцы (--columns)",
        "header not found: {known} of {count} columns recognised, {answers} of them answers (at least one answer "
        "column and {share} recognised are needed); found: {found}. Expected question labels such as 'Age', "
        "'Offences', the student id and class, as in the template (expert template). Check the delimiter "
        "(--delimiter), the sheet (--sheet) or map the columns (--columns)"),
    "id_column_missing": ("столбца «{column}» (--id-column) нет в заголовке", "no column '{column}' (--id-column) "
                                                                              "in the header"),
    "id_like_names": ("в столбце кода «{column}» похоже на фамилии и имена: код попадает в результат и в имена "
                      "файлов объяснений; лучше обезличенный код (например, S-001)",
                      "the id column '{column}' seems to hold names: the id goes into the result and the "
                      "explanation file names; an anonymous code (e.g. S-001) is better"),
    "duplicate_id": ("код {id} уже встречался в строке {first}; строка не классифицирована",
                     "id {id} already appeared in row {first}; the row is not classified"),
    "missing_group": ("{group}: {labels}", "{group}: {labels}"),
    "personal_columns": ("столбцы с персональными данными не переносятся в результат: {columns} "
                         "(чтобы перенести: --keep-columns)",
                         "columns with personal data are not copied to the result: {columns} "
                         "(to copy them: --keep-columns)"),
    "missing_inputs": ("нет столбцов для вопросов ({count} из {total}), ответы считаются «не знаю» — {inputs}",
                       "no columns for {count} of {total} questions, taken as unknown — {inputs}"),
    "hint_bool": ("да, нет или пусто (не знаю)", "yes, no or empty (unknown)"),
    "hint_int": ("целое число от {min} до {max}{unit} или пусто (не знаю)",
                 "a whole number from {min} to {max}{unit} or empty (unknown)"),
    "hint_choice": ("один из вариантов: {options}; или пусто (не знаю)", "one of: {options}; or empty (unknown)"),
    "hint_multi": ("варианты через «;»: {options}; «нет» — ни одного; пусто — не знаю",
                   "options separated by ';': {options}; 'no' for none; empty for unknown"),
    "hint_id": ("код учащегося, например S-001", "the student's id, e.g. S-001"),
    "hint_duplicate_id": ("свой код для каждого учащегося; повторную строку удалите",
                          "a different id for each student; delete the repeated row"),
    "hint_extra_cells": ("удалите лишние ячейки справа или дайте столбцу заголовок",
                         "delete the extra cells on the right or give the column a header"),
    "hint_encoding": ("сохраните файл в UTF-8 или Windows-1251", "save the file as UTF-8 or Windows-1251"),
    "hint_json": ("одна строка — один объект JSON: {\"id\": …, \"answers\": {…}}",
                  "one JSON object a line: {\"id\": …, \"answers\": {…}}"),
    "screen_conflict": ("противоречит ответу «нет» на отборочный вопрос «{screen}»",
                        "contradicts the answer «no» to the screening question '{screen}'"),
    "hint_screen_conflict": ("исправьте этот ответ или ответ на «{screen}»",
                             "correct this answer or the answer to '{screen}'"),
    "hint_one_column": ("оставьте один из столбцов", "keep one of the columns"),
    "no_id_column": ("столбец с кодом учащегося не найден: кодом служит номер строки",
                     "no student id column found: the row number is used as the id"),
    "detected": ("файл {path}: кодировка {encoding}, разделитель «{delimiter}»",
                 "file {path}: encoding {encoding}, delimiter '{delimiter}'"),
    "summary": ("прочитано строк: {read}; классифицировано: {ok}; ошибок: {errors} ({ok}+{errors}={read})",
                "rows read: {read}; classified: {ok}; errors: {errors} ({ok}+{errors}={read})"),
    "empty_skipped": ("пустых строк пропущено: {count}", "empty lines skipped: {count}"),
    "errors_written": ("ошибки по строкам: {path}", "row errors: {path}"),
    "errors_sheet_written": ("ошибки по строкам: {path}, лист «Ошибки»", "row errors: {path}, sheet 'Errors'"),
    "result_written": ("результат: {path}", "result: {path}"),
    "progress": ("Классификация", "Classifying"),
    "provisional_word": ("предварительно", "provisional"),
    "yes": ("да", "yes"),
    "no": ("нет", "no"),
}


def m(key: str, lang: str, **kwargs: object) -> str:
    """A batch message; a row the input guard refused carries one of the guard's keys instead."""
    return pick(MESSAGES if key in MESSAGES else GUARD_MESSAGES, key, lang, **kwargs)
