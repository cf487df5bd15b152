"""``expert kb stats``: what the knowledge base holds."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from expert.cli import main
from expert.kbtools.stats import kb_stats
from expert.rules.loader import load_kb

FIXTURES = Path(__file__).parent / "fixtures"


def test_stats_of_kb_small() -> None:
    stats = kb_stats(load_kb(FIXTURES / "kb_small"), FIXTURES / "kbtools_cases")
    assert stats["totals"] == {"inputs": 6, "conclusions": 9, "rules": 7, "parameters": 3, "scores": 1}
    assert {g: e["inputs"] for g, e in stats["inputs_by_group"].items()} == {"deviant": 3, "family": 3}
    assert stats["inputs_by_group"]["family"]["types"] == {"boolean": 2, "choice": 1}
    # 'deviant' derives a direction and a function: it counts at the direction level
    assert stats["rules_by_level"] == {"direction": 3, "finding": 2, "prognosis": 1, "route": 1}
    # 'risk' and 'well_off' read 'not direction_deviant': they do not follow from it
    assert stats["rules_by_direction"]["direction_deviant"] == {"derive": ["deviant"], "follow": []}
    assert stats["sources"]["paragraphs"] == {"§19": 3, "§20": 3, "§21": 1, "§27": 1}
    assert stats["sources"]["practices"] == {"chronic_absence": 1}
    assert stats["cases"]["count"] == 3


def test_cli_stats_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["kb", "stats", str(FIXTURES / "kb_small"), "--lang", "en"])
    assert text.exit_code == 0
    assert "direction_deviant: 1 derive it, 0 follow from it" in text.output
    assert "  §19: 3, §20: 3, §21: 1, §27: 1" in text.output
    data = json.loads(runner.invoke(main, ["kb", "stats", str(FIXTURES / "kb_small"), "--format", "json"]).output)
    assert data["cases"]["count"] == 0
    assert runner.invoke(main, ["kb", "stats", str(FIXTURES / "nope")]).exit_code == 2
