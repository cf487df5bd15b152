"""Hypothesis strategies for hostile inputs: structured values, whole documents, ids and names.

The mutators (``mutators.py``) break valid files at the byte and line level; these strategies build inputs
from the ground up — any JSON-able value, nested, with keys and strings of any Unicode, numbers of any size.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.mutators import HOSTILE_CELLS, HOSTILE_IDS, HOSTILE_SCALARS

# Any text, lone surrogates and control characters included.
any_text = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
ids = st.one_of(st.sampled_from(HOSTILE_IDS), any_text)
numbers = st.one_of(st.integers(min_value=-(10 ** 60), max_value=10 ** 60), st.floats(allow_nan=True),
                    st.sampled_from([10 ** 400, -(10 ** 4000)]))
scalars = st.one_of(st.none(), st.booleans(), numbers, any_text, st.sampled_from(HOSTILE_CELLS))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(any_text, inner, max_size=4)), max_leaves=12)

VOCABULARY = ["truancy_share", "offences", "substances", "low_income", "single_parent", "family_support"]
answers = st.dictionaries(st.one_of(st.sampled_from(VOCABULARY), any_text), values, max_size=8)


@st.composite
def profile_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of a profile: JSON with hostile values, or YAML with a hostile scalar in it."""
    doc: dict[str, Any] = {"id": draw(st.one_of(ids, numbers)), "answers": draw(answers)}
    if draw(st.booleans()):
        doc["name"] = draw(ids)
    if draw(st.booleans()):
        text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True, default=str)
        return ".json", text.encode("utf-8", "surrogatepass")
    key = draw(st.sampled_from(VOCABULARY))
    scalar = draw(st.sampled_from(HOSTILE_SCALARS))
    text = f"id: S-1\nanswers:\n  {key}: {scalar}\n  offences: да\n"
    return ".yaml", text.encode("utf-8", "surrogatepass")
