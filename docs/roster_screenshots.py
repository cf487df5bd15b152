"""The README's roster pictures: a school export classified to XLSX, its sheets rendered as LibreOffice prints them.

    apt-get install --no-install-recommends libreoffice-calc-nogui poppler-utils   # once (Debian)
    .venv/bin/python docs/roster_screenshots.py     # writes examples/school_export.csv, docs/img/roster_*.png

The export is made from the bundled reference cases (30 students of three classes, answers written as the
template's drop-downs write them, a title row above the header, a name column that never reaches the
result, one repeated code and one bad number), so the pictures show what a methodologist gets. Each sheet
is printed to PDF by LibreOffice (A4 landscape, as the workbook asks), the first page drawn by pdftoppm,
then trimmed of its white margin here (PPM in, PNG out: no imaging library needed).
"""

from __future__ import annotations

import csv
import io
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from expert.batch.template import written_answer  # noqa: E402
from expert.cli import main as cli  # noqa: E402
from expert.engine import DEFAULT_KB  # noqa: E402
from expert.facts.profile import profile_from_document  # noqa: E402
from expert.rules.loader import load_cases, load_kb  # noqa: E402

EXAMPLE = ROOT / "examples" / "school_export.csv"
OUT = ROOT / "docs" / "img"
CLASSES = ("5А", "5Б", "6А")
NAMES = ("Ахметов Арман", "Беккер Анна", "Волкова Дана", "Жумабаев Ерлан", "Ким Алина", "Нурланова Айгерим")
STUDENTS = 30


def cell(inp, value) -> str:
    """An answer as the template's drop-down writes it; an unknown answer is an empty cell."""
    return "" if value is None else written_answer(inp, value, "ru")


def school_export() -> str:
    kb = load_kb(DEFAULT_KB)
    inputs = [i for g in kb.groups for i in kb.inputs.values() if i.group == g]
    cases = load_cases(DEFAULT_KB / "cases")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Социально-педагогическая диагностика, школа № 12, 2026/2027 учебный год"])
    writer.writerow([])
    writer.writerow(["Код", "ФИО", "Класс", *(i.label.ru for i in inputs)])
    step = max(1, len(cases) // STUDENTS)
    for n, (case, doc) in enumerate(cases[::step][:STUDENTS], start=1):
        profile = profile_from_document(kb, doc, doc.data["profile"], ("profile",))
        given = case.profile.get("answers", {})
        answers = [cell(i, profile.values.get(i.id) if i.id in given else None) for i in inputs]
        writer.writerow([f"S-{n:03d}", NAMES[n % len(NAMES)], CLASSES[n % len(CLASSES)], *answers])
    age = next(k for k, i in enumerate(inputs) if i.type == "integer")
    writer.writerow(["S-031", NAMES[0], "6А", *("140" if k == age else "" for k in range(len(inputs)))])  # out of range
    writer.writerow(["S-007", NAMES[1], "5Б", *("" for _ in inputs)])  # the code repeats: an error row
    return out.getvalue()


def read_ppm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6", "pdftoppm writes binary PPM"
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][: width * height * 3]


def trim(width: int, height: int, rgb: bytes, margin: int = 12) -> tuple[int, int, bytes]:
    """The picture without its white border (plus ``margin`` pixels)."""
    row_bytes = width * 3
    white = b"\xff" * row_bytes
    rows = [y for y in range(height) if rgb[y * row_bytes:(y + 1) * row_bytes] != white]
    cols = [x for x in range(width) if any(rgb[(y * width + x) * 3:(y * width + x) * 3 + 3] != b"\xff\xff\xff"
                                           for y in rows[::3])]
    top, bottom = max(rows[0] - margin, 0), min(rows[-1] + margin, height - 1)
    left, right = max(cols[0] - margin, 0), min(cols[-1] + margin, width - 1)
    out = b"".join(rgb[(y * width + left) * 3:(y * width + right + 1) * 3] for y in range(top, bottom + 1))
    return right - left + 1, bottom - top + 1, out


def write_png(path: Path, width: int, height: int, rgb: bytes) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    path.write_bytes(png)


def render_sheet(book: Path, sheet: str, target: Path, work: Path, dpi: int = 110) -> None:
    """Print one sheet of ``book`` by LibreOffice and save its first page, trimmed, as ``target``."""
    import openpyxl

    single = work / f"{target.stem}.xlsx"
    wb = openpyxl.load_workbook(book)
    for name in wb.sheetnames:
        if name != sheet:
            del wb[name]
    wb.save(single)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(single)],
                   check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", str(work / f"{target.stem}.pdf"),
                    str(work / target.stem)], check=True)
    page = next(work.glob(f"{target.stem}-*.ppm"))
    write_png(target, *trim(*read_ppm(page)))


def main() -> int:
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"missing: {', '.join(missing)} — apt-get install --no-install-recommends "
              "libreoffice-calc-nogui poppler-utils", file=sys.stderr)
        return 2
    EXAMPLE.write_bytes(school_export().encode("utf-8-sig"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = work / "результат.xlsx"
        res = CliRunner().invoke(cli, ["classify", str(EXAMPLE), "-o", str(result)])
        print(res.output)
        for sheet, name in (("Сводка", "roster_summary"), ("Результат", "roster_result"), ("Ошибки", "roster_errors")):
            render_sheet(result, sheet, OUT / f"{name}.png", work)
            print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
