"""Kazakh as a third language: every message has a Kazakh text, the fallback rule, the default language,
Kazakh answers and commands, Kazakh ``--help``."""

from __future__ import annotations

import inspect
import re
import string

import click
import pytest
from click.testing import CliRunner

from expert import i18n
from expert.cli import main
from expert.cli.localize import help_items, help_lang
from expert.consult.answers import UNKNOWN, parse_answer
from expert.consult.commands import command_of
from expert.consult.texts import tr
from expert.describe import others
from expert.locale.kk import KK
from expert.rules.schema import InputDef, Text
from tests.i18n_tables import all_pairs, message_tables


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _help_texts() -> list[str]:
    return sorted({inspect.cleandoc(item.help) for item in help_items(main) if getattr(item, "help", None)})


def test_every_message_of_the_code_has_a_kazakh_text():
    missing = [f"{where}: {ru!r}" for where, ru, _ in all_pairs() if not KK.get(ru, "").strip()]
    assert not missing, "no Kazakh text (add it to expert/locale/kk_*.py):\n" + "\n".join(missing)


def _placeholders_differ(ru: str, en: str, kk: str) -> bool:
    """A Kazakh text uses the placeholders of the Russian one; a ``x_ru`` one may be its ``x_kk`` twin, and a
    Russian-only grammatical ending (``end``) may be dropped."""
    wanted = {f[:-3] if f.endswith("_ru") else f for f in _fields(ru)} - {"end"}
    used = {f[:-3] if f.endswith(("_ru", "_kk")) else f for f in _fields(kk)} - {"end"}
    twins = {f for f in _fields(kk) if f.endswith("_kk")}
    return wanted != used or not _fields(kk) <= _fields(ru) | _fields(en) | twins


def test_kazakh_texts_keep_the_placeholders_of_the_russian_ones():
    differ = [f"{ru!r}: {sorted(_fields(ru))} vs {sorted(_fields(KK[ru]))}" for _, ru, en in all_pairs()
              if ru in KK and _placeholders_differ(ru, en, KK[ru])]
    assert not differ, "\n".join(differ)


def test_the_catalogue_has_no_text_nothing_shows():
    used = ({ru for _, ru, _ in all_pairs()} | set(_help_texts())
            | ARGUMENT_TEXTS)
    stale = sorted(set(KK) - used)
    assert not stale, "Kazakh texts whose Russian (or help) text is no longer in the code:\n" + "\n".join(stale)


# Russian texts passed as arguments of kb check messages (``reason_ru``), looked up when shown in Kazakh
ARGUMENT_TEXTS = {"нет источника (source)", "ни одно правило его не выводит", "их правила ждут только выводов выше",
                  "источник не ссылается ни на параграф (§N), ни на практику («practice: ...»)"}


def test_message_tables_are_found():
    tables = message_tables()
    assert "expert.consult.texts.MESSAGES" in tables and "explain.messages.MESSAGES" in tables


def test_every_help_text_has_a_kazakh_one():
    missing = [text for text in _help_texts() if text not in KK]
    assert not missing, "no Kazakh --help text:\n" + "\n".join(missing)


def test_missing_kazakh_text_is_an_error_in_strict_mode_and_russian_otherwise(monkeypatch):
    table = {"new": ("Новое сообщение", "A new message")}
    with pytest.raises(i18n.MissingTranslation):
        i18n.pick(table, "new", "kk")
    monkeypatch.setenv("EXPERT_I18N_STRICT", "0")
    i18n.MISSING.discard("Новое сообщение")
    assert i18n.pick(table, "new", "kk") == "Новое сообщение"
    assert "Новое сообщение" in i18n.MISSING
    assert Text(ru="Заголовок", en="Title").get("kk") == "Заголовок"


def test_kb_text_in_kazakh_and_its_fallback():
    assert Text(ru="Семья", en="Family", kk="Отбасы").get("kk") == "Отбасы"
    with pytest.raises(i18n.MissingTranslation):
        Text(ru="Семья", en="Family").get("kk")
    with pytest.raises(ValueError):
        Text(ru="Семья", en="Family", kk="")


