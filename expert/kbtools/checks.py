"""The knowledge-base checks behind ``expert kb check``: one small function per check, each with a code.

Checks reason over the KB's data (conditions, conclusions, parameters), never over file names or ids.
Some problems stop the loader (a file that is not valid YAML, a rule without a source, an unknown
reference, a cycle through negation); those are reported with their codes too, and the anomaly checks
that need a loaded KB then do not run.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from expert.engine import Classifier
from expert.errors import Problem, UserError
from expert.evaluator import Evaluator
from expert.i18n import pick
from expert.kbtools.coverage import carries_kazakh, written
from expert.kbtools.findings import Finding, Report
from expert.kbtools.logic import Branch, Logic, TooBig, all_conditions, dnf
from expert.kbtools.social_model import check_difficulty_as_risk
from expert.kbtools.space import DEFAULT_BUDGET, Space, show_profile, space_for
from expert.rules.conditions import AtLeast, Cmp, FactIs, FactNot, ScoreCmp, walk
from expert.rules.kb import KnowledgeBase, Rule, Where
from expert.rules.loader import format_loc, load_kb
from expert.rules.sources import DOCUMENT_PARAGRAPHS
from expert.rules.yamlio import Document, read_kb_document

SOURCE_PARAGRAPHS = DOCUMENT_PARAGRAPHS
TEXT_KEYS = ("title", "label", "question", "help", "unit", "description", "summary", "convention")
ITEM_KINDS = {"rules": "rule", "inputs": "input", "groups": "group", "conclusions": "conclusion",
              "parameters": "parameter", "scores": "score", "paragraphs": "paragraph", "practices": "practice"}
EXAMPLES = 3


# --- checks over the raw files (they run even when the KB does not load) ---------------------------

def kb_files(root: Path) -> list[Path]:
    names = [root / n for n in ("inputs.yaml", "conclusions.yaml", "parameters.yaml", "scores.yaml", "sources.yaml")]
    rules = sorted((root / "rules").glob("*.yaml")) if (root / "rules").is_dir() else []
    return [p for p in names if p.is_file()] + rules


def read_raw(root: Path) -> list[Document]:
    docs = []
    for path in kb_files(root):
        with contextlib.suppress(UserError):  # the loader reports unreadable files (KB001)
            docs.append(read_kb_document(path))
    return docs


def _items(doc: Document) -> Iterator[tuple[str, int, dict]]:
    if not isinstance(doc.data, dict):
        return
    for key in ITEM_KINDS:
        items = doc.data.get(key)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    yield key, i, item


def _label(key: str, item: dict) -> str:
    return f"{ITEM_KINDS[key]} {item.get('id', item.get('n', '?'))}"


SOURCE_REASONS: dict[str, tuple[str, str]] = {
    "no_convention": ("нет обоснования (convention): число — собственное соглашение базы знаний, напишите, почему "
                      "оно такое и на какую практику опирается (borrows_from)",
                      "has no rationale (convention): the number is the knowledge base's own choice; say why, and "
                      "which practice it borrows from (borrows_from)"),
    "no_source": ("нет источника: source должен называть параграфы документа (paragraphs: [N]) или практики "
                  "(practice: [id])",
                  "has no source: source must name paragraphs of the document (paragraphs: [N]) or practices "
                  "(practice: [id])"),
    "bad_paragraph": ("ссылка на §{n}, а в документе §1–§34", "cites §{n}, but the document has §1–§34"),
}


def _source_problem(key: str, item: dict) -> tuple[str, str, dict] | None:
    """(the key at fault, the reason in SOURCE_REASONS, its arguments) when an item's source does not hold."""
    if key == "parameters":
        text = item.get("convention")
        return None if isinstance(text, dict) and text else ("convention", "no_convention", {})
    source = item.get("source")
    if source is None and key == "conclusions":
        return None
    if not isinstance(source, dict) or not (source.get("paragraphs") or source.get("practice")):
        return "source", "no_source", {}
    paragraphs = source.get("paragraphs") or []
    bad = [n for n in paragraphs if not isinstance(n, int) or n not in SOURCE_PARAGRAPHS]
    return ("source", "bad_paragraph", {"n": bad[0]}) if bad else None


