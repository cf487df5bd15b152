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

from expert.render import urgent_summary
from expert.result import Result
from expert.rules.kb import KnowledgeBase
from explain.describe import conclusion_title
from explain.dot import STYLES, _kinds, to_dot
from explain.graph import explanation_graph, final_conclusions
from explain.messages import legend_text, m
from explain.render import dot_program, render_dot

# A4 portrait inside the card's margins, in points (180 mm x 245 mm)
PAPER = (510.0, 694.0)
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


def paper_parts(kb: KnowledgeBase, result: Result, lang: str) -> list[tuple[str, nx.DiGraph]]:
    """(caption key, graph) of each part; every node of the screen graph is in some part."""
    final = final_conclusions(kb, result)
    first = [c for c in final if kb.kind_of(c) in ("flag", "direction")]
    parts: list[tuple[str, nx.DiGraph]] = []
    drawn: set[str] = set()

    def add(key: str, graph: nx.DiGraph) -> None:
        new = set(graph) - drawn
        if not new:
            return
        boundary = {u for u, v in graph.edges if u in drawn and v in new}
        parts.append((key, graph.subgraph(n for n in graph if n in new or n in boundary).copy()))
        drawn.update(new)

    if first:
        add("part_direction", explanation_graph(kb, result, lang, goals=first))
    for key, kinds in PART_GROUPS:
        goals = [c for c in final if kb.kind_of(c) in kinds]
        if goals:
            add(key, explanation_graph(kb, result, lang, goals=goals))
    add("part_other", explanation_graph(kb, result, lang))
    return parts


def paper_drawings(kb: KnowledgeBase, result: Result, lang: str, caption) -> tuple[list[Drawing], list]:
    """The parts for the A4 card, each in the layout that prints it larger (when ``dot`` is here to tell), and
    the legend of the kinds they draw."""
    out = []
    parts = paper_parts(kb, result, lang)
    for key, graph in parts:
        options = [to_dot(graph, "", lang, rankdir=rankdir, legend=False) for rankdir in ("TB", "LR")]
        svgs = [_svg(d) for d in options]
        if svgs[0] is None or svgs[1] is None:
            out.append(Drawing(options[0], svgs[0], caption(key)))
            continue
        best = max((0, 1), key=lambda n: print_scale(svgs[n]))  # type: ignore[arg-type]
        out.append(Drawing(options[best], svgs[best], caption(key)))
    return out, legend([g for _, g in parts], lang)


def legend(kb_graphs: list[nx.DiGraph], lang: str) -> list[tuple[str, str, str]]:
    """(text, fill, border) of each kind drawn, for the card's own legend (it wraps; the graph's would not)."""
    kinds: list[str] = []
    for graph in kb_graphs:
        kinds += [k for k in _kinds(graph) if k not in kinds]
    order = list(STYLES)
    return [(legend_text(k, lang), STYLES[k][2] if "filled" in STYLES[k][1] else "#FFFFFF", STYLES[k][3])
            for k in sorted(kinds, key=order.index)]
