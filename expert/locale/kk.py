"""The Kazakh catalogue: Russian text of a message (as written in its (ru, en) table) → Kazakh text.

Split by area into small modules; terms follow ``knowledge_base/glossary.yaml``. Kazakh nouns after a
numeral stay singular («5 сұрақ»), so templates keep the noun after ``{n}`` in the singular; a case
ending goes on the noun (never on a number or a title in quotes), which keeps every form right.
"""

from __future__ import annotations

from expert.locale.kk_batch import KK_BATCH
from expert.locale.kk_cli import KK_CLI
from expert.locale.kk_click import KK_CLICK
from expert.locale.kk_consult import KK_CONSULT
from expert.locale.kk_core import KK_CORE
from expert.locale.kk_explain import KK_EXPLAIN
from expert.locale.kk_guard import KK_GUARD
from expert.locale.kk_kbtools import KK_KBTOOLS
from expert.locale.kk_roster import KK_ROSTER
from expert.locale.kk_web import KK_WEB

PARTS = (KK_CORE, KK_CONSULT, KK_EXPLAIN, KK_BATCH, KK_KBTOOLS, KK_CLI, KK_ROSTER, KK_WEB, KK_GUARD, KK_CLICK)
KK: dict[str, str] = {}
for _part in PARTS:
    KK.update(_part)
