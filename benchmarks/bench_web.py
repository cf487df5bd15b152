"""Web application figures: server-side time from an answer to the next question, and the result page with
its explanation graph, over reference cases of the bundled knowledge base.

    .venv/bin/python benchmarks/bench_web.py [--cases N]

In-process (starlette's TestClient, no network): each answer is a POST whose 303 redirect is followed by the
GET of the next question page, as a browser does; the time is of that pair, including the SQLite write.
CPU time is printed beside wall time: on a busy machine the difference is time spent waiting for a core.
The result page time includes drawing the graph with Graphviz's dot (when installed); the A4 card draws
each part of the graph in two layouts. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from expert.engine import DEFAULT_KB, Classifier  # noqa: E402
from expert.facts.profile import profile_from_answers, screen_answer  # noqa: E402
from expert.rules.loader import load_cases  # noqa: E402
from tests.web_helpers import csrf_of, form_for, make_client, question_of, start  # noqa: E402


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=24, help="how many reference cases (spread over all)")
    args = parser.parse_args()
    classifier = Classifier.from_dir(DEFAULT_KB)
    kb = classifier.kb
    cases = [case for case, _ in load_cases(Path(DEFAULT_KB) / "cases")]
    step = max(1, len(cases) // args.cases)
    answer_ms: list[float] = []
    answer_cpu: list[float] = []
    result_ms: list[float] = []
    card_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        client = make_client(Path(tmp), classifier)
        for case in cases[::step][: args.cases]:
            values = profile_from_answers(kb, str(case.profile["id"]), case.profile.get("answers", {})).values
            cid, page = start(client, str(case.profile["id"]))
            while (question := question_of(page)) is not None:
                value = values.get(question)
                if question in kb.screens and question not in values:
                    value = screen_answer(kb, question, values)
                began, cpu = time.perf_counter(), time.process_time()
                response = client.post(f"/c/{cid}/answer", data={"csrf": csrf_of(page), "input": question,
                                                                 **form_for(kb, question, value)})
                answer_ms.append((time.perf_counter() - began) * 1000)
                answer_cpu.append((time.process_time() - cpu) * 1000)
                page = response.text
            began = time.perf_counter()
            client.get(f"/c/{cid}/result")
            result_ms.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            client.get(f"/c/{cid}/report")
            card_ms.append((time.perf_counter() - began) * 1000)
    print(f"cases: {len(result_ms)}; answers: {len(answer_ms)}")
    print(f"answer -> next question page: median {statistics.median(answer_ms):.0f} ms, p95 {p95(answer_ms):.0f} ms")
    print(f"  of which CPU time (all threads; the rest is waiting for a core): median "
          f"{statistics.median(answer_cpu):.0f} ms, p95 {p95(answer_cpu):.0f} ms")
    print(f"result page with graph:       median {statistics.median(result_ms):.0f} ms, p95 {p95(result_ms):.0f} ms")
    print(f"A4 card (graph in parts):     median {statistics.median(card_ms):.0f} ms, p95 {p95(card_ms):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
