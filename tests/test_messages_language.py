"""One language: in Russian mode click's own messages and the options' help are Russian, in English English."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from expert.cli import main
from expert.cli.click_texts import OPTION_HELP
from expert.i18n import counted


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="expert")


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the click contract: a lazy group imports a command when asked
        command = group.get_command(ctx, name)
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_click_errors_are_russian_by_default_and_english_on_request():
    res = run("consult", "--today", "2026-13-01", "--student", "x")
    assert res.exit_code == 2
    assert "Недопустимое значение '--today'" in res.stderr and "Invalid value" not in res.stderr
    assert "Использование: expert consult" in res.stderr
    res = run("explain")
    assert "Не хватает аргумента 'PROFILE'" in res.stderr and "Missing argument" not in res.stderr
    res = run("consult", "--lang", "en", "--today", "2026-13-01", "--student", "x")
    assert "Invalid value for '--today'" in res.stderr and "Usage: expert consult" in res.stderr


def test_every_option_has_its_help_in_both_languages():
    missing = [f"{' '.join(path)} {p.opts[0]}" for path, command in _commands(main) for p in command.params
               if isinstance(p, click.Option) and p.help and p.help not in OPTION_HELP]
    assert missing == []


@pytest.mark.parametrize("path", [path for path, _ in _commands(main)], ids=" ".join)
def test_help_is_in_one_language(path):
    ru = run(*path, "--help").output
    assert "Show this message" not in ru and "Usage:" not in ru and "Параметры:" in ru
    options = ru[ru.index("Параметры:"):]
    assert " / " not in options  # no «English / русский» pairs left
    en = CliRunner().invoke(main, [*path, "--help"], env={"EXPERT_LANG": "en"}, prog_name="expert").output
    assert "Usage:" in en and "Параметры" not in en


def test_kb_diff_help_names_a_real_command():
    assert "expert batch" not in run("kb", "diff", "--help").output


@pytest.mark.parametrize(("n", "noun", "text"), [
    (64, "inputs", "64 входных признака"), (104, "conclusions", "104 вывода"), (2, "scores", "2 шкалы"),
    (1, "rules", "1 правило"), (11, "rules", "11 правил"), (21, "params", "21 параметр"),
    (112, "questions", "112 вопросов")])
def test_russian_plural_forms(n, noun, text):
    assert counted(n, noun, "ru") == text


def test_kb_check_counts_read_as_russian():
    first = run("kb", "check").output.splitlines()[0]
    found = re.findall(r"(\d+) ([а-яё ]+?)(?=,|$)", first)
    nouns = {"входн": "inputs", "вывод": "conclusions", "правил": "rules", "шкал": "scores", "парамет": "params"}
    assert len(found) == 5
    for number, words in found:
        noun = next(v for k, v in nouns.items() if words.startswith(k))
        assert counted(int(number), noun, "ru") == f"{number} {words}"


BAD_PROFILE = "id: S-1\nanswers:\n  truancy_share: 300\n  ghost: yes\n  substances: [пиво]\n"


def test_profile_errors_are_russian_in_russian_mode(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_PROFILE, encoding="utf-8")
    res = run("classify", str(bad))
    assert res.exit_code == 2
    assert f"ошибка: {bad}:3: answers.truancy_share: truancy_share: 300 вне допустимого диапазона 0..100" in res.stderr
    assert "ghost: неизвестный признак 'ghost'" in res.stderr
    assert "нет такого варианта" in res.stderr
    assert "out of range" not in res.stderr and "unknown attribute" not in res.stderr


def test_profile_errors_are_english_in_english_mode(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_PROFILE, encoding="utf-8")
    res = run("classify", str(bad), "--lang", "en")
    assert "error:" in res.stderr and "300 is out of range 0..100" in res.stderr
    assert "unknown attribute 'ghost'" in res.stderr
    res = run("classify", str(tmp_path / "missing.yaml"), "--lang", "en")
    assert "file not found" in res.stderr and "не найден" not in res.stderr


def test_a_pair_of_languages_prints_one_side():
    res = run("explain", "nothere.yaml", "--how")
    assert "файл не найден" in res.stderr and "file not found" not in res.stderr


def test_every_problem_pattern_has_its_kazakh_text_with_the_same_groups():
    import re

    from expert.locale.kk_problems import KK_PATTERNS
    from expert.problem_texts import LOCATION_PATTERNS, PATTERNS

    for _pattern, russian in [*PATTERNS, *LOCATION_PATTERNS]:
        assert russian in KK_PATTERNS, russian
        kazakh = KK_PATTERNS[russian]
        assert sorted(re.findall(r"\\\d", kazakh)) == sorted(re.findall(r"\\\d", russian)), russian
        assert not re.search(r"[ёЁ]|ваш|ошибка|ожидается|признак", kazakh), kazakh  # not left in Russian


def test_profile_errors_are_kazakh_in_kazakh_mode(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_PROFILE, encoding="utf-8")
    res = run("classify", str(bad), "--lang", "kk")
    assert res.exit_code == 2
    assert "truancy_share: 300 рұқсат етілген 0..100 аралығынан тыс" in res.stderr
    assert "'ghost' деген белгі білім қорында жоқ" in res.stderr
    assert "мұндай нұсқа жоқ" in res.stderr
    assert "вне допустимого" not in res.stderr and "неизвестный признак" not in res.stderr
    res = run("explain", str(tmp_path / "missing.yaml"), "--how", "--lang", "kk")
    assert "файл табылмады" in res.stderr and "файл не найден" not in res.stderr
