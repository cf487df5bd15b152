"""Classify students: one compiled engine per KB, reused across students (``reset()`` between)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from expert.compiler import build_engine_class
from expert.evaluator import Evaluator
from expert.facts.facts import Derived, Score, ScoreTerm, Student
from expert.facts.profile import Profile
from expert.outcome import Outcomes
from expert.result import FactRef, Firing, Result
from expert.rules.kb import KnowledgeBase

DEFAULT_KB = Path(__file__).resolve().parent.parent / "knowledge_base"


def kb_fingerprint(kb: KnowledgeBase) -> str:
    """A short hash of the KB files' content, so a result says which KB produced it."""
    digest = hashlib.sha256()
    for path in sorted(kb.root.glob("*.yaml")) + sorted((kb.root / "rules").glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _ref(fact, values: dict) -> FactRef:
    if isinstance(fact, tuple):  # ("input", input_id): an answer the rule rested on
        return FactRef("input", fact[1], values[fact[1]])
    if isinstance(fact, Derived):
        return FactRef("derived", fact["id"])
    if isinstance(fact, ScoreTerm):
        return FactRef("term", f"{fact['score']}#{fact['term'] + 1}")
    if isinstance(fact, Score):
        return FactRef("score", fact["id"], fact["value"])
    raise TypeError(fact)


class Classifier:
    """Holds a KB, its compiled engine class and one engine instance."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.engine = build_engine_class(kb)()
        self.evaluator = Evaluator(kb)
        self.version = kb_fingerprint(kb)
        self._order = {c: i for i, c in enumerate(kb.conclusions)}

    @classmethod
    def from_dir(cls, path: Path | str = DEFAULT_KB) -> Classifier:
        from expert.rules.loader import load_kb  # not at the top: a cached KB needs no loader (start-up time)

        return cls(load_kb(path))

    def run_engine(self, values: dict) -> tuple[list[str], dict[str, float], list[Firing]]:
        engine = self.engine
        engine.reset()
        engine.student = engine.declare(Student(**values))
        engine.run()
        derived = sorted((f["id"] for f in engine.facts.values() if isinstance(f, Derived)),
                         key=self._order.__getitem__)
        scores = {f["id"]: f["value"] for f in engine.facts.values() if isinstance(f, Score)}
        trace = [Firing(i + 1, step.key, step.kind, step.stratum,
                        tuple(_ref(f, values) for f in premises), tuple(_ref(f, values) for f in out),
                        tuple(absent))
                 for i, (step, premises, out, absent) in enumerate(engine.trace)]
        return derived, scores, trace

    def classify(self, profile: Profile) -> Result:
        """The engine's conclusions and trace; settled or provisional, possible and clarify from the evaluator."""
        derived, scores, trace = self.run_engine(profile.values)
        outcomes = Outcomes(self.kb, self.evaluator.run([profile.values]))
        return outcomes.result(0, profile, self.version, derived, scores, trace)
