"""`expert classify ROSTER -o RESULT`: every row accounted for, in every format a school exports."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from expert.batch import run as batch_run
from expert.cli import main
from tests.conftest import SMALL_KB

ROSTERS = Path(__file__).resolve().parent / "fixtures" / "rosters"


def classify(*args: str | Path, kb: Path = SMALL_KB, ids: bool = True):
    """A roster run; ``ids`` (--ids) keeps machine ids, which most tests here compare."""
    return CliRunner().invoke(main, ["classify", *map(str, args), "--kb", str(kb), *(["--ids"] if ids else [])])


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delimiter))


def reconcile(res, result: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The printed counts match the files: read = classified + errors, and the exit status says so."""
    rows = read_csv(result)
    errors_file = result.with_name(f"{result.stem}.errors.csv")
    errors = read_csv(errors_file) if errors_file.exists() else []
    counts = re.search(r"прочитано строк: (\d+); классифицировано: (\d+); ошибок: (\d+)", res.stdout)
    assert counts, res.stdout
    read, ok, bad = map(int, counts.groups())
    assert (ok, bad) == (len(rows), len({e["row"] for e in errors})), "every bad row has its error lines"
    assert read == ok + bad
    assert res.exit_code == (1 if bad else 0), res.output
    return rows, errors


@pytest.mark.parametrize("name", ["excel_bom_semicolon.csv", "excel_cp1251.csv"])
def test_russian_excel_csv_in_either_encoding(tmp_path: Path, name: str) -> None:
    out = tmp_path / "result.csv"
    res = classify(ROSTERS / name, "-o", out)
    rows, errors = reconcile(res, out)
    assert errors == []
    assert [r["student_id"] for r in rows] == ["S-1", "S-2", "S-3", "S-4"]
    assert "пустых строк пропущено: 2" in res.stdout
    by_id = {r["student_id"]: r for r in rows}
    assert by_id["S-1"]["direction"] == "direction_deviant"  # 12% missed by label «Доля пропусков»
    assert by_id["S-1"]["rules"] == "truancy_by_share, deviant"
    assert by_id["S-1"]["functions"] == "function_mediating"
    assert by_id["S-3"]["direction"] == "direction_risk_group"  # "alcohol; tobacco" quoted in a ;-file, 1 = yes
    assert by_id["S-3"]["provisional"] == "да"
    assert by_id["S-3"]["clarify"] == "truancy_share, offences"
    assert by_id["S-2"]["direction"] == "direction_well_off"  # 3,0 and ЛОЖЬ as Excel writes them
    assert by_id["S-4"]["provisional"] == "нет"
    cp = "cp1251" if "cp1251" in name else "utf-8"
    assert f"кодировка {cp}, разделитель «;»" in res.stderr


