"""The explanation graph for a page: SVG drawn here when Graphviz's ``dot`` is installed, otherwise the DOT
text, which the page draws in the browser with the vendored Graphviz WebAssembly build (static/viz-global.js).

On screen it is one graph, left to right, as ``expert explain`` draws it. On the A4 card it is split so that
every part stays legible on paper: first how the direction (and any urgent flag) was reached, then what
follows from it, group by group, each part starting from conclusions already drawn; each part is laid out
top to bottom or left to right, whichever gives it the larger print on the page.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

import networkx as nx

from expert.describe import conclusion_title
from expert.render import urgent_summary
from expert.result import Result
from expert.rules.kb import KnowledgeBase
from expert.support import final_conclusions
from explain.dot import STYLES, _kinds, to_dot
from explain.graph import explanation_graph
from explain.messages import legend_text, m
from explain.render import dot_program, render_dot

# A4 portrait inside the card's margins, in points (180 mm x 245 mm)
PAPER = (510.0, 694.0)
MIN_SCALE = 0.55  # 11 pt labels print at 6 pt or larger
PART_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("part_functions", ("function", "activity", "who", "goal")),
    ("part_plan", ("prognosis", "route", "target")),
    ("part_measures", ("measure", "specialist")),
    ("part_review", ("review",)),
)
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


@dataclass(frozen=True)
class Drawing:
    dot: str
    svg: str | None  # the <svg> element, or None: the browser draws ``dot``
    caption: str = ""


def graph_title(kb: KnowledgeBase, result: Result, lang: str) -> str:
    direction = conclusion_title(kb, result.direction, lang) if result.direction else m("no_direction", lang)
    if result.direction and result.provisional:
        direction += f" ({m('provisional', lang)})"
    return f"{m('graph_title', lang, student=result.student_id, direction=direction)} · {m('kb', lang)} " \
           f"{result.kb_version}"


def inline_svg(svg: str) -> str:
    """The <svg> element of Graphviz output, without the XML prolog, doctype and comments before it."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else ""


def _svg(dot_text: str) -> str | None:
    if dot_program() is None:
        return None
    try:
        return inline_svg(render_dot(dot_text, "svg").decode("utf-8"))
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        return None


def drawing(kb: KnowledgeBase, result: Result, lang: str) -> Drawing:
    """The whole explanation graph, for the screen."""
    dot_text = to_dot(explanation_graph(kb, result, lang), graph_title(kb, result, lang), lang,
                      alert=urgent_summary(kb, result, lang))
    return Drawing(dot_text, _svg(dot_text))


def print_scale(svg: str) -> float:
    found = _SIZE.search(svg)
    if not found:
        return 0.0
    width, height = float(found.group(1)), float(found.group(2))
    return min(1.0, PAPER[0] / width, PAPER[1] / height)


def _cut(graph: nx.DiGraph, drawn: set[str]) -> nx.DiGraph | None:
    """What ``graph`` adds to the nodes already drawn, starting from the drawn nodes it grows from."""
    new = set(graph) - drawn
    if not new:
        return None
    boundary = {u for u, v in graph.edges if u in drawn and v in new}
    return graph.subgraph(n for n in graph if n in new or n in boundary).copy()


def _layouts(graph: nx.DiGraph, lang: str) -> tuple[str, str | None, float]:
    """(DOT, SVG, print scale) of the layout, top to bottom or left to right, that prints larger."""
    options = [to_dot(graph, "", lang, rankdir=rankdir, legend=False) for rankdir in ("TB", "LR")]
    svgs = [_svg(d) for d in options]
    if svgs[0] is None or svgs[1] is None:
        return options[0], None, 0.0
    scales = [print_scale(svg) for svg in svgs]  # type: ignore[arg-type]
    best = 0 if scales[0] >= scales[1] else 1
    return options[best], svgs[best], scales[best]


def paper_drawings(kb: KnowledgeBase, result: Result, lang: str, caption) -> tuple[list[Drawing], list]:
    """The parts for the A4 card and the legend of the kinds they draw.

    First how the direction (and any urgent flag) was reached, then each group of conclusions, each part
    starting from what is already drawn; a group whose part would print smaller than ``MIN_SCALE`` is split
    in halves by its conclusions (the continuation has no caption of its own); whatever is left of the
    screen graph comes last. Each part in the layout that prints it larger (when ``dot`` is here to tell).
    """
    final = final_conclusions(kb, result)
    queue: list[tuple[str, list[str] | None]] = []
    first = [c for c in final if kb.kind_of(c) in ("flag", "direction")]
    if first:
        queue.append(("part_direction", first))
    for key, kinds in PART_GROUPS:
        goals = [c for c in final if kb.kind_of(c) in kinds]
        if goals:
            queue.append((key, goals))
    queue.append(("part_other", None))
    drawn: set[str] = set()
    out: list[Drawing] = []
    graphs: list[nx.DiGraph] = []
    captioned: set[str] = set()
    while queue:
        key, goals = queue.pop(0)
        part = _cut(explanation_graph(kb, result, lang, goals=goals), drawn)
        if part is None:
            continue
        dot_text, svg, scale = _layouts(part, lang)
        if svg is not None and scale < MIN_SCALE and goals is not None and len(goals) > 1:
            half = len(goals) // 2
            queue[:0] = [(key, goals[:half]), (key, goals[half:])]
            continue
        drawn.update(part)
        graphs.append(part)
        out.append(Drawing(dot_text, svg, "" if key in captioned else caption(key)))
        captioned.add(key)
    return out, legend(graphs, lang)


def legend(kb_graphs: list[nx.DiGraph], lang: str) -> list[tuple[str, str, str]]:
    """(text, fill, border) of each kind drawn, for the card's own legend (it wraps; the graph's would not)."""
    kinds: list[str] = []
    for graph in kb_graphs:
        kinds += [k for k in _kinds(graph) if k not in kinds]
    order = list(STYLES)
    return [(legend_text(k, lang), STYLES[k][2] if "filled" in STYLES[k][1] else "#FFFFFF", STYLES[k][3])
            for k in sorted(kinds, key=order.index)]