def check_sources(docs: list[Document]) -> list[Finding]:
    """KB010: every rule and score cites §N of the source document or a named practice (a conclusion may);
    every parameter says why the knowledge base chose its number."""
    out = []
    for doc in docs:
        for key, i, item in _items(doc):
            if key not in ("rules", "parameters", "scores", "conclusions"):
                continue
            problem = _source_problem(key, item)
            if problem:
                at, reason, args = problem
                ru, en = SOURCE_REASONS[reason]
                out.append(Finding("KB010", str(doc.path), doc.line_of((key, i, at)),
                                   {"what": ITEM_KINDS[key], "id": item.get("id", "?"),
                                    "reason_ru": ru.format(**args), "reason_en": en.format(**args)},
                                   str(item.get("id", ""))))
    return out


def _texts(data: Any, loc: tuple) -> Iterator[tuple[tuple, str, Any]]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k in TEXT_KEYS:
                yield (*loc, k), k, v
            elif isinstance(v, dict | list):
                yield from _texts(v, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _texts(v, (*loc, i))


LANG_NAMES = {"ru": ("русский", "Russian"), "en": ("английский", "English"), "kk": ("казахский", "Kazakh")}


def check_texts(docs: list[Document]) -> list[Finding]:
    """KB011: every text users read has a Russian and an English version, and a Kazakh one in a KB that
    carries Kazakh at all (a partial translation is an error, a Russian/English-only KB is not)."""
    out = []
    langs = ("ru", "en", "kk") if carries_kazakh(docs) else ("ru", "en")
    for doc in docs:
        for loc, key, value in _texts(doc.data, ()):
            if isinstance(value, dict):
                missing = [lang for lang in langs if not written(value, lang)]
            elif isinstance(value, str):
                missing = ["en"] if re.search("[А-Яа-яЁё]", value) else ["ru"]
            else:
                missing = ["ru", "en"]
            if not missing:
                continue
            what = format_loc(loc[:-1])
            if len(loc) >= 3 and loc[0] in ITEM_KINDS and isinstance(doc.data[loc[0]][loc[1]], dict):
                what = _label(loc[0], doc.data[loc[0]][loc[1]]) + (f" {format_loc(loc[2:-1])}" if loc[2:-1] else "")
            out.append(Finding("KB011", str(doc.path), doc.line_of(loc),
                               {"what": what, "key": key,
                                "langs_ru": " и ".join(LANG_NAMES[x][0] for x in missing),
                                "langs_en": " and ".join(LANG_NAMES[x][1] for x in missing),
                                "langs_kk": ", ".join(pick(LANG_NAMES, x, "kk") for x in missing)},
                               what))
    return out


_PARAM = re.compile(r"'\$?([^']+)'")


def classify_problem(problem: Problem) -> Finding:
    """A loader problem as a coded finding (KB001 when nothing finer applies)."""
    msg, loc = problem.message, problem.location
    detail = f"{loc}: {msg}" if loc else msg
    args = {"detail": detail}
    if "duplicate id" in msg or "share the id" in msg:
        code = "KB002"
    elif "unknown parameter" in msg or "weight must be a number or a $parameter" in msg:
        m = _PARAM.search(msg)
        code, args = "KB012", {"param": m.group(1) if m else "?"}
    elif re.search(r"unknown (input|conclusion|score|group|practice)", msg):
        code = "KB003"
    elif "cycle through negation" in msg:
        code = "KB060"
    else:
        code = "KB001"
    return Finding(code, problem.path, problem.line, args, loc)


def load_findings(problems: list[Problem], raw: list[Finding]) -> list[Finding]:
    """Loader problems as findings, minus those a raw-file check already reported at the same place."""
    covered = {(f.path, f.line) for f in raw}
    out = []
    for p in problems:
        about_raw = (p.location.endswith(("source", "convention", ".ru", ".en"))
                     or p.location.split(".")[-1] in TEXT_KEYS)
        if about_raw and (p.path, p.line) in covered:
            continue
        out.append(classify_problem(p))
    return out


# --- checks over the loaded KB -------------------------------------------------------------------

@dataclass
class Context:
    """What several checks share: the KB, its logic, the DNF of every rule, which rules can fire."""

    kb: KnowledgeBase
    budget: int = DEFAULT_BUDGET
    logic: Logic = field(init=False)
    dnfs: dict[str, list[Branch] | None] = field(init=False)
    live: set[str] = field(init=False)
    derivable: set[str] = field(init=False)
    _search: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.logic = Logic.of(self.kb)
        self.dnfs = {}
        for rule in self.kb.rules:
            try:
                self.dnfs[rule.id] = dnf(rule.condition)
            except TooBig:
                self.dnfs[rule.id] = None
        self.live, self.derivable = self._live_rules()

    def _live_rules(self) -> tuple[set[str], set[str]]:
        """Rules with a branch that can hold, given the facts some live rule derives (a fixpoint)."""
        live: set[str] = set()
        derivable: set[str] = set()
        changed = True
        while changed:
            changed = False
            for rule in self.kb.rules:
                if rule.id in live:
                    continue
                branches = self.dnfs[rule.id]
                if branches is None or any(self._possible(b, derivable) for b in branches):
                    live.add(rule.id)
                    derivable.update(rule.then)
                    changed = True
        return live, derivable

    def _possible(self, branch: Branch, derivable: set[str]) -> bool:
        return self.logic.contradiction(branch) is None and all(
            lit.fact in derivable for lit in branch if isinstance(lit, FactIs))

    def where(self, kind: str, ident: str) -> Where:
        return self.kb.where.get((kind, ident), Where(str(self.kb.root), None))

    def finding(self, code: str, kind: str, ident: str, **args: Any) -> Finding:
        w = self.where(kind, ident)
        return Finding(code, w.path, w.line, args, ident)

    def search(self) -> dict[str, Any]:
        if self._search is None:
            self._search = run_search(self.kb, self.budget, self)
        return self._search


def check_unused_parameters(ctx: Context) -> list[Finding]:
    """KB013: a parameter no condition, threshold or weight refers to."""
    used: set[str] = set()
    for cond in all_conditions(ctx.kb):
        for node in walk(cond):
            if isinstance(node, Cmp | ScoreCmp | AtLeast) and node.param:
                used.add(node.param)
    for score in ctx.kb.scores.values():
        used.update(t.weight_param for t in score.terms if t.weight_param)
    used.update(c.period_days[1:] for c in ctx.kb.conclusions.values() if isinstance(c.period_days, str))
    # A text may cite a parameter by name (e.g. a review period shown to the user): that is a use too.
    words = set(re.findall(r"[a-z][a-z0-9_]*", " ".join(_kb_texts(ctx.kb))))
    return [ctx.finding("KB013", "parameter", p, param=p) for p in ctx.kb.parameters
            if p not in used and p not in words]


def _kb_texts(kb: KnowledgeBase) -> Iterator[str]:
    items: list[Any] = [*kb.conclusions.values(), *kb.inputs.values(), *(r.definition for r in kb.rules),
                        *(s.definition for s in kb.scores.values())]
    for item in items:
        for key in TEXT_KEYS:
            text = getattr(item, key, None)
            if text is not None:
                yield text.ru
                yield text.en


def check_unused_inputs(ctx: Context) -> list[Finding]:
    """KB043: an input no rule or score term mentions: asking it changes nothing."""
    used = {atom.input for cond in all_conditions(ctx.kb) for atom in walk(cond) if isinstance(atom, Cmp)}
    # a screening question is used when an input it answers is
    used.update(s for s, implied in ctx.kb.screens.items() if used & set(implied))
    return [ctx.finding("KB043", "input", i, input=i) for i in ctx.kb.inputs if i not in used]


def _implies(ctx: Context, b: Rule, a: Rule) -> bool:
    db, da = ctx.dnfs[b.id], ctx.dnfs[a.id]
    if db is None or da is None:
        return b.condition == a.condition
    return ctx.logic.cond_implies(db, da)


def _redundancy(ctx: Context) -> Iterator[tuple[str, Rule, Rule]]:
    """(code, redundant rule, the rule that covers it) for duplicates and subsumed rules."""
    rules = [r for r in ctx.kb.rules if r.id in ctx.live]
    reported: set[str] = set()
    for b in rules:
        for a in rules:
            if a is b or b.id in reported or not set(b.then) <= set(a.then):
                continue
            if not _implies(ctx, b, a):
                continue
            if set(b.then) == set(a.then) and _implies(ctx, a, b):
                if b.order > a.order:  # report the later copy once
                    reported.add(b.id)
                    yield "KB020", b, a
                continue
            reported.add(b.id)
            yield "KB021", b, a


def check_duplicate_rules(ctx: Context) -> list[Finding]:
    """KB020: two rules with the same conditions (up to logical equivalence) and the same conclusions."""
    return [ctx.finding(code, "rule", b.id, rule=b.id, other=a.id, other_where=str(a.where))
            for code, b, a in _redundancy(ctx) if code == "KB020"]


def check_subsumed_rules(ctx: Context) -> list[Finding]:
    """KB021: a rule whose conditions imply another's, which derives at least the same conclusions."""
    return [ctx.finding(code, "rule", b.id, rule=b.id, other=a.id, other_where=str(a.where))
            for code, b, a in _redundancy(ctx) if code == "KB021"]


def check_dead_rules(ctx: Context) -> list[Finding]:
    """KB040 / KB041: a rule whose conditions can never hold together, or that needs a fact nothing derives."""
    out = []
    for rule in ctx.kb.rules:
        branches = ctx.dnfs[rule.id]
        if rule.id in ctx.live or branches is None:
            continue
        reasons = [ctx.logic.contradiction(b) for b in branches]
        if all(reasons):
            out.append(ctx.finding("KB040", "rule", rule.id, rule=rule.id, detail=reasons[0]))
            continue
        branch = next(b for b, r in zip(branches, reasons, strict=True) if r is None)
        missing = sorted(lit.fact for lit in branch if isinstance(lit, FactIs) and lit.fact not in ctx.derivable)
        out.append(ctx.finding("KB041", "rule", rule.id, rule=rule.id, fact=missing[0]))
    return out


def check_unreachable_conclusions(ctx: Context) -> list[Finding]:
    """KB042: a declared conclusion that no rule (that can fire) derives."""
    out = []
    for c in ctx.kb.conclusions:
        if c in ctx.derivable:
            continue
        derivers = [r.id for r in ctx.kb.rules_deriving(c)]
        if derivers:
            why = (f"его выводят только правила, которые никогда не срабатывают ({', '.join(derivers)})",
                   f"only rules that can never fire derive it ({', '.join(derivers)})")
        else:
            why = ("ни одно правило его не выводит", "no rule derives it")
        out.append(ctx.finding("KB042", "conclusion", c, conclusion=c, reason_ru=why[0], reason_en=why[1]))
    return out


def check_cycles(ctx: Context) -> list[Finding]:
    """KB061: rules that derive each other's premises in a circle (cycles through negation stop the loader)."""
    graph = nx.DiGraph()
    for rule in ctx.kb.rules:
        for node in walk(rule.condition):
            if isinstance(node, FactIs):
                for c in rule.then:
                    if not graph.has_edge(node.fact, c):
                        graph.add_edge(node.fact, c, rule=rule.id)
    out = []
    order = {c: i for i, c in enumerate(ctx.kb.conclusions)}
    for scc in sorted((sorted(s, key=order.__getitem__) for s in nx.strongly_connected_components(graph)),
                      key=lambda s: order[s[0]]):
        start = scc[0]
        if len(scc) == 1 and not graph.has_edge(start, start):
            continue
        sub = graph.subgraph(scc)
        if graph.has_edge(start, start):
            path = [start, start]
        else:
            succ = min(sub.successors(start), key=order.__getitem__)
            path = [start, *nx.shortest_path(sub, succ, start)]
        rules = [graph[u][v]["rule"] for u, v in zip(path, path[1:], strict=False)]
        text = path[0] + "".join(f" --{r}--> {v}" for r, v in zip(rules, path[1:], strict=True))
        first = min(rules, key=lambda r: ctx.kb.rule(r).order)
        out.append(ctx.finding("KB061", "rule", first, cycle=text))
    return out


def exclusive_pairs(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Pairs of conclusions that must not hold together: declared ``excludes`` (either way) and any two
    directions (a student has one direction of support)."""
    order = {c: i for i, c in enumerate(kb.conclusions)}
    pairs: set[tuple[str, str]] = set()
    for c, d in kb.conclusions.items():
        for other in d.excludes:
            pairs.add(tuple(sorted((c, other), key=order.__getitem__)))  # type: ignore[arg-type]
    directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]
    for i, a in enumerate(directions):
        for b in directions[i + 1:]:
            pairs.add((a, b))
    return sorted(pairs, key=lambda p: (order[p[0]], order[p[1]]))


Constraints = dict[str, frozenset]
WITNESSES = 4


def _merge(a: Constraints, b: Constraints) -> Constraints | None:
    out = dict(a)
    for k, v in b.items():
        out[k] = out[k] & v if k in out else v
        if not out[k]:
            return None
    return out


def rule_witnesses(ctx: Context, rule: Rule, depth: int = 0) -> list[Constraints]:
    """A few sets of input constraints under which the rule's positive premises hold (facts through
    a rule deriving them). Candidates for the search, not proofs: the search evaluates them."""
    out: list[Constraints] = []
    for branch in ctx.dnfs[rule.id] or []:
        if ctx.logic.contradiction(branch) is not None:
            continue
        found: Constraints | None = ctx.logic.input_sets(branch)
        for lit in sorted((x for x in branch if isinstance(x, FactIs)), key=lambda x: x.fact):
            options = [w for r in ctx.kb.rules_deriving(lit.fact) if r.id in ctx.live and depth < 4
                       for w in rule_witnesses(ctx, r, depth + 1)]
            found = next((m for w in options if (m := _merge(found, w)) is not None), None)  # type: ignore[arg-type]
            if found is None:
                break
        if found is not None:
            out.append(found)
            if len(out) >= WITNESSES:
                break
    return out


def targeted_constraints(ctx: Context, pairs: list[tuple[str, str]]) -> list[Constraints]:
    """For each pair of exclusive conclusions, the constraints under which a rule for each would fire."""
    cache = {r.id: rule_witnesses(ctx, r) for r in ctx.kb.rules if r.id in ctx.live}
    out: list[Constraints] = []
    for a, b in pairs:
        for ra in ctx.kb.rules_deriving(a):
            for rb in ctx.kb.rules_deriving(b):
                for wa in cache.get(ra.id, []):
                    for wb in cache.get(rb.id, []):
                        merged = _merge(wa, wb)
                        if merged is not None:
                            out.append(merged)
    return out


SEARCH_BATCH = 8192


def run_search(kb: KnowledgeBase, budget: int, ctx: Context | None = None) -> dict[str, Any]:
    """Evaluate complete profiles: which reach no direction, which derive two exclusive conclusions."""
    directions = [c for c, d in kb.conclusions.items() if d.kind == "direction"]
    pairs = exclusive_pairs(kb)
    goals = list(dict.fromkeys([*directions, *(c for p in pairs for c in p)]))
    space = space_for(kb, goals, budget)
    kb_rules = {r.id for r in kb.rules}
    if ctx is not None and not space.exhaustive:
        space.targeted = targeted_constraints(ctx, pairs)
    evaluator = Evaluator(kb)
    index = evaluator.fact_index
    gaps: list[dict[str, Any]] = []
    gap_count = 0
    conflicts: dict[tuple[str, str], dict[str, Any]] = {}
    for indices in space.batches(SEARCH_BATCH):
        values, known = evaluator.encoder.encode_choices(space.inputs, space.values, indices)
        ev = evaluator.run_columns(values, known, len(indices))
        derived = ev.engine.fact_t

        def profile(i: int, indices: Any = indices) -> dict[str, Any]:
            return space.as_profiles(indices[i:i + 1])[0]

        if directions:
            gap = ~np.logical_or.reduce([derived[index[d]] for d in directions])
            gap_count += int(gap.sum())
            gaps.extend(profile(i) for i in np.flatnonzero(gap)[:EXAMPLES - len(gaps)])
        for a, b in pairs:
            both = np.flatnonzero(derived[index[a]] & derived[index[b]])
            if not len(both):
                continue
            entry = conflicts.get((a, b))
            if entry is None:
                first = int(both[0])
                rules = [r for r in ev.fired(first) if r in kb_rules and set(kb.rule(r).then) & {a, b}]
                entry = conflicts[(a, b)] = {"count": 0, "example": profile(first), "rules": rules}
            entry["count"] += len(both)
    return {"space": space, "gaps": gaps, "gap_count": gap_count, "conflicts": conflicts,
            "directions": directions}


def _how(space: Space) -> tuple[str, str]:
    if space.exhaustive:
        return ("полный перебор", "exhaustive")
    return (f"выборка из {space.size:.3g} возможных", f"a sample of {space.size:.3g} possible")


def check_gaps(ctx: Context) -> list[Finding]:
    """KB050: a complete profile that reaches no direction at all."""
    result = ctx.search()
    if not result["directions"] or not result["gap_count"]:
        return []
    space: Space = result["space"]
    how = _how(space)
    example = show_profile(space, result["gaps"][0])
    first = result["directions"][0]
    return [ctx.finding("KB050", "conclusion", first, count=result["gap_count"], tried=space.tried,
                        how_ru=how[0], how_en=how[1], example=example)]


def check_conflicts(ctx: Context) -> list[Finding]:
    """KB030: some profile derives two conclusions that exclude each other."""
    result = ctx.search()
    space: Space = result["space"]
    out = []
    for (a, b), entry in result["conflicts"].items():
        rules = entry["rules"]
        last = max(rules, key=lambda r: ctx.kb.rule(r).order) if rules else None
        example = show_profile(space, entry["example"])
        w = ctx.kb.rule(last).where if last else ctx.where("conclusion", b)
        out.append(Finding("KB030", w.path, w.line,
                           {"first": a, "second": b, "rules": ", ".join(rules), "count": entry["count"],
                            "tried": space.tried, "example": example}, last or b))
    return out


LOADED_CHECKS = (
    check_unused_parameters, check_unused_inputs, check_duplicate_rules, check_subsumed_rules, check_dead_rules,
    check_unreachable_conclusions, check_cycles, check_conflicts, check_gaps, check_difficulty_as_risk,
)


def fallback_rule(ctx: Context) -> str | None:
    """A rule that derives a direction whenever no other direction is derived (a branch made only of
    'not <direction>'): its existence proves there is no gap, whatever the answers."""
    directions = {c for c, d in ctx.kb.conclusions.items() if d.kind == "direction"}
    for rule in ctx.kb.rules:
        if rule.id not in ctx.live or not directions & set(rule.then):
            continue
        for branch in ctx.dnfs[rule.id] or []:
            if all(isinstance(lit, FactNot) and lit.fact in directions for lit in branch):
                return rule.id
    return None


def search_summary(ctx: Context) -> dict[str, Any]:
    if ctx._search is None:
        return {}
    space: Space = ctx._search["space"]
    return {"inputs": len(space.inputs), "size": space.size, "tried": space.tried, "how": space.how,
            "budget": space.budget, "fallback_rule": fallback_rule(ctx)}


def check_kb(root: Path | str, budget: int = DEFAULT_BUDGET) -> Report:
    """Every check on a KB folder. Raises UserError only when the folder itself cannot be read."""
    root = Path(root)
    if not root.is_dir():
        raise UserError.single(str(root), "knowledge-base folder not found / папка базы знаний не найдена")
    report = Report(str(root))
    docs = read_raw(root)
    raw = check_sources(docs) + check_texts(docs)
    report.findings.extend(raw)
    try:
        kb = load_kb(root)
        Classifier(kb)  # compiling catches what only the engine build can see
    except UserError as exc:
        report.findings.extend(load_findings(exc.problems, raw))
        return report
    report.loaded = True
    report.counts = {"inputs": len(kb.inputs), "conclusions": len(kb.conclusions), "rules": len(kb.rules),
                     "scores": len(kb.scores), "params": len(kb.parameters)}
    ctx = Context(kb, budget)
    for check in LOADED_CHECKS:
        report.findings.extend(check(ctx))
    report.search = search_summary(ctx)
    return report
