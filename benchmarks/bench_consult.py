"""Consultation figures over the reference cases: questions asked against the vocabulary size, questions
until the direction is settled, and the time from an answer to the next question.

    .venv/bin/python benchmarks/bench_consult.py [--kb DIR] [--cases DIR] [--repeat N]

Each case is consulted through the real conversation loop (the same code the terminal uses, session file
written after every answer) by a scripted terminal that types the case's answers; a question the profile
does not answer is typed as «не знаю». The latency is measured from the moment an answer is handed over to
the moment the next prompt asks for input (analysis, choice of the question, session save, the question's
text). Every consultation's recommendation is also compared with ``classify`` on the full profile, and the
questions asked after the direction is settled are counted by the kinds of conclusion they can still change
(what a KB author would have to restructure to ask less; a question can count for several kinds).
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expert.consult.conversation import Conversation, Terminal  # noqa: E402
from expert.consult.interview import Interview  # noqa: E402
from expert.consult.session import Session  # noqa: E402
from expert.engine import Classifier  # noqa: E402
from expert.facts.profile import profile_from_answers, screen_answer  # noqa: E402
from expert.rules.loader import load_cases  # noqa: E402
from expert.rules.schema import InputDef  # noqa: E402


def typed(inp: InputDef, value: Any) -> str:
    """What a person would type for a canonical value."""
    if value is None:
        return "не знаю"
    if inp.type == "boolean":
        return "да" if value else "нет"
    if inp.type == "multi":
        return ", ".join(o for o in inp.option_ids() if o in value) or "нет"
    return str(value)


def goal_kinds(interview: Interview, question: str) -> list[str]:
    """The kinds of the still-open conclusions this question could change."""
    status = interview.status()
    open_goals = interview.open_goals("other", status)
    kinds = sorted({interview.kb.kind_of(g) for g in open_goals})
    return [k for k in kinds if question in interview._unsettled(
        interview.values, status, [g for g in open_goals if interview.kb.kind_of(g) == k])]


def consult_case(classifier: Classifier, values: dict[str, Any], folder: Path, strategy: str,
                 why: Counter | None = None) -> tuple[Interview, list[float], int]:
    interview = Interview(classifier, strategy=strategy)
    session = Session(folder / "session.json", "bench", classifier.version)
    clock: dict[str, float] = {}
    latencies: list[float] = []
    direction_questions = 0

    def read(_prompt: str) -> str | None:
        nonlocal direction_questions
        now = time.perf_counter()
        if "answered" in clock:
            latencies.append(now - clock.pop("answered"))
        phase, question = interview.next_question()  # cached analysis: what the loop just asked
        if phase in ("flag", "direction"):
            direction_questions = len(interview.answers) + 1
        assert question is not None
        if why is not None and phase == "other":
            why["(all)"] += 1
            why.update(goal_kinds(interview, question))
        clock["answered"] = time.perf_counter()
        if question in classifier.kb.screens and question not in values:  # what the known answers imply
            return typed(classifier.kb.inputs[question], screen_answer(classifier.kb, question, values))
        return typed(classifier.kb.inputs[question], values.get(question))

    Conversation(interview, session, Terminal(read, lambda _text: None)).run()
    return interview, latencies, direction_questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=ROOT / "knowledge_base")
    parser.add_argument("--cases", type=Path, default=None, help="default: KB/cases")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case for the latency figures")
    args = parser.parse_args()
    classifier = Classifier.from_dir(args.kb)
    kb = classifier.kb
    cases = load_cases(args.cases or args.kb / "cases")
    vocabulary = len(kb.inputs)
    print(f"knowledge base {args.kb} ({classifier.version}): {vocabulary} questions in the vocabulary, "
          f"{len(kb.rules)} rules; {len(cases)} reference cases")
    for strategy in ("order", "impact"):
        asked, direction, latencies, same, given = [], [], [], 0, []
        why: Counter = Counter()
        with tempfile.TemporaryDirectory() as tmp:
            for case, _doc in cases:
                profile = profile_from_answers(kb, str(case.profile["id"]), case.profile.get("answers", {}))
                for run in range(args.repeat):
                    interview, lat, n_direction = consult_case(classifier, profile.values, Path(tmp), strategy,
                                                               why if run == 0 else None)
                    latencies += lat
                    if run == 0:
                        asked.append(len(interview.answers))
                        direction.append(n_direction)
                        given.append(len(profile.values))
                        full, consulted = classifier.classify(profile), interview.result(profile.id)
                        same += all(getattr(full, f) == getattr(consulted, f)
                                    for f in ("derived", "direction", "provisional"))
        lat_ms = sorted(x * 1000 for x in latencies)
        p95 = lat_ms[min(len(lat_ms) - 1, int(0.95 * len(lat_ms)))]
        mean = statistics.mean(asked)
        print(f"\nstrategy {strategy}{' (default)' if strategy == 'order' else ''}:")
        print(f"  questions asked: mean {mean:.1f} of {vocabulary} = {mean / vocabulary:.0%} of the vocabulary "
              f"(median {statistics.median(asked):g}, min {min(asked)}, max {max(asked)}); aim ≤ 60%")
        print(f"  answers in the case profiles: mean {statistics.mean(given):.1f}; "
              f"questions until the direction and urgency are settled: mean {statistics.mean(direction):.1f}")
        print(f"  questions after the direction: mean {why.pop('(all)', 0) / len(cases):.1f}; of them, could change "
              "a conclusion of kind (mean per case): "
              + ", ".join(f"{k} {n / len(cases):.1f}" for k, n in sorted(why.items(), key=lambda kv: (-kv[1], kv[0]))))
        print(f"  same conclusions as classify on the full profile: {same}/{len(cases)} cases")
        print(f"  answer → next question: median {statistics.median(lat_ms):.1f} ms, p95 {p95:.1f} ms, "
              f"max {lat_ms[-1]:.1f} ms over {len(lat_ms)} answers; aim p95 ≤ 50 ms")


if __name__ == "__main__":
    main()
