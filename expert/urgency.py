"""Three-valued danger: every urgent flag of the KB is established, excluded or not clarified.

An unknown answer to a danger question must never read as "no danger". From the three-valued analysis
of a result (what was derived, what an unknown answer could still give, which answers are unknown) each
conclusion of kind ``flag`` gets a state, and a flag that is not clarified names the unknown questions
that could still establish it. The input is only that triple and the KB, so any evaluator can feed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from expert.rules.kb import KnowledgeBase

State = Literal["established", "excluded", "not_clarified"]
ESTABLISHED: State = "established"
EXCLUDED: State = "excluded"
NOT_CLARIFIED: State = "not_clarified"
STATES: tuple[State, ...] = (ESTABLISHED, NOT_CLARIFIED, EXCLUDED)  # most urgent first


@dataclass(frozen=True)
class UrgentFlag:
    """One urgent flag and its state; ``questions``: unknown inputs that could still establish it."""

    id: str
    state: State
    questions: tuple[str, ...] = ()


def flag_ids(kb: KnowledgeBase) -> list[str]:
    """The urgent flags of the KB (conclusions of kind ``flag``), in KB order."""
    return [c for c, d in kb.conclusions.items() if d.kind == "flag"]


def danger_inputs(kb: KnowledgeBase) -> list[str]:
    """Every input whose answer can establish some urgent flag (the danger questions), in KB order."""
    return kb.inputs_reaching(flag_ids(kb))


def urgent_flags(kb: KnowledgeBase, derived: Iterable[str], possible: Iterable[str],
                 unknown: Iterable[str]) -> list[UrgentFlag]:
    """The state of every urgent flag, in KB order.

    ``derived``: conclusions that hold; ``possible``: not derived, but an unknown answer could still give
    them; ``unknown``: the inputs left unknown. A flag is established when derived, not clarified when
    possible, excluded otherwise. The questions of a flag that is not clarified are the unknown inputs
    beneath its rules, not following facts that are settled as not holding.
    """
    derived, possible, unknown = set(derived), set(possible), set(unknown)
    settled_false = frozenset(c for c in kb.conclusions if c not in derived and c not in possible)
    out: list[UrgentFlag] = []
    for flag in flag_ids(kb):
        if flag in derived:
            out.append(UrgentFlag(flag, ESTABLISHED))
        elif flag in possible:
            questions = tuple(i for i in kb.inputs_reaching([flag], settled_false) if i in unknown)
            out.append(UrgentFlag(flag, NOT_CLARIFIED, questions))
        else:
            out.append(UrgentFlag(flag, EXCLUDED))
    return out


def overall_state(flags: Iterable[UrgentFlag]) -> State:
    """One word for all flags: established if any is, else not clarified if any is, else excluded."""
    states = {f.state for f in flags}
    return next((s for s in STATES if s in states), EXCLUDED)


def urgent_questions(flags: Iterable[UrgentFlag]) -> list[str]:
    """The questions of every flag that is not clarified, each once, in the order the flags name them."""
    return list(dict.fromkeys(q for f in flags if f.state == NOT_CLARIFIED for q in f.questions))
