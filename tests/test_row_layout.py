"""A tabular row read with the header's layout worked out once (``RowParser.parse_cells``) gives the same
Student, or the same problems in the same order, as the general reading of (header, cell) pairs."""

from __future__ import annotations

import random

import pytest

from expert.batch.columns import Resolver, RowError, RowParser
from expert.engine import DEFAULT_KB
from expert.rules.loader import load_kb

ODD_CELLS = ["", "не знаю", "да", "нет", "1", "0", "2", "abc", "13 лет", "-5", "999", "=1+1", None, 1, 0.5, True]


@pytest.fixture(scope="module")
def kb():
    return load_kb(DEFAULT_KB)


def _cell(rng: random.Random, kb, input_id: str, odd: float):
    inp = kb.inputs[input_id]
    if rng.random() < odd:
        return rng.choice(ODD_CELLS)
    if inp.type == "boolean":
        return "да" if rng.random() < 0.1 else "нет"
    if inp.type == "integer":
        return str(rng.randint(inp.min, inp.max))
    ids = inp.option_ids()
    if inp.type == "choice":
        return rng.choice(ids)
    return ", ".join(o for o in ids if rng.random() < 0.3) or "нет"


def _outcome(parse):
    try:
        student = parse()
    except RowError as exc:
        return ("err", [(p.column, p.value, p.message, p.hint) for p in exc.problems])
    return ("ok", student.id, list(student.values.items()), student.kept)


@pytest.mark.parametrize("seed", range(6))
def test_layout_reading_equals_the_general_reading(kb, seed: int) -> None:
    rng = random.Random(seed)
    inputs = list(kb.inputs)
    if seed % 2:
        rng.shuffle(inputs)  # columns not in KB order
    headers = {0: (*inputs, "Класс"), 1: ("Класс", "id", *inputs, "что-то ещё"),
               2: (*inputs[:30], "id", *inputs[30:], "Класс")}[seed % 3]
    has_id = "id" in headers
    parser = RowParser(kb, Resolver(kb), ["Класс"], "auto", "en" if seed == 4 else "ru")
    seen = []
    for number in range(2, 400):
        odd = rng.choice([0, 0, 0.01, 0.2])
        row = {h: _cell(rng, kb, h, odd) if h in kb.inputs else rng.choice(["7А", "", "S-1", None]) for h in headers}
        for screen, implied in kb.screens.items():  # a «нет» to a screening question leaves its questions blank
            if row[screen] == "нет" and rng.random() < 0.9:
                row.update(dict.fromkeys(implied, ""))
        cells = [row[h] for h in headers]
        fast = _outcome(lambda c=cells, n=number: parser.parse_cells(n, headers, c, has_id))
        general = _outcome(lambda c=cells, n=number: parser.parse(n, list(zip(headers, c, strict=False)), has_id))
        assert fast == general, (number, dict(zip(headers, cells, strict=True)))
        seen.append(fast[0])
    assert seen.count("ok") > 40 and seen.count("err") > 40, (seen.count("ok"), seen.count("err"))


def test_a_short_row_and_a_repeated_input_take_the_general_way(kb) -> None:
    parser = RowParser(kb, Resolver(kb), [], "auto", "ru")
    short = _outcome(lambda: parser.parse_cells(2, ("id", "offences", "age"), ["S-1", "да"], True))
    assert short[0] == "ok" and short[1] == "S-1" and dict(short[2]) == {"offences": True}
    twice = _outcome(lambda: parser.parse_cells(2, ("id", "offences", "offences"), ["S-1", "да", "нет"], True))
    assert twice[0] == "err" and twice[1][0][0] == "offences"