@pytest.mark.parametrize(("env", "expected"), [
    ({"EXPERT_LANG": "kk"}, "kk"),
    ({"EXPERT_LANG": "en"}, "en"),
    ({"EXPERT_LANG": "de", "LANG": "kk_KZ.UTF-8"}, "kk"),
    ({"LANG": "kk_KZ.UTF-8"}, "kk"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LANG": "C.UTF-8"}, "ru"),
    ({"LANG": "de_DE.UTF-8"}, "ru"),
    ({"LC_ALL": "kk_KZ.UTF-8", "LANG": "en_US.UTF-8"}, "kk"),
    ({}, "ru"),
])
def test_default_language(monkeypatch, env, expected):
    for var in ("EXPERT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.default_lang() == expected


def test_windows_locale_names():
    assert i18n._lang_of("Kazakh_Kazakhstan") == "kk"
    assert i18n._lang_of("Russian_Russia") == "ru"
    assert i18n._lang_of("kkk") is None


def _leaf_commands(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    if isinstance(command, click.Group):
        ctx = click.Context(command)  # a lazy group imports a command when asked for it
        return [leaf for name in command.list_commands(ctx)
                for leaf in _leaf_commands(command.get_command(ctx, name), (*path, name))]
    return [(path, command)]


def test_every_command_accepts_lang_kk():
    for path, command in _leaf_commands(main):
        langs = [p for p in command.params if p.name == "lang"]
        assert langs and "kk" in langs[0].type.choices, " ".join(path)
        result = CliRunner().invoke(main, [*path, "--lang", "kk", "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Шығыс тілі" in result.output, path


def test_help_is_kazakh_when_the_language_is_known():
    runner = CliRunner()
    kazakh = runner.invoke(main, ["consult", "--help", "--lang", "kk"]).output
    assert "Интерактивті кеңес" in kazakh and "Interactive consultation" not in kazakh
    assert "Қолданылуы:" in kazakh and "Параметрлер:" in kazakh and "Usage:" not in kazakh
    assert "Осы анықтаманы көрсетіп, шығу." in kazakh and "[default:" not in kazakh
    russian = runner.invoke(main, ["consult", "--help"], env={"EXPERT_LANG": "ru"}).output
    assert "Консультация: задаёт" in russian and "Interactive consultation" not in russian
    english = runner.invoke(main, ["consult", "--help", "--lang", "en"]).output
    assert "Interactive consultation" in english and "Usage:" in english
    assert "Интерактивті кеңес" in runner.invoke(main, ["consult", "--help"], env={"EXPERT_LANG": "kk"}).output
    assert help_lang(["x", "--lang=kk"]) == "kk"


def test_lang_default_follows_expert_lang():
    result = CliRunner().invoke(main, ["explain", "/nonexistent/profile.yaml"], env={"EXPERT_LANG": "kk"})
    assert result.exit_code == 2
    assert result.output.startswith("қате:"), result.output


BOOL = InputDef(id="b", group="g", type="boolean", label=Text(ru="Б", en="B"), question=Text(ru="Б?", en="B?"),
                help=Text(ru="б", en="b"))


@pytest.mark.parametrize("word", ["иә", "Иә", "ия", "иа", "ие", "ia", "да", "yes"])
def test_kazakh_yes(word):
    assert parse_answer(BOOL, word, "kk") is True


@pytest.mark.parametrize("word", ["жоқ", "ЖОҚ", "жок", "joq", "zhoq", "нет", "no"])
def test_kazakh_no(word):
    assert parse_answer(BOOL, word, "kk") is False


@pytest.mark.parametrize("word", ["білмеймін", "білмеймин", "билмеймин", "билмеймін", "bilmeimin", "bilmeymin",
                                  "белгісіз", "не знаю"])
def test_kazakh_dont_know(word):
    assert parse_answer(BOOL, word, "kk") is UNKNOWN


@pytest.mark.parametrize(("word", "command"), [("неге", "why"), ("Неге", "why"), ("қалай", "how"), ("калай", "how"),
                                               ("артқа", "back"), ("артка", "back"), ("сақтау", "save"),
                                               ("сактау", "save"), ("?", "help"), ("анықтама", "help")])
def test_kazakh_commands(word, command):
    assert command_of(word) == command


def test_a_bad_answer_is_explained_in_kazakh():
    with pytest.raises(ValueError, match="«мүмкін» жауабы түсініксіз. Күтілетіні: иә / жоқ / білмеймін"):
        parse_answer(BOOL, "мүмкін", "kk")


def test_numbers_with_nouns_in_kazakh():
    assert others(5, "kk") == "тағы 5 шарт"
    assert others(1, "kk") == "тағы 1 шарт"
    assert others(5, "ru") == "ещё 5 условий" and others(2, "ru") == "ещё 2 условия"
    screen = tr("why_screen", "kk", n=5, labels="…")
    assert "5 сұраққа" in screen and "сұрақтарға" not in screen
    assert tr("progress", "kk", n=3, left=21) == "3-сұрақ (ең көбі 21 сұрақ қалды)"


SAME_IN_KAZAKH = {"Шкала", "параметр"}  # international words Kazakh writes as Russian does


def test_kazakh_texts_are_kazakh():
    """A Kazakh text that is still Russian (copied by mistake) would have no Kazakh-only letter nor word."""
    kazakh_letters = re.compile("[әіңғүұқөһӘІҢҒҮҰҚӨҺ]")
    suspicious = [ru for ru, kk in KK.items() if kk == ru and re.search("[а-яё]{4,}", ru.lower())
                  and not kazakh_letters.search(kk) and ru not in SAME_IN_KAZAKH]
    assert not suspicious, suspicious


def _bundled_copy(tmp_path):
    import shutil
    from pathlib import Path

    target = tmp_path / "kb"
    shutil.copytree(Path(__file__).resolve().parent.parent / "knowledge_base", target)
    return target


@pytest.mark.parametrize(("file", "old", "new"), [
    ("inputs.yaml", ', kk: "Отбасы"}', "}"),                      # a Kazakh text missing
    ("inputs.yaml", ', kk: "Отбасы"}', ', kk: ""}'),              # or empty
    ("sources.yaml", 'kk: "Педагог-ассистенттің көмегі."', ""),  # a § summary too
])
def test_kb_check_reports_a_missing_kazakh_text_with_file_and_line(tmp_path, file, old, new):
    from expert.kbtools.checks import check_kb

    kb = _bundled_copy(tmp_path)
    path = kb / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    report = check_kb(kb, 200)
    found = [f for f in report.errors if f.path == str(path)]
    assert found, [f.code for f in report.findings]
    assert any(0 <= line - (f.line or 0) <= 3 for f in found), (line, [(f.code, f.line) for f in found])  # the text
    assert any("казахский" in f.message("ru") or "kk" in f.message("ru") for f in found)
