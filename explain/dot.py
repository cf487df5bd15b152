"""DOT text of an explanation or KB graph: escaped labels, styles by kind, a legend, left to right.

Node ids and labels are always written as escaped double-quoted strings, so no text from a KB or a
profile (quotes, backslashes, brackets, braces, newlines, control characters) can change the DOT's
structure. Output order follows the graph's insertion order, which follows the trace or the KB.
"""

from __future__ import annotations

import html
import re
import textwrap

import networkx as nx

from expert.i18n import choose
from expert.rules.schema import SOURCE_PATTERN
from explain.messages import KIND_LEGEND, legend_text, m

WRAP = 30
RULE_WRAP = 36
MAX_LABEL = 240
MAX_LINES = 6
FONT = "DejaVu Sans"

# kind -> (shape, style, fill colour, border colour); shapes differ too, for colour-blind readers.
STYLES: dict[str, tuple[str, str, str, str]] = {
    "input": ("box", "rounded,filled", "#DEEBF7", "#2E75B6"),
    "rule": ("box", "filled", "#FFF2CC", "#BF9000"),
    "score": ("box", "filled,diagonals", "#EDE7F6", "#7E57C2"),
    "absent": ("ellipse", "dashed", "#FFFFFF", "#808080"),
    "flag": ("octagon", "filled,bold", "#F8CECC", "#B85450"),
    "direction": ("doubleoctagon", "filled,bold", "#F4B183", "#C55A11"),
    "function": ("ellipse", "filled", "#E2F0D9", "#548235"),
    "activity": ("ellipse", "filled", "#D5E8D4", "#548235"),
    "who": ("folder", "filled", "#FFE6F2", "#C2185B"),
    "goal": ("ellipse", "filled", "#E0F7FA", "#00838F"),
    "finding": ("ellipse", "filled", "#FBE5D6", "#C55A11"),
    "prognosis": ("ellipse", "filled", "#FFF9E6", "#BF9000"),
    "route": ("cds", "filled", "#DAE8FC", "#6C8EBF"),
    "target": ("ellipse", "filled", "#FCE4EC", "#AD1457"),
    "measure": ("component", "filled", "#D0E0E3", "#45818E"),
    "specialist": ("tab", "filled", "#EAD1DC", "#741B47"),
    "review": ("note", "filled", "#EEEEEE", "#666666"),
}
LEGEND_ORDER = list(KIND_LEGEND)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean(text: object) -> str:
    """One line of plain text: control characters (newlines included) become spaces; capped length."""
    flat = " ".join(_CONTROL.sub(" ", str(text)).split())
    return flat if len(flat) <= MAX_LABEL else flat[: MAX_LABEL - 1].rstrip() + "…"


def wrap(text: object, width: int = WRAP, max_lines: int = MAX_LINES) -> list[str]:
    lines = textwrap.wrap(clean(text), width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def quote(text: str) -> str:
    """A DOT double-quoted string. Backslash is escaped first, so ``\\n`` we add later stays ours."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def label(*parts: list[str]) -> str:
    """Lines joined by DOT's centred line break, each line escaped on its own. Graphviz also reads HTML
    entities in plain labels ("&amp;" shows as "&"), so "&" is written as an entity too."""
    lines = [line.replace("&", "&amp;") for part in parts for line in part]
    return '"' + "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'


def short_source(source: str, lang: str) -> str:
    """The § a rule cites, for a picture: "§19, §20 + практика"; the full text is in HOW and JSON."""
    paragraphs = list(dict.fromkeys(f"§{n}" for n in SOURCE_PATTERN.findall(source)))
    practice = choose("практика", "practice", lang)
    if not paragraphs:
        return clean(source)
    return ", ".join(paragraphs) + (f" + {practice}" if "practice:" in source else "")


def _node_label(data: dict, lang: str) -> str:
    kind = data["kind"]
    if kind in ("rule", "score"):
        title = wrap(data.get("label", ""), RULE_WRAP)
        short = data.get("source_short") or short_source(data.get("source", ""), lang)
        return label(title, wrap(short, RULE_WRAP, 2)) if data.get("source") else label(title)
    title = wrap(data.get("label", ""))
    if kind == "absent":
        return label(title, [f"({m('not_established', lang)})"])
    return label(title)


def _tooltip(text: str) -> str:
    """What a rule's source says, shown on hover in SVG: the citation, then each cited § in our words."""
    parts = (" ".join(_CONTROL.sub(" ", part).split()) for part in str(text).split("\n"))
    lines = [line for part in parts for line in textwrap.wrap(part, 80) or [""]]
    return label(lines[:40])


def html_text(text: str) -> str:
    return html.escape(text, quote=True)


def _heading(title: str, kinds: list[str], lang: str, alert: str | None = None) -> str:
    """The graph's label: the title (and an alert in red under it), then a one-row legend of the kinds
    present. HTML-like, so every text in it is HTML-escaped (the title may carry a student id from a profile)."""
    lines = "<BR/>".join(html_text(line) for line in wrap(title, 100, 3))
    if alert:
        red = "<BR/>".join(html_text(line) for line in wrap(alert, 100, 3))
        lines += f'<BR/><FONT COLOR="#B00000">{red}</FONT>'
    cells = "".join(
        f'<TD BGCOLOR="{STYLES[k][2] if "filled" in STYLES[k][1] else "#FFFFFF"}" COLOR="{STYLES[k][3]}">'
        f"{html_text(legend_text(k, lang))}</TD>" for k in kinds)
    legend = (f'<TR><TD BORDER="0" COLSPAN="{len(kinds) + 1}" ALIGN="CENTER"><B>{lines}</B></TD></TR>'
              f'<TR><TD BORDER="0"><FONT POINT-SIZE="11">{html_text(m("legend", lang))}:</FONT></TD>'
              f'{cells}</TR>') if kinds else f'<TR><TD BORDER="0"><B>{lines}</B></TD></TR>'
    return ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="4">'
            f"{legend}</TABLE>>")


