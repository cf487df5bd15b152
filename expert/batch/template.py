"""``expert template roster.xlsx``: the workbook schools fill in, one column per question of the KB.

Columns follow the interview: the student's code and class, then the questions group by group (a
coloured group title above them). Every yes/no and option answer has a drop-down list with «не знаю»;
numbers are limited to their range (an empty cell is «не знаю»); a cell of a several-options question
takes a typed list too. Each header's comment holds the question and its help. An instructions sheet
says how to fill it in. The header row is the second row: the roster reader finds it below the group
titles, so a filled template is classified as it is.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from expert.engine import kb_fingerprint
from expert.files import write_atomic
from expert.i18n import pick, t
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import InputDef

ROWS = 500  # rows prepared with drop-downs and checks
GROUP_FILLS = ("DDE4EE", "E2EFDA", "FCE4D6", "FFF2CC", "EDE7F6", "E0F2F1")
HEADER_ROW = 2
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
THIN = Border(bottom=Side(style="thin", color="8EA0B8"))

TEXTS: dict[str, tuple[str, str]] = {
    "sheet": ("Учащиеся", "Students"),
    "lists": ("Списки", "Lists"),
    "instructions": ("Инструкция", "Instructions"),
    "student": ("Учащийся", "Student"),
    "code": ("Код", "Code"),
    "class": ("Класс", "Class"),
    "unknown": ("не знаю", "unknown"),
    "code_help": ("Обезличенный код учащегося (например, S-001), не ФИО: по коду результат связывают с учащимся.",
                  "An anonymous student code (e.g. S-001), not the name: the result is matched to the student "
                  "by it."),
    "class_help": ("Класс, например 5А: в сводке результат считается по классам.",
                   "The class, e.g. 5A: the summary counts results per class."),
    "number_error": ("Целое число от {min} до {max}; пусто — не знаю.",
                     "A whole number from {min} to {max}; leave empty for unknown."),
    "list_error": ("Выберите из списка.", "Choose from the list."),
    "multi_prompt": ("Выберите вариант или впишите несколько через «;».",
                     "Choose an option or type several separated by ';'."),
    "title": ("Как заполнять список учащихся", "How to fill in the roster"),
    "steps": (
        "Одна строка — один учащийся, начиная с третьей строки листа «Учащиеся».\n"
        "В столбце «Код» — обезличенный код (например, S-001), не фамилия: по нему результат связывают с "
        "учащимся. Коды не должны повторяться.\n"
        "Ответы выбирайте из списка в ячейке: да, нет, вариант или «не знаю». Пустая ячейка тоже означает "
        "«не знаю»: неизвестный ответ нормален, результат тогда помечается «предварительно» и называет, что "
        "уточнить.\n"
        "Числа — целые, в указанных пределах (например, доля пропущенных дней в процентах).\n"
        "Где можно выбрать несколько вариантов, впишите их через «;», например: Алкоголь; Табак.\n"
        "Отборочный вопрос группы («Есть ли…»): ответ «нет» отвечает «нет» на все вопросы группы — их можно "
        "оставить пустыми; ответ «да» в вопросе группы при «нет» в отборочном — ошибка строки.\n"
        "Наведите указатель на заголовок столбца: в примечании — полный вопрос и пояснение.\n"
        "Не добавляйте столбцы с ФИО, ИИН, адресом: они не нужны и в результат не попадают.\n"
        "Готовый файл: expert classify список.xlsx -o результат.xlsx — в результате листы «Сводка», "
        "«Результат» и «Ошибки».",
        "One row per student, from the third row of the sheet 'Students'.\n"
        "In the column 'Code' an anonymous code (e.g. S-001), not the surname: the result is matched to the "
        "student by it. Codes must not repeat.\n"
        "Choose answers from the cell's list: yes, no, an option or 'unknown'. An empty cell also means "
        "unknown: unknown answers are normal, the result is then marked provisional and names what to "
        "clarify.\n"
        "Numbers are whole and within the stated range (e.g. the share of days missed, in percent).\n"
        "Where several options may apply, type them separated by ';', e.g.: Alcohol; Tobacco.\n"
        "A group's screening question ('Any …'): 'no' answers 'no' to every question of the group, which may "
        "stay empty; a 'yes' in the group with 'no' to its screen is a row error.\n"
        "Point at a column header: its note holds the whole question and its explanation.\n"
        "Do not add columns with names, ИИН or addresses: they are not needed and never reach the result.\n"
        "The filled file: expert classify roster.xlsx -o result.xlsx — the result has the sheets "
        "'Summary', 'Result' and 'Errors'."),
    "kb": ("База знаний: {version}; вопросов: {count}.", "Knowledge base: {version}; questions: {count}."),
}


def tr(key: str, lang: str, **kwargs: object) -> str:
    return pick(TEXTS, key, lang, **kwargs)


def question_order(kb: KnowledgeBase) -> list[InputDef]:
    """The questions grouped as the interview groups them: groups in KB order, inputs in KB order."""
    return [inp for gid in kb.groups for inp in kb.inputs.values() if inp.group == gid]


def choices(inp: InputDef, lang: str) -> list[str]:
    """What a drop-down offers: да/нет or the option titles, then «не знаю»."""
    if inp.type == "boolean":
        values = [t("yes", lang), t("no", lang)]
    else:
        values = [o.title.get(lang) for o in inp.options or []]
        if inp.type == "multi":
            values.append(t("no", lang))
    return [*values, tr("unknown", lang)]


def written_answer(inp: InputDef, value: Any, lang: str) -> str:
    """An answer as a filled-in template holds it: да/нет, option titles (several joined by «; »), a number;
    «не знаю» for an unknown one (None), as its drop-down offers them."""
    if value is None:
        return tr("unknown", lang)
    if inp.type == "boolean":
        return t("yes" if value else "no", lang)
    if inp.type == "integer":
        return str(value)
    titles = {o.id: o.title.get(lang) for o in inp.options or []}
    if inp.type == "choice":
        return titles[value]
    return "; ".join(titles[v] for v in inp.option_ids() if v in value) or t("no", lang)


def _header(cell: Any, text: str, note: str, fill: str) -> None:
    cell.value = text
    cell.font = Font(bold=True)
    cell.alignment = WRAP
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.border = THIN
    comment = Comment(note, "expert")
    comment.width, comment.height = 360, 220
    cell.comment = comment


def _validation(sheet: Any, lists: Any, inp: InputDef, column: str, list_column: int, lang: str) -> None:
    """The cell check for one question's column; drop-down values live on the hidden «Списки» sheet (an
    inline list is limited to 255 characters)."""
    cells = f"{column}{HEADER_ROW + 1}:{column}{HEADER_ROW + ROWS}"
    if inp.type == "integer":
        check = DataValidation(type="whole", operator="between", formula1=str(inp.min), formula2=str(inp.max),
                               allow_blank=True, showErrorMessage=True, errorTitle=inp.label.get(lang)[:32],
                               error=tr("number_error", lang, min=inp.min, max=inp.max))
    else:
        values = choices(inp, lang)
        letter = get_column_letter(list_column)
        for row, value in enumerate(values, start=1):
            lists.cell(row, list_column, value)
        check = DataValidation(type="list", formula1=f"'{lists.title}'!${letter}$1:${letter}${len(values)}",
                               allow_blank=True, showErrorMessage=True, errorTitle=inp.label.get(lang)[:32],
                               error=tr("list_error", lang))
        if inp.type == "multi":  # several options are typed; the list is a help, not a limit
            check.showErrorMessage = False
            check.promptTitle, check.prompt = inp.label.get(lang)[:32], tr("multi_prompt", lang)
            check.showInputMessage = True
    check.add(cells)
    sheet.add_data_validation(check)


def build_template(kb: KnowledgeBase, lang: str = "ru") -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = tr("sheet", lang)
    lists = book.create_sheet(tr("lists", lang))
    lists.sheet_state = "hidden"
    fixed = [(tr("code", lang), tr("code_help", lang), 12), (tr("class", lang), tr("class_help", lang), 9)]
    for i, (text, note, width) in enumerate(fixed, start=1):
        _header(sheet.cell(HEADER_ROW, i), text, note, "D9D9D9")
        sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.cell(HEADER_ROW + 1, i).number_format = "@"
    group_start = sheet.cell(1, 1)
    group_start.value, group_start.font = tr("student", lang), Font(bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    column = len(fixed)
    for g, gid in enumerate(kb.groups):
        members = [inp for inp in question_order(kb) if inp.group == gid]
        if not members:
            continue
        fill = GROUP_FILLS[g % len(GROUP_FILLS)]
        first = column + 1
        for inp in members:
            column += 1
            letter = get_column_letter(column)
            note = f"{inp.question.get(lang)}\n\n{inp.help.get(lang)}"
            _header(sheet.cell(HEADER_ROW, column), inp.label.get(lang), note, fill)
            sheet.column_dimensions[letter].width = 18 if inp.type != "multi" else 26
            _validation(sheet, lists, inp, letter, column, lang)
        title = sheet.cell(1, first, kb.groups[gid].title.get(lang))
        title.font, title.alignment, title.fill = Font(bold=True), CENTER, PatternFill("solid", fgColor=fill)
        if column > first:
            sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=column)
    sheet.row_dimensions[HEADER_ROW].height = 75
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, len(fixed) + 1)
    _instructions(book, kb, lang)
    return book


def _instructions(book: Workbook, kb: KnowledgeBase, lang: str) -> None:
    sheet = book.create_sheet(tr("instructions", lang), 1)  # after the list: a roster is read from the first sheet
    sheet.column_dimensions["A"].width = 100
    sheet.page_setup.orientation = "landscape"
    sheet["A1"] = tr("title", lang)
    sheet["A1"].font = Font(bold=True, size=14)
    for row, line in enumerate(tr("steps", lang).split("\n"), start=3):
        cell = sheet.cell(row, 1, f"{row - 2}. {line}")
        cell.alignment = WRAP
        sheet.row_dimensions[row].height = 15 * (1 + len(line) // 120)
    last = sheet.max_row + 2
    sheet.cell(last, 1, tr("kb", lang, version=kb_fingerprint(kb), count=len(kb.inputs))).font = Font(italic=True)
    book.active = 0  # opens on the sheet to fill in


def write_template(kb: KnowledgeBase, path: Path, lang: str = "ru") -> None:
    buffer = io.BytesIO()
    build_template(kb, lang).save(buffer)
    write_atomic(path, buffer.getvalue())
