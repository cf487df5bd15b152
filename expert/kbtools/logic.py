"""Reasoning over conditions as data: finite domains of representative values, DNF, implication.

Every input that a condition mentions gets a finite list of *representative values*: two values of the
same input that no condition of the KB can tell apart are interchangeable, so one of them stands for
both (integers are split at the constants they are compared with; a multi input by the subsets of the
options that conditions mention). Over these domains an atom is the set of values that satisfy it, so
"x < 5 and x >= 10" is an empty intersection and "x >= 10" implies "x >= 5" is set inclusion — exact,
not a heuristic. Where a domain would be too large to be exact, atoms on that input are left opaque
and nothing is claimed about them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from expert.rules.conditions import All, AnyOf, AtLeast, Cmp, Condition, FactIs, FactNot, ScoreCmp, compare, nnf, walk
from expert.rules.kb import KnowledgeBase
from expert.rules.schema import InputDef

MAX_BRANCHES = 256
MAX_MULTI_OPTIONS = 8

Literal = Cmp | ScoreCmp | FactIs | FactNot
Branch = frozenset  # of Literal


class TooBig(Exception):
    """The DNF of a condition has more branches than we are willing to reason about."""


def all_conditions(kb: KnowledgeBase) -> list[Condition]:
    out = [r.condition for r in kb.rules]
    for score in kb.scores.values():
        out.extend(t.condition for t in score.terms)
    return out


def _integer_points(inp: InputDef, constants: list[float]) -> list[int]:
    lo, hi = int(inp.min), int(inp.max)  # type: ignore[arg-type]
    points = {lo, hi}
    for v in constants:
        for p in (math.floor(v) - 1, math.floor(v), math.ceil(v), math.ceil(v) + 1):
            if lo <= p <= hi:
                points.add(p)
    return sorted(points)


@dataclass
class Domains:
    """Representative values per input mentioned by some condition; ``exact`` says they are complete."""

    values: dict[str, list[Any]]
    exact: dict[str, bool]

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Domains:
        constants: dict[str, list[Any]] = {}
        for cond in all_conditions(kb):
            for atom in walk(cond):
                if isinstance(atom, Cmp):
                    vals = constants.setdefault(atom.input, [])
                    if isinstance(atom.value, frozenset):
                        vals.extend(sorted(atom.value, key=str))
                    else:
                        vals.append(atom.value)
        values: dict[str, list[Any]] = {}
        exact: dict[str, bool] = {}
        for input_id, inp in kb.inputs.items():
            if input_id not in constants:
                continue
            exact[input_id] = True
            if inp.type == "boolean":
                values[input_id] = [False, True]
            elif inp.type == "choice":
                values[input_id] = inp.option_ids()
            elif inp.type == "integer":
                values[input_id] = _integer_points(inp, [v for v in constants[input_id] if isinstance(v, int | float)])
            else:
                mentioned = [o for o in inp.option_ids() if o in set(constants[input_id])]
                if len(mentioned) <= MAX_MULTI_OPTIONS:
                    values[input_id] = [frozenset(c) for n in range(len(mentioned) + 1)
                                        for c in combinations(mentioned, n)]
                else:
                    exact[input_id] = False
                    values[input_id] = [frozenset(), *(frozenset([o]) for o in mentioned), frozenset(mentioned)]
        return cls(values, exact)

    def allowed(self, atom: Cmp) -> frozenset:
        return frozenset(v for v in self.values[atom.input] if compare(atom.op, v, atom.value))


def dnf(cond: Condition, limit: int = MAX_BRANCHES) -> list[Branch]:
    """Disjunctive normal form of a condition (after pushing negation to atoms); raises TooBig."""
    return _dnf(nnf(cond), limit)


def _dnf(cond: Condition, limit: int) -> list[Branch]:
    if isinstance(cond, Cmp | ScoreCmp | FactIs | FactNot):
        return [frozenset([cond])]
    if isinstance(cond, AnyOf):
        out: list[Branch] = []
        for item in cond.items:
            out.extend(_dnf(item, limit))
            if len(out) > limit:
                raise TooBig
        return list(dict.fromkeys(out))
    if isinstance(cond, All):
        acc: list[Branch] = [frozenset()]
        for item in cond.items:
            parts = _dnf(item, limit)
            if len(acc) * len(parts) > limit:
                raise TooBig
            acc = list(dict.fromkeys(a | p for a in acc for p in parts))
        return acc
    if isinstance(cond, AtLeast):
        if math.comb(len(cond.items), cond.n) > limit:
            raise TooBig
        return _dnf(AnyOf(tuple(All(c) for c in combinations(cond.items, cond.n))), limit)
    raise TypeError(cond)


@dataclass
class Logic:
    """Contradiction and implication between DNF branches over one KB's domains."""

    kb: KnowledgeBase
    domains: Domains

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Logic:
        return cls(kb, Domains.of(kb))

    def score_values(self, score_id: str) -> set[float] | None:
        """Every total the score could take (sums of subsets of its weights); None if too many to list."""
        sums = {0.0}
        for term in self.kb.scores[score_id].terms:
            sums |= {s + term.weight for s in sums}
            if len(sums) > 10_000:
                return None
        return sums

    def input_sets(self, branch: Branch) -> dict[str, frozenset]:
        """Per exactly-known input, the representative values the branch allows."""
        sets: dict[str, frozenset] = {}
        for lit in branch:
            if isinstance(lit, Cmp) and self.domains.exact.get(lit.input):
                allowed = self.domains.allowed(lit)
                sets[lit.input] = sets[lit.input] & allowed if lit.input in sets else allowed
        return sets

    def contradiction(self, branch: Branch) -> str | None:
        """Why the literals of a branch cannot all hold, or None if they can (as far as we can tell)."""
        for input_id, allowed in sorted(self.input_sets(branch).items()):
            if not allowed:
                atoms = sorted((lit for lit in branch if isinstance(lit, Cmp) and lit.input == input_id), key=str)
                return " & ".join(describe_atom(a) for a in atoms)
        for lit in branch:
            if isinstance(lit, FactIs) and FactNot(lit.fact) in branch:
                return f"{lit.fact} & not {lit.fact}"
            if isinstance(lit, ScoreCmp):
                sums = self.score_values(lit.score)
                if sums is not None and not any(compare(lit.op, v, lit.value) for v in sums):
                    return f"{describe_atom(lit)}: the score is always {min(sums):g}..{max(sums):g}"
        return None

    def implies(self, b: Branch, a: Branch) -> bool:
        """Every assignment satisfying branch ``b`` satisfies branch ``a``."""
        b_sets = self.input_sets(b)
        for lit in a:
            if lit in b:
                continue
            if isinstance(lit, Cmp) and self.domains.exact.get(lit.input):
                if lit.input not in b_sets or not b_sets[lit.input] <= self.domains.allowed(lit):
                    return False
            else:
                return False
        return True

    def cond_implies(self, cond_b: list[Branch], cond_a: list[Branch]) -> bool:
        """Condition B (as DNF) implies condition A: every satisfiable branch of B implies some branch of A."""
        live = [b for b in cond_b if self.contradiction(b) is None]
        return bool(live) and all(any(self.implies(b, a) for a in cond_a) for b in live)


def describe_atom(atom: Condition) -> str:
    """A short, readable form of one literal (identifiers stay as in the KB files)."""
    if isinstance(atom, Cmp | ScoreCmp):
        name = atom.input if isinstance(atom, Cmp) else f"score {atom.score}"
        value = show_value(atom.value)
        param = f" (${atom.param})" if atom.param else ""
        return f"{name} {atom.op} {value}{param}"
    if isinstance(atom, FactIs):
        return atom.fact
    if isinstance(atom, FactNot):
        return f"not {atom.fact}"
    raise TypeError(atom)


def show_value(value: Any) -> str:
    """A value as researchers write it in the KB: yes/no, whole numbers without .0, option ids."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, frozenset | set):
        return "[" + ", ".join(sorted(map(show_value, value))) + "]"
    return str(value)