def test_encoding_results_are_identical_and_delimiter_is_kept(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    classify(ROSTERS / "excel_bom_semicolon.csv", "-o", a)
    classify(ROSTERS / "excel_cp1251.csv", "-o", b)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().startswith("\ufeffstudent_id;Класс;direction;".encode())  # «Класс»: context, kept


def test_excel_unicode_text_export(tmp_path: Path) -> None:
    roster = tmp_path / "u.txt"  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    roster.write_text("Код\tПравонарушения\tДоля пропусков\r\nU1\tда\t3\r\nU2\tнет\t12,0\r\n", encoding="utf-16")
    out = tmp_path / "u.csv"
    res = classify(roster, "-o", out)
    rows, _ = reconcile(res, out)
    assert [(r["student_id"], r["rules"]) for r in rows] == [("U1", "deviant"), ("U2", "truancy_by_share, deviant")]
    assert out.read_bytes().startswith(b"\xef\xbb\xbfstudent_id;")


def test_a_line_in_another_encoding_is_one_error_row(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    res = classify(ROSTERS / "broken_encoding.csv", "-o", out)
    rows, errors = reconcile(res, out)
    assert [r["student_id"] for r in rows] == ["A1", "A2", "A4"]
    assert [(e["row"], e["value"]) for e in errors] == [("4", "")]
    assert "utf-8" in errors[0]["message"]


def test_encoding_delimiter_and_decimal_can_be_forced(tmp_path: Path) -> None:
    auto, forced = tmp_path / "auto.csv", tmp_path / "forced.csv"
    classify(ROSTERS / "excel_cp1251.csv", "-o", auto)
    res = classify(ROSTERS / "excel_cp1251.csv", "-o", forced, "--encoding", "windows-1251", "--delimiter", ";")
    assert res.exit_code == 0 and auto.read_bytes() == forced.read_bytes()
    res = classify(ROSTERS / "excel_cp1251.csv", "-o", forced, "--encoding", "utf-8")
    assert res.exit_code == 2
    assert f"{ROSTERS / 'excel_cp1251.csv'}:1:" in res.stderr and "utf-8" in res.stderr
    res = classify(ROSTERS / "excel_bom_semicolon.csv", "-o", forced, "--decimal", ".")
    _, errors = reconcile(res, forced)
    assert [(e["row"], e["column"], e["value"]) for e in errors] == [("3", "Доля пропусков", "3,0")]


def test_missing_and_extra_columns(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    res = classify(ROSTERS / "missing_extra.csv", "-o", out)
    rows, errors = reconcile(res, out)
    assert [r["student_id"] for r in rows] == ["M1", "M2", "M5"]
    assert [(e["row"], e["column"]) for e in errors] == [("4", ""), ("5", "id")]
    assert res.stderr.count("Примечание") == 1  # listed once, by header only
    assert "переведён" not in res.output
    assert "нет столбцов для вопросов (5 из 6)" in res.stderr and "«Доля пропусков»" in res.stderr
    assert rows[2]["clarify"] == "truancy_share, offences, substances, low_income, single_parent"


def test_personal_columns_stay_out_unless_kept(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    res = classify(ROSTERS / "missing_extra.csv", "-o", out)
    assert "080101500" not in out.read_text(encoding="utf-8-sig")
    assert "080101500" not in out.with_name("r.errors.csv").read_text(encoding="utf-8-sig")
    assert "080101500" not in res.output
    res = classify(ROSTERS / "excel_bom_semicolon.csv", "-o", out, "--keep-columns", "ФИО,Класс")
    rows, _ = reconcile(res, out)
    assert list(rows[0])[:3] == ["student_id", "ФИО", "Класс"]
    assert (rows[0]["ФИО"], rows[0]["Класс"]) == ("Иванов Иван", "5А")
    assert "неизвестные столбцы" not in res.stderr and "персональными" not in res.stderr  # both were named


def test_wrong_values_one_line_per_row(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    res = classify(ROSTERS / "wrong_values.csv", "-o", out, "--lang", "en")
    rows = read_csv(out)
    errors = read_csv(out.with_name("r.errors.csv"))
    assert res.exit_code == 1
    assert "rows read: 7; classified: 1; errors: 6 (1+6=7)" in res.stdout
    assert [r["student_id"] for r in rows] == ["W7"]  # alcohol|tobacco and a Russian option title
    got = {e["row"]: (e["column"], e["value"], e["message"]) for e in errors}
    assert got["2"] == ("truancy_share", "12.5", "expected a whole number, got '12.5'")
    assert got["3"] == ("truancy_share", "101", "101 is out of range 0..100")
    assert got["5"][:2] == ("substances", "пиво")
    assert got["6"][:2] == ("family_support", "average")
    assert got["5"][2] == "'пиво' is not an option; allowed: «Alcohol», «Tobacco», «None»"
    seventh = [(e["column"], e["value"], e["hint"]) for e in errors if e["row"] == "7"]
    assert seventh == [("truancy_share", "abc", "a whole number from 0 to 100 or empty (unknown)"),
                       ("offences", "perhaps", "yes, no or empty (unknown)")]


def test_multi_values_with_commas_in_option_titles(tmp_path: Path) -> None:
    from expert.batch.cells import CellReader
    from expert.rules.loader import load_kb

    kb = load_kb(SMALL_KB)
    reader = CellReader(kb, kb.inputs["substances"])
    assert reader.read("Алкоголь | табак") == frozenset({"alcohol", "tobacco"})
    assert reader.read("alcohol;tobacco") == frozenset({"alcohol", "tobacco"})
    assert reader.read("не знаю") is None
    bigger = kb.inputs["substances"].model_copy(update={"options": [
        *kb.inputs["substances"].options,
        kb.inputs["substances"].options[0].model_copy(update={"id": "vapes", "title": kb.inputs[
            "substances"].options[0].title.model_copy(update={"ru": "Табак, вейпы, насвай", "en": "Vapes"})})]})
    reader = CellReader(kb, bigger)
    assert reader.read("Алкоголь, Табак, вейпы, насвай") == frozenset({"alcohol", "vapes"})


def test_jsonl_in_and_out(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    res = classify(ROSTERS / "roster.jsonl", "-o", out)
    assert res.exit_code == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = read_csv(tmp_path / "r.errors.csv")
    assert "прочитано строк: 6; классифицировано: 2; ошибок: 4 (2+4=6)" in res.stdout
    assert [r["student_id"] for r in rows] == ["J1", "J2"]
    assert rows[0]["direction"] == "direction_risk_group" and rows[0]["provisional"] is False
    assert rows[0]["functions"] == ["function_preventive"]
    assert [e["row"] for e in errors] == ["4", "5", "6", "7"]
    assert "Тестова" not in out.read_text(encoding="utf-8")
    assert "Класс" not in res.stderr  # a context key: not an unknown one (a program names what it wants kept)


def test_xlsx_in_and_out(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Фамилия", "truancy_share", "Offences", "low_income", "single_parent"])
    sheet.append([101, "Иванов", 12.0, True, None, None])
    sheet.append([None, None, None, None, None, None])
    sheet.append([102, "Ким", 2, "нет", 1, 1])
    sheet.append([103, "Ли", 2.5, "нет", 0, 0])
    src = tmp_path / "roster.xlsx"
    book.save(src)
    out = tmp_path / "result.xlsx"
    res = classify(src, "-o", out)
    assert res.exit_code == 1, res.output
    assert "прочитано строк: 3; классифицировано: 2; ошибок: 1 (2+1=3)" in res.stdout
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["Результат"].iter_rows(values_only=True))
    assert rows[0][:3] == ("student_id", "direction", "provisional")
    assert [r[:2] for r in rows[1:]] == [("101", "direction_deviant"), ("102", "direction_risk_group")]
    errors = list(book["Ошибки"].iter_rows(values_only=True))
    assert [e[:3] for e in errors] == [("row", "column", "value"), (5, "truancy_share", "2.5")]
    assert not (tmp_path / "result.errors.csv").exists()  # the errors are a sheet of the workbook
    assert "ошибки по строкам: " + str(out) + ", лист «Ошибки»" in res.stdout


def test_column_map_file(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("Номер;Прогулы %;Нарушал закон;Комментарий\nX1;15;нет;—\nX2;0;нет;\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  Номер: id\n  Прогулы %: truancy_share\n  Нарушал закон: offences\n"
                       "  Комментарий: ignore\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out, "--columns", mapping)
    rows, _ = reconcile(res, out)
    assert [(r["student_id"], r["direction"]) for r in rows] == [("X1", "direction_deviant"),
                                                                 ("X2", "direction_well_off")]
    assert "неизвестные столбцы" not in res.stderr
    mapping.write_text("columns:\n  Номер: id\n  Прогулы %: truancy\n", encoding="utf-8")
    res = classify(roster, "-o", out, "--columns", mapping)
    assert res.exit_code == 2
    assert f"{mapping}:3: Прогулы %: неизвестный признак 'truancy'" in res.stderr


def test_two_columns_for_one_input_is_a_user_error(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("id,offences,Правонарушения\n1,да,нет\n", encoding="utf-8")
    res = classify(roster, "-o", tmp_path / "o.csv")
    assert res.exit_code == 2
    assert "Правонарушения" in res.stderr and "offences" in res.stderr
    assert not (tmp_path / "o.csv").exists()


def test_row_number_is_the_id_when_there_is_no_id_column(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("offences\nда\nнет\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out)
    rows, _ = reconcile(res, out)
    assert [r["student_id"] for r in rows] == ["2", "3"]
    assert res.stderr.count("номер строки") == 1


def big_roster(path: Path, n: int) -> None:
    lines = ["id;truancy_share;offences;substances;low_income;single_parent;family_support"]
    subs = ["", "alcohol", "tobacco", "none", "alcohol, tobacco"]
    for i in range(n):
        lines.append(f"S{i};{(i * 7) % 40};{'да' if i % 11 == 0 else 'нет'};{subs[i % 5]};"
                     f"{['да', 'нет', ''][i % 3]};{['да', 'нет'][i % 2]};{['strong', 'weak', ''][i % 3]}")
    lines.insert(n // 2, "S-bad;abc;;;;;")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_workers_keep_input_order_and_give_the_same_bytes(tmp_path: Path) -> None:
    roster = tmp_path / "big.csv"
    big_roster(roster, 900)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    res1 = classify(roster, "-o", one, "-j", "1", "--explain-dir", tmp_path / "ex1")
    res2 = classify(roster, "-o", two, "-j", "2", "--explain-dir", tmp_path / "ex2")
    reconcile(res1, one)
    reconcile(res2, two)
    assert one.read_bytes() == two.read_bytes()
    assert (tmp_path / "one.errors.csv").read_bytes() == (tmp_path / "two.errors.csv").read_bytes()
    assert [r["student_id"] for r in read_csv(one)] == [f"S{i}" for i in range(900)]
    files = sorted(p.name for p in (tmp_path / "ex1").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "ex2").iterdir()) and len(files) == 900
    for name in files[:50]:
        assert (tmp_path / "ex1" / name).read_bytes() == (tmp_path / "ex2" / name).read_bytes()


def test_interrupted_run_leaves_no_half_written_result(tmp_path: Path, monkeypatch) -> None:
    roster = tmp_path / "big.csv"
    big_roster(roster, 600)
    out = tmp_path / "o.csv"
    out.write_text("previous complete result\n", encoding="utf-8")
    real = batch_run.Worker._student

    def interrupting(self, row):
        if row.number == 450:
            raise KeyboardInterrupt
        return real(self, row)

    monkeypatch.setattr(batch_run.Worker, "_student", interrupting)
    res = classify(roster, "-o", out)
    assert res.exit_code == 130
    assert out.read_text(encoding="utf-8") == "previous complete result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "o.csv"]


def test_stale_errors_file_is_removed_and_no_progress_bar_off_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    (tmp_path / "o.errors.csv").write_text("row,column,value,message\n9,x,y,z\n", encoding="utf-8")
    res = classify(ROSTERS / "excel_bom_semicolon.csv", "-o", out)
    assert res.exit_code == 0
    assert not (tmp_path / "o.errors.csv").exists()
    assert "Классификация" not in res.output


def test_explain_dir_one_file_per_student_named_by_id(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("id,offences\n7/А,да\n7/А,нет\n../x,нет\n", encoding="utf-8")
    res = classify(roster, "-o", tmp_path / "o.csv", "--explain-dir", tmp_path / "why")
    assert res.exit_code == 1, res.output  # the repeated 7/А is an error row, it gets no explanation
    assert sorted(p.name for p in (tmp_path / "why").iterdir()) == ["7_А-60bb7177.json", "x-d6b96a97.json"]
    data = json.loads((tmp_path / "why" / "7_А-60bb7177.json").read_text(encoding="utf-8"))
    assert data["student_id"] == "7/А" and data["direction"] == "direction_deviant" and data["trace"]


@pytest.mark.parametrize(("fmt", "suffix", "start"), [("dot", ".dot", "digraph"), ("text", ".txt", "")])
def test_explanations_as_graphs_or_text(tmp_path: Path, fmt: str, suffix: str, start: str) -> None:
    res = classify(ROSTERS / "excel_bom_semicolon.csv", "-o", tmp_path / "o.csv", "--explain-dir", tmp_path / "why",
                   "--explain-format", fmt)
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in (tmp_path / "why").iterdir())
    assert files == [f"S-{i}{suffix}" for i in range(1, 5)]
    text = (tmp_path / "why" / f"S-1{suffix}").read_text(encoding="utf-8")
    assert text.startswith(start) and "S-1" in text and "Иванов" not in text


def test_explain_dir_keeps_cyrillic_ids_apart(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("id,offences\n7А-06,да\n7Б-06,нет\n7/А,нет\n7_А,нет\n", encoding="utf-8")
    res = classify(roster, "-o", tmp_path / "o.csv", "--explain-dir", tmp_path / "why")
    assert res.exit_code == 0, res.output
    files = {p.name: json.loads(p.read_text(encoding="utf-8"))["student_id"] for p in (tmp_path / "why").iterdir()}
    assert files == {"7А-06.json": "7А-06", "7Б-06.json": "7Б-06", "7_А-60bb7177.json": "7/А", "7_А.json": "7_А"}


def test_roster_options_are_refused_for_a_single_profile(tmp_path: Path) -> None:
    profile = Path(__file__).resolve().parent / "fixtures" / "profiles" / "risk.yaml"
    res = classify(profile, "-o", tmp_path / "x.csv", ids=False)
    assert res.exit_code == 2
    assert "-o" in res.stderr
    res = classify(ROSTERS / "roster.jsonl", "-o", tmp_path / "x.csv", "--show-name")
    assert res.exit_code == 2 and not (tmp_path / "x.csv").exists()


def test_output_must_not_overwrite_the_roster(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("id,offences\n1,да\n", encoding="utf-8")
    res = classify(roster, "-o", roster)
    assert res.exit_code == 2
    assert roster.read_text(encoding="utf-8") == "id,offences\n1,да\n"


def test_an_engine_fault_costs_one_row(tmp_path: Path, monkeypatch) -> None:
    real = batch_run.Worker._evaluate

    def failing(self, profiles):
        if any(p.id == "S-2" for p in profiles):
            raise RuntimeError("boom")
        return real(self, profiles)

    monkeypatch.setattr(batch_run.Worker, "_evaluate", failing)
    out = tmp_path / "o.csv"
    res = classify(ROSTERS / "excel_bom_semicolon.csv", "-o", out)
    rows, errors = reconcile(res, out)
    assert [r["student_id"] for r in rows] == ["S-1", "S-3", "S-4"]
    assert [(e["row"], e["message"]) for e in errors] == [("3", "внутренняя ошибка классификации: RuntimeError")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_are_streamed_not_read_ahead(jobs: int) -> None:
    """Only a bounded window of rows is in flight, however long the roster (here: endless)."""
    from itertools import count

    from expert.batch.readers import RawRow
    from expert.rules.loader import load_kb

    kb = load_kb(SMALL_KB)
    pulled = [0]

    def endless():
        for n in count(2):
            pulled[0] += 1
            yield RawRow(n, [f"S{n}", "да" if n % 2 else "нет"])

    setup = batch_run.Setup(("id", "offences"), True, (), None, (), "auto", "ru", False)
    summary = batch_run.Summary()
    results = batch_run._ordered_results(batch_run._chunks(endless(), summary), kb, setup, jobs)
    first = next(results)
    assert [r[2]["student_id"] for r in first[:3]] == ["S2", "S3", "S4"]
    second = next(results)
    assert second[0][2]["student_id"] == f"S{2 + batch_run.CHUNK}"
    assert pulled[0] <= (2 * jobs + 4) * batch_run.CHUNK
    results.close()


def test_an_unknown_result_format_is_refused_before_any_work(tmp_path):
    from click.testing import CliRunner

    from expert.cli import main

    roster = tmp_path / "r.csv"
    roster.write_text("id;offences\n1;да\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["classify", str(roster), "-o", str(tmp_path / "out.xyz")])
    assert res.exit_code == 2
    assert "неизвестный формат результата '.xyz'" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


def test_roster_row_is_made_by_the_profile_constructor(tmp_path: Path) -> None:
    """A row contradicting a screening question answered «нет» is refused (as in a profile file), and the
    questions a «нет» answers are neither unknown nor asked for in the clarify column."""
    from expert.engine import DEFAULT_KB

    roster = tmp_path / "r.csv"
    roster.write_text("id;screen_family;low_income\nS-1;нет;да\nS-2;нет;\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out, kb=DEFAULT_KB)
    rows, errors = reconcile(res, out)
    assert [(e["row"], e["column"]) for e in errors] == [("2", "low_income")]
    assert "«Есть ли трудности в семье»" in errors[0]["message"]  # the screening question, by its label
    assert [r["student_id"] for r in rows] == ["S-2"]
    assert "low_income" not in rows[0]["clarify"]


def test_verify_reruns_random_rows_through_the_engine(tmp_path: Path, monkeypatch) -> None:
    """--verify N: N sampled rows agree between the evaluator and experta; a difference fails loudly."""
    roster = tmp_path / "big.csv"
    big_roster(roster, 300)
    out = tmp_path / "o.csv"
    res = classify(roster, "-o", out, "--verify", "25", "--lang", "en")
    assert res.exit_code == 1, res.output  # big_roster has one bad row on purpose
    assert "verify: 25 random rows re-run through the experta engine — identical results" in res.output
    real = batch_run.Worker._evaluate

    def wrong(self, profiles):  # an evaluator that disagrees with the engine on every row
        outcomes = real(self, profiles)
        if not self.setup.explain:
            for record, _explanation in outcomes:
                record["provisional"] = not record["provisional"]
        return outcomes

    monkeypatch.setattr(batch_run.Worker, "_evaluate", wrong)
    res = classify(roster, "-o", out, "--verify", "5", "--lang", "en")
    assert res.exit_code == 2
    assert res.output.count("verification failed: row") == 5


def test_a_roster_run_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    before = gc.get_threshold()
    out = tmp_path / "o.csv"
    res = classify(ROSTERS / "excel_bom_semicolon.csv", "-o", out)
    assert res.exit_code in (0, 1), res.output
    assert gc.get_threshold() == before
