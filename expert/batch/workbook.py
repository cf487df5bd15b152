"""The XLSX result a methodologist opens in Excel: results, «Сводка» and «Ошибки» sheets.

Written in openpyxl's write-only mode (memory stays flat whatever the roster's length): a frozen,
bold, filtered header; widths that fit the content; wrapped text, one list item per line. Every text
cell is stored as a string, so a value starting with ``=``, ``+``, ``-`` or ``@`` is never run as a
formula. The summary sheet is written last (it needs every row) and moved to the front.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from expert.errors import escape_controls
from expert.i18n import pick

SHEETS: dict[str, tuple[str, str]] = {
    "result": ("Результат", "Result"), "summary": ("Сводка", "Summary"), "errors": ("Ошибки", "Errors"),
}
WIDTHS = {"student_id": 14, "direction": 32, "provisional": 16, "functions": 30, "who": 30, "measures": 40,
          "specialists": 28, "urgent": 11, "urgent_flags": 34, "clarify": 44, "rules": 60}
ERROR_WIDTHS = {"row": 8, "column": 26, "value": 18, "message": 48, "hint": 56}
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
URGENT_FILL = PatternFill("solid", fgColor="F8CBAD")  # established
UNCLEAR_FILL = PatternFill("solid", fgColor="FFE699")  # not clarified: to ask today
THIN = Border(bottom=Side(style="thin", color="8EA0B8"))
WRAP = Alignment(wrap_text=True, vertical="top")
INDENTED = Alignment(wrap_text=True, vertical="top", indent=1)
BOLD = Font(bold=True)
LINE_HEIGHT = 15  # points per line of 11-point text
CHARS_PER_UNIT = 1.15  # characters of mixed Cyrillic text per unit of column width (measured in LibreOffice)
BOLD_CHARS_PER_UNIT = 0.9
MAX_HEIGHT = 409  # Excel's limit
EXCEL_CELL_CHARS = 32_767


def sheet_name(key: str, lang: str) -> str:
    return pick(SHEETS, key, lang)


def text(sheet: Any, value: Any, join: str = "\n") -> WriteOnlyCell:
    """A cell holding ``value`` as text (numbers stay numbers); lists joined one item per line."""
    if isinstance(value, list | tuple):
        value = join.join(str(v) for v in value)
    if isinstance(value, str):  # control characters cannot be stored in a sheet; Excel holds 32,767 per cell
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: escape_controls(m[0]), value)
        value = value if len(value) <= EXCEL_CELL_CHARS else value[:EXCEL_CELL_CHARS - 1] + "…"
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl reads a leading '=' as a formula; a roster's text never is one
    cell.alignment = WRAP
    return cell


def header_row(sheet: Any, headings: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for value in headings:
        cell = text(sheet, value)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, THIN
        cells.append(cell)
    return cells


def set_widths(sheet: Any, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def for_print(sheet: Any) -> None:
    """A4 landscape, as wide as the page, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def append(sheet: Any, row: int, cells: list[WriteOnlyCell], widths: list[int]) -> None:
    """Append ``cells`` as row ``row`` with a height that shows its wrapped text (neither Excel nor
    LibreOffice fits the height of a row written without one); the height is forgotten once written."""
    lines = 1
    for cell, width in zip(cells, widths, strict=False):
        if isinstance(cell.value, str) and cell.alignment.wrap_text:
            per_line = max(1, int(width * (BOLD_CHARS_PER_UNIT if cell.font.b else CHARS_PER_UNIT)))
            lines = max(lines, sum(math.ceil(max(1, len(part)) / per_line) for part in cell.value.split("\n")))
    if lines > 1:
        sheet.row_dimensions[row].height = min(MAX_HEIGHT, LINE_HEIGHT * lines)
    sheet.append(cells)
    sheet.row_dimensions.pop(row, None)  # written: keep memory flat however long the roster


SUMMARY_WIDTHS = [52, 16, 40, 22, 16, 16, 12, 10]


class ResultBook:
    """Result rows, error rows and, at the end, the summary; one workbook saved to ``path``."""

    def __init__(self, fields: list[str], headings: list[str], error_fields: list[str], error_headings: list[str],
                 lang: str):
        self.lang = lang
        self.book = Workbook(write_only=True)
        self.widths = {"result": [WIDTHS.get(f, 12) for f in fields],
                       "errors": [ERROR_WIDTHS.get(f, 20) for f in error_fields]}
        self.rows = {"result": 0, "errors": 0}
        self.result = self._sheet("result", headings)
        self.errors = self._sheet("errors", error_headings)
        self.urgent_column = fields.index("urgent") if "urgent" in fields else None

    def _sheet(self, key: str, headings: list[str]) -> Any:
        sheet = self.book.create_sheet(sheet_name(key, self.lang))
        set_widths(sheet, self.widths[key])
        for_print(sheet)
        sheet.freeze_panes = "B2" if key == "result" else "A2"
        sheet.print_title_rows = "1:1"
        self._append(key, sheet, header_row(sheet, headings))
        return sheet

    def _append(self, key: str, sheet: Any, cells: list[WriteOnlyCell]) -> None:
        self.rows[key] += 1
        append(sheet, self.rows[key], cells, self.widths[key])

    def add_result(self, values: list[Any], urgent: bool, unclear: bool = False) -> None:
        cells = [text(self.result, v) for v in values]
        if (urgent or unclear) and self.urgent_column is not None:
            cells[self.urgent_column].fill = URGENT_FILL if urgent else UNCLEAR_FILL
            cells[self.urgent_column].font = BOLD
        self._append("result", self.result, cells)

    def add_error(self, values: list[Any]) -> None:
        self._append("errors", self.errors, [text(self.errors, v) for v in values])

    def add_summary(self, rows: list[list[Any]]) -> None:
        """The «Сводка» sheet, first in the book: a title, a line of counts, then tables, each after a blank
        row, whose first row is their heading."""
        sheet = self.book.create_sheet(sheet_name("summary", self.lang))
        set_widths(sheet, SUMMARY_WIDTHS)
        for_print(sheet)
        for i, row in enumerate(rows):
            cells = [text(sheet, v, ", ") for v in row]
            for cell in cells[1:]:
                if isinstance(cell.value, str):  # set off from the number before it
                    cell.alignment = INDENTED
            if len(row) == 1:  # a title or a line of text: no wrap, it runs on over the empty cells
                cells[0].alignment = Alignment(vertical="top")
                cells[0].font = Font(bold=True, size=14) if i == 0 else (BOLD if i > 1 else Font())
            elif len(row) > 1 and len(rows[i - 1]) <= 1:
                for cell in cells:
                    cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, THIN
            append(sheet, i + 1, cells, SUMMARY_WIDTHS)
        self.book.move_sheet(sheet.title, offset=-(len(self.book.worksheets) - 1))
        self.book.active = 0

    def save(self, path: Path) -> None:
        for key, sheet in (("result", self.result), ("errors", self.errors)):
            last = get_column_letter(len(self.widths[key]))
            sheet.auto_filter.ref = f"A1:{last}{self.rows[key]}"
        self.book.save(path)
