"""Hostile inputs made from valid ones: text and byte mutations that every reader of the system must survive.

Pure functions of a ``random.Random``, so the normal test run (through hypothesis, which supplies the
seed) and ``benchmarks/fuzz.py`` (a plain seeded loop) make the same kinds of cases, and a failing case is
rebuilt from its seed.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from collections.abc import Callable

# Values that broke, or could break, a reader, a writer or a message (issue 16 and what it led to).
HOSTILE_SCALARS = [
    "9" * 5000, "-" + "7" * 400, "1" + "0" * 400, "1e400", "-1e400", ".inf", "-.inf", ".nan", "NaN", "Infinity",
    "0x" + "f" * 40, "1_000_000", "12,5", "'\\ud800'", '"\\ud800"', '"S-\\udfff"', '"\\u0000"', '"\\x1b[2J"',
    '"a\\nb"', '"line\\u2028sep"', '"=HYPERLINK(\\"http://x\\")"', '"+1+1"', '"-2+3"', '"@SUM(A1)"', '"\\t=1"',
    "true", "no", "null", "~", "[]", "{}", "[[[]]]", "!!binary aGVsbG8=", "!!python/object:os.system", "!foo bar",
    "2026-13-45", "*undefined", "&anchor x", "'" + "x" * 20_000 + "'", '"' + "ж" * 3000 + '"',
]
HOSTILE_CELLS = [
    "", " ", "да", "нет", "не знаю", "=1+1", "+7", "-1", "@SUM(A1)", "\t=cmd", "\r=2", "=HYPERLINK(\"http://x\")",
    "x" * 200_000, ", ".join(["alcohol", "tobacco"] * 750), "alcohol;tobacco|none", "\x00", "a\nb", "\u2028",
    '"', '""', "'", ";", ",", "99999999999999999999999999999999999", "1e400", "NaN", "12,0", "1 000", "\ufeff",
    "Ж" * 300, "\ud800", "S-1", "ИСТИНА", "ЛОЖЬ", "1", "0", "-", "н/д",
]
HOSTILE_IDS = [
    "S-1", "", " ", "S" * 400, "Ж" * 300, "a/" * 200, "../../etc/passwd", "..", ".", "CON", "nul.txt", "x\ty",
    "x\ny", "\x1b[31mred", "<b>bold</b>", '"quoted"', "{braces}", "a\\b", "-1", "=1+1", "@x", "\u202eevil",
    "id with spaces", "7А-06", "S-1\u0000", "\u2028", "'; DROP TABLE", "label=\"x\"", "]];graph[", "\ud800",
]


MAX_CASE_BYTES = 4 << 20


def deep(rng: random.Random, json_style: bool = True) -> str:
    depth = rng.choice([70, 200, 1000, 5000])
    if json_style or rng.random() < 0.5:
        return "[" * depth + "]" * depth
    return "{a: " * depth + "1" + "}" * depth


def alias_bomb(rng: random.Random, indent: str = "") -> str:
    width, levels = rng.choice([(9, 9), (10, 8), (4, 20)])
    lines = [f"{indent}b0: &b0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"{indent}b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines)


def self_alias(rng: random.Random, indent: str = "") -> str:
    return rng.choice([f"{indent}loop: &x [*x]", f"{indent}loop: &x {{a: *x}}", f"{indent}loop: &x [1, [2, *x]]"])


def _lines_mutation(rng: random.Random, text: str, hostile: list[str]) -> str:
    lines = text.split("\n") or [""]
    i = rng.randrange(len(lines))
    line = lines[i]
    indent = line[: len(line) - len(line.lstrip())]
    op = rng.randrange(6)
    if op == 0 and ": " in line:  # a value replaced
        key = line.split(": ", 1)[0]
        lines[i] = f"{key}: {rng.choice(hostile)}"
    elif op == 1:  # a new key with a hostile value
        lines.insert(i, f"{indent}{rng.choice(HOSTILE_IDS).replace(chr(10), ' ')}x: {rng.choice(hostile)}")
    elif op == 2:  # a duplicate key
        lines.insert(i, line)
    elif op == 3:
        del lines[i]
    elif op == 4:  # nesting
        lines.insert(i, f"{indent}deep: {deep(rng, False)}")
    else:  # aliases
        lines.insert(i, alias_bomb(rng, indent) if rng.random() < 0.6 else self_alias(rng, indent))
    return "\n".join(lines)


def _json_mutation(rng: random.Random, text: str) -> str:
    op = rng.randrange(6)
    if op == 0:
        return text.replace("{", '{"dup": 1, "dup": 2, ', 1)
    if op == 1:
        return text.replace("{", '{"deep": ' + deep(rng) + ", ", 1)
    if op == 2:
        value = rng.choice(['"\\ud800"', "9" * 5000, "1e400", "NaN", "-Infinity", '"\\u0000\\n"', "1" + "0" * 40])
        return text.replace("{", '{"x": ' + value + ", ", 1)
    if op == 3:
        return text.replace('"', '"\\udc00', 1)
    if op == 4:
        return text[: rng.randrange(len(text) + 1)]
    return text.replace(":", ": " + "[" * 3 + "0" + "]" * 3 + ",", 1)


def mutate_document(rng: random.Random, text: str, json_text: bool) -> bytes:
    """A profile, answers file, session or KB file made hostile: 1–3 mutations, then maybe its bytes."""
    for _ in range(rng.randint(1, 3)):
        text = _json_mutation(rng, text) if json_text and rng.random() < 0.7 else _lines_mutation(
            rng, text, HOSTILE_SCALARS)
    if rng.random() < 0.1:
        text = "# " + "x" * rng.choice([20_000, 300_000]) + "\n" + text
    if rng.random() < 0.05:  # many times over, up to a few MB (the fuzzer's own memory stays small)
        text = text * max(1, min(rng.choice([50, 2000]), MAX_CASE_BYTES // max(1, len(text))))
    return mutate_bytes(rng, text.encode("utf-8", "surrogatepass"))


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    op = rng.randrange(10)
    if op == 0 and data:  # flipped bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if op == 1:
        return b"\xef\xbb\xbf" + data
    if op == 2:
        return data[: rng.randrange(len(data) + 1)]
    if op == 3:
        return data.replace(b"\n", b"\r\n")
    if op == 4:
        return data + b"\x00" * rng.randint(1, 10)
    return data


def roster_rows(rng: random.Random, headers: list[str], n: int) -> list[list[str]]:
    rows = []
    for i in range(n):
        row = [rng.choice(HOSTILE_IDS) if rng.random() < 0.2 else f"S{i}"]
        row += [rng.choice(HOSTILE_CELLS) if rng.random() < 0.35 else rng.choice(["да", "нет", "", "5", "alcohol"])
                for _ in headers[1:]]
        if rng.random() < 0.1:
            row = row[: rng.randrange(len(row) + 1)] if rng.random() < 0.5 else row + ["extra"] * 3
        rows.append(row)
    return rows


ROSTER_HEADERS = ["id", "truancy_share", "offences", "substances", "low_income", "single_parent"]


def csv_roster(rng: random.Random) -> tuple[bytes, str]:
    """(bytes, suffix) of a CSV roster in one of the encodings a school's Excel writes, hostile cells inside."""
    headers = list(ROSTER_HEADERS)
    if rng.random() < 0.2:
        headers.append(rng.choice(HOSTILE_IDS))
    rows = roster_rows(rng, headers, rng.randint(1, 30))
    delimiter = rng.choice([";", ",", "\t"])
    buffer = io.StringIO()
    if rng.random() < 0.8:
        csv.writer(buffer, delimiter=delimiter, lineterminator=rng.choice(["\n", "\r\n"])).writerows([headers, *rows])
    else:  # written by hand: stray quotes and all
        buffer.write("\n".join(delimiter.join(r) for r in [headers, *rows]))
    text = buffer.getvalue()
    if rng.random() < 0.1:
        text = "Список класса 5А\n\n" + text
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1251", "utf-16"])
    data = text.encode(encoding, "replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")
    return mutate_bytes(rng, data) if rng.random() < 0.3 else data, ".csv" if delimiter != "\t" else ".txt"