EDGE_STYLES = {
    "premise": 'color="#555555"',
    "conclusion": 'color="#333333", penwidth=1.6',
    "absent": 'color="#808080", style=dashed, arrowhead=empty',
    "term": 'color="#7E57C2"',
    "reads": 'color="#555555"',
    "negated": 'color="#808080", style=dashed, arrowhead=empty',
}


def _weight(value: float) -> str:
    value = int(value) if float(value).is_integer() else value
    return f"+{value}" if value >= 0 else f"−{abs(value)}"


def _kinds(graph: nx.DiGraph) -> list[str]:
    present = {data["kind"] for _, data in graph.nodes(data=True)}
    if any(d.get("role") in ("absent", "negated") for _, _, d in graph.edges(data=True)):
        present.add("absent")
    return [k for k in LEGEND_ORDER if k in present]


def to_dot(graph: nx.DiGraph, title: str, lang: str = "ru", name: str = "explanation",
           alert: str | None = None, rankdir: str = "LR", legend: bool = True) -> str:
    """The whole DOT document. ``title`` is shown on top, ``alert`` (an urgent line) in red under it; both are
    escaped like every label. ``rankdir="TB"`` draws top to bottom: narrower, for a printed A4 page;
    ``legend=False`` leaves the title, alert and legend out (a page that prints its own, wrapped to the
    paper's width)."""
    if rankdir not in ("LR", "TB"):
        raise ValueError(f"rankdir must be LR or TB, not {rankdir!r}")
    out = [
        f"digraph {quote(name)} {{",
        f'  graph [rankdir={rankdir}, charset="UTF-8", fontname=' + quote(FONT) + ", fontsize=13, labelloc=t, "
        "nodesep=0.25, ranksep=0.5, newrank=true"
        + (", label=" + _heading(title, _kinds(graph), lang, alert) if legend else "") + "];",
        f'  node [fontname={quote(FONT)}, fontsize=11, margin="0.12,0.06"];',
        f"  edge [fontname={quote(FONT)}, fontsize=10, arrowsize=0.7];",
    ]
    inputs = []
    for nid, data in graph.nodes(data=True):
        shape, style, fill, border = STYLES[data["kind"]]
        tip = f", tooltip={_tooltip(data['tooltip'])}" if data.get("tooltip") else ""
        out.append(f"  {quote(nid)} [label={_node_label(data, lang)}, shape={shape}, style={quote(style)}, "
                   f"fillcolor={quote(fill)}, color={quote(border)}{tip}];")
        if data["kind"] == "input":
            inputs.append(nid)
    if inputs and rankdir == "LR":  # top to bottom, one row of every answer would be wider than the paper
        out.append("  { rank=min; " + " ".join(quote(n) for n in inputs) + "; }")
    for src, dst, data in graph.edges(data=True):
        role = data.get("role", "premise")
        attrs = EDGE_STYLES[role]
        if "weight" in data:
            colour = "#808080" if role == "absent" else "#7E57C2"
            # a head label sits by the score it adds to; a mid-edge label can drift to another edge
            attrs += (f", headlabel={label([_weight(data['weight'])])}, labeldistance=2.2, labelangle=-25, "
                      f"labelfontcolor={quote(colour)}")
        out.append(f"  {quote(src)} -> {quote(dst)} [{attrs}];")
    out.append("}")
    return "\n".join(out) + "\n"