def jsonl_roster(rng: random.Random) -> tuple[bytes, int]:
    """(bytes, number of non-blank lines) of a JSONL roster: objects with hostile values, hostile raw lines."""
    lines = []
    for i in range(rng.randint(1, 30)):
        if rng.random() < 0.3:
            lines.append(rng.choice([
                '{"id": "S", "x": ' + deep(rng) + "}", '{"id": ' + "9" * 5000 + "}", '{"id": "\\ud800"}',
                '{"id": "a", "id": "b"}', '{"truancy_share": NaN}', "[1, 2]", '"text"', "{", "null",
                '{"id": "S", "answers": [1]}', '{"id": "S", "answers": {"offences": {"a": 1}}}',
                '{"id": "S", "truancy_share": 1e400}', "\x00", '{"id": "' + "x" * 300 + '"}']))
        else:
            row = {"id": rng.choice(HOSTILE_IDS) if rng.random() < 0.2 else f"S{i}"}
            for key in ROSTER_HEADERS[1:]:
                if rng.random() < 0.7:
                    row[key] = rng.choice(HOSTILE_CELLS + [True, False, 5, -1, 10 ** 30, 1.5, None, [], {}])
            lines.append(json.dumps(row, ensure_ascii=rng.random() < 0.5))
    data = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"
    return data, sum(1 for line in data.split(b"\n") if line.strip())


def xlsx_roster(rng: random.Random) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ROSTER_HEADERS)
    for row in roster_rows(rng, ROSTER_HEADERS, rng.randint(1, 20)):
        sheet.append([_xlsx_safe(c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if rng.random() < 0.15:  # a member that inflates far beyond its packed size
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            dst.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * rng.choice([10, 5_000_000]))
        data = out.getvalue()
    return mutate_bytes(rng, data) if rng.random() < 0.1 else data


def _xlsx_safe(cell: str) -> str:
    """openpyxl refuses control characters and surrogates in cells; the hostile text is kept otherwise."""
    return "".join(c if (c >= " " or c in "\t\n\r") and not 0xD800 <= ord(c) <= 0xDFFF else "?" for c in cell)


MUTATORS: dict[str, Callable] = {"document": mutate_document, "csv": csv_roster, "jsonl": jsonl_roster,
                                 "xlsx": xlsx_roster}
