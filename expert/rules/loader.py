"""Load a knowledge-base folder: read, validate, cross-reference, stratify. Reports every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from expert import guard
from expert.errors import Problem, UserError
from expert.rules.conditions import ConditionError, ConditionParser, Vocabulary, normalize_value
from expert.rules.kb import EngineStep, KnowledgeBase, Rule, Score, ScoreTerm, Where
from expert.rules.schema import (
    CaseDef,
    ConclusionsFile,
    InputsFile,
    ParametersFile,
    RulesFile,
    ScoresFile,
    SourceRef,
    SourcesFile,
)
from expert.rules.strata import assign_strata
from expert.rules.validation import M, format_loc, validate
from expert.rules.yamlio import Document, Loc, read_kb_document


def _read(path: Path, problems: list[Problem]) -> Document | None:
    try:
        return read_kb_document(path)
    except UserError as exc:
        problems.extend(exc.problems)
        return None


def _duplicates(items: list[tuple[str, Where]], what: str, problems: list[Problem]) -> None:
    seen: dict[str, Where] = {}
    for ident, where in items:
        if ident in seen:
            problems.append(Problem(where.path, where.line, f"{what} {ident}",
                                    f"duplicate id (first defined at {seen[ident]})"))
        else:
            seen[ident] = where


def _check_practices(doc: Document, key: str, i: int, item: Any, kb: KnowledgeBase, problems: list[Problem]) -> None:
    """Every practice an item cites is in the catalogue of ``sources.yaml``."""
    source = getattr(item, "source", None)
    cited = [(("source", "practice"), source.practice)] if isinstance(source, SourceRef) else []
    if hasattr(item, "borrows_from"):
        cited.append((("borrows_from",), item.borrows_from))
    for path, ids in cited:
        for j, practice in enumerate(ids):
            if practice not in kb.practices:
                loc = (key, i, *path, j)
                problems.append(Problem(str(doc.path), doc.line_of(loc), format_loc(loc),
                                        f"unknown practice {practice!r} (not in sources.yaml)"))


def load_kb(root: Path | str) -> KnowledgeBase:
    """Load and check a knowledge base; raises UserError listing every problem found."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise UserError.single(str(root), "knowledge-base folder not found / папка базы знаний не найдена")

    def load(name: str, model: type[M]) -> tuple[Document | None, M | None]:
        path = root / name
        doc = _read(path, problems)
        return doc, (validate(doc, model, problems) if doc else None)

    inputs_doc, inputs_file = load("inputs.yaml", InputsFile)
    concl_doc, concl_file = load("conclusions.yaml", ConclusionsFile)
    param_doc, param_file = load("parameters.yaml", ParametersFile)
    scores_doc, scores_file = (None, None)
    if (root / "scores.yaml").exists():
        scores_doc, scores_file = load("scores.yaml", ScoresFile)
    sources_doc, sources_file = (None, None)
    if (root / "sources.yaml").exists():
        sources_doc, sources_file = load("sources.yaml", SourcesFile)
    rule_files = sorted((root / "rules").glob("*.yaml")) if (root / "rules").is_dir() else []
    if not rule_files:
        problems.append(Problem(str(root / "rules"), None, "", "no rule files (rules/*.yaml) found"))
    rule_docs: list[tuple[Document, RulesFile]] = []
    rule_count = 0
    for path in rule_files:
        doc = _read(path, problems)
        if doc and isinstance(doc.data, dict) and isinstance(doc.data.get("rules"), list):
            rule_count += len(doc.data["rules"])
            if rule_count > guard.MAX_RULES:  # kb check compares rules pairwise: bound the work
                problems.append(Problem(str(path), None, "rules", guard.message("too_many_rules",
                                                                                limit=guard.MAX_RULES)))
                break
        parsed = validate(doc, RulesFile, problems) if doc else None
        if doc and parsed:
            rule_docs.append((doc, parsed))
    if problems or not (inputs_file and concl_file and param_file):
        raise UserError(problems)

    def where(doc: Document, loc: Loc) -> Where:
        return Where(str(doc.path), doc.line_of(loc))

    kb = KnowledgeBase(root=root, groups={}, inputs={}, conclusions={}, parameters={}, scores={}, rules=[])
    entries: list[tuple[str, str, Where]] = []
    for i, g in enumerate(inputs_file.groups):
        entries.append(("group", g.id, where(inputs_doc, ("groups", i))))
        kb.groups[g.id] = g
    for i, inp in enumerate(inputs_file.inputs):
        entries.append(("input", inp.id, where(inputs_doc, ("inputs", i))))
        kb.inputs.setdefault(inp.id, inp)
        if inp.group not in kb.groups:
            problems.append(Problem(str(inputs_doc.path), inputs_doc.line_of(("inputs", i, "group")),
                                    f"inputs[{i}].group", f"unknown group {inp.group!r}"))
    for i, inp in enumerate(inputs_file.inputs):
        for key, raw in (inp.when_no or {}).items():
            loc = ("inputs", i, "when_no", key)
            target = kb.inputs.get(key)
            if target is None or target.when_no is not None or key == inp.id:
                why = "unknown input" if target is None else "a screening question cannot imply another one"
                problems.append(Problem(str(inputs_doc.path), inputs_doc.line_of(loc), format_loc(loc),
                                        f"{why}: {key!r}"))
                continue
            try:
                kb.screens.setdefault(inp.id, {})[key] = normalize_value(target, raw)
            except ValueError as exc:
                problems.append(Problem(str(inputs_doc.path), inputs_doc.line_of(loc), format_loc(loc), str(exc)))
    for i, inp in enumerate(inputs_file.inputs):
        target = kb.inputs.get(inp.support) if inp.support else None
        if inp.support and (target is None or target.type != "boolean"):
            why = "unknown input" if target is None else "the support question must be a boolean input"
            problems.append(Problem(str(inputs_doc.path), inputs_doc.line_of(("inputs", i, "support")),
                                    f"inputs[{i}].support", f"{why}: {inp.support!r}"))
    for i, c in enumerate(concl_file.conclusions):
        entries.append(("conclusion", c.id, where(concl_doc, ("conclusions", i))))
        kb.conclusions.setdefault(c.id, c)
    for i, p in enumerate(param_file.parameters):
        entries.append(("parameter", p.id, where(param_doc, ("parameters", i))))
        kb.parameters.setdefault(p.id, p)
    if sources_file:
        for i, par in enumerate(sources_file.paragraphs):
            entries.append(("paragraph", str(par.n), where(sources_doc, ("paragraphs", i))))
            kb.paragraphs.setdefault(par.n, par.summary)
        for i, pr in enumerate(sources_file.practices):
            entries.append(("practice", pr.id, where(sources_doc, ("practices", i))))
            kb.practices.setdefault(pr.id, pr)
    for doc, items, key in ((concl_doc, concl_file.conclusions, "conclusions"),
                            (param_doc, param_file.parameters, "parameters"),
                            (scores_doc, scores_file.scores if scores_file else [], "scores"),
                            *((d, rf.rules, "rules") for d, rf in rule_docs)):
        for i, item in enumerate(items):
            _check_practices(doc, key, i, item, kb, problems)
    for i, c in enumerate(concl_file.conclusions):
        for j, other in enumerate(c.excludes):
            if other not in kb.conclusions:
                problems.append(Problem(str(concl_doc.path), concl_doc.line_of(("conclusions", i, "excludes", j)),
                                        f"conclusions[{i}].excludes", f"unknown conclusion {other!r}"))
    params = {p.id: p.value for p in kb.parameters.values()}
    for i, c in enumerate(concl_file.conclusions):
        if c.period_days is None:
            continue
        days = params.get(c.period_days[1:]) if isinstance(c.period_days, str) else c.period_days
        if days is None or not c.period_days or (isinstance(c.period_days, str) and c.period_days[0] != "$"):
            problems.append(Problem(str(concl_doc.path), concl_doc.line_of(("conclusions", i, "period_days")),
                                    f"conclusions[{i}].period_days",
                                    f"must be a number of days or a $parameter, got {c.period_days!r}"))
        else:
            kb.review_days[c.id] = int(days)
    vocab = Vocabulary(inputs=kb.inputs, conclusions=set(kb.conclusions),
                       scores={s.id for s in (scores_file.scores if scores_file else [])},
                       parameters={p.id: p.value for p in kb.parameters.values()})
    parser = ConditionParser(vocab)

    def parse(doc: Document, raw: Any, loc: Loc):
        try:
            return parser.parse(raw, loc)
        except ConditionError as exc:
            for loc, message in exc.errors:
                problems.append(Problem(str(doc.path), doc.line_of(loc), format_loc(loc), message))
            return None

    if scores_file:
        for i, s in enumerate(scores_file.scores):
            entries.append(("score", s.id, where(scores_doc, ("scores", i))))
            terms = []
            for j, t in enumerate(s.terms):
                cond = parse(scores_doc, t.when, ("scores", i, "terms", j, "when"))
                weight, wparam = t.weight, None
                if isinstance(weight, str):
                    wparam = weight.removeprefix("$")
                    if not weight.startswith("$") or wparam not in vocab.parameters:
                        problems.append(Problem(str(scores_doc.path),
                                                scores_doc.line_of(("scores", i, "terms", j, "weight")),
                                                format_loc(("scores", i, "terms", j, "weight")),
                                                f"weight must be a number or a $parameter, got {weight!r}"))
                        continue
                    weight = vocab.parameters[wparam]
                if cond is not None:
                    terms.append(ScoreTerm(cond, weight, wparam))
            kb.scores[s.id] = Score(s, terms)
    for doc, rf in rule_docs:
        for i, r in enumerate(rf.rules):
            w = where(doc, ("rules", i))
            entries.append(("rule", r.id, w))
            cond = parse(doc, r.when, ("rules", i, "when"))
            for j, c in enumerate(r.then):
                if c not in kb.conclusions:
                    problems.append(Problem(str(doc.path), doc.line_of(("rules", i, "then", j)),
                                            f"rules[{i}].then", f"unknown conclusion {c!r}"))
            if cond is not None:
                kb.rules.append(Rule(r, cond, len(kb.rules), w))
    for kind in ("group", "input", "conclusion", "parameter", "score", "rule", "paragraph", "practice"):
        _duplicates([(i, w) for k, i, w in entries if k == kind], kind, problems)
    for kind, ident, w in entries:
        kb.where.setdefault((kind, ident), w)
    if problems:
        raise UserError(problems)

    steps = [EngineStep(r.id, "rule", r.order, 0, r.condition, rule=r) for r in kb.rules]
    for s in kb.scores.values():
        for j, t in enumerate(s.terms):
            steps.append(EngineStep(f"{s.id}#{j + 1}", "term", len(steps), 0, t.condition, score=s.id, term=j))
        steps.append(EngineStep(s.id, "total", len(steps), 0, None, score=s.id))
    keys = [s.key for s in steps]
    clash = sorted({k for k in keys if keys.count(k) > 1})
    if clash:
        raise UserError.single(str(root), f"a score and a rule share the id(s): {', '.join(clash)}")
    strata, cycle_problems = assign_strata(kb, steps)
    if cycle_problems:
        raise UserError(cycle_problems)
    kb.steps = [EngineStep(s.key, s.kind, s.order, strata[s.key], s.condition, s.rule, s.score, s.term)
                for s in steps]
    for r in kb.rules:
        r.stratum = strata[r.id]
    return kb


def load_case(path: Path) -> tuple[CaseDef, Document]:
    problems: list[Problem] = []
    doc = read_kb_document(path)
    case = validate(doc, CaseDef, problems)
    if problems or case is None:
        raise UserError(problems)
    return case, doc


def load_cases(folder: Path | str) -> list[tuple[CaseDef, Document]]:
    """Every case file of a folder, in name order; all problems at once."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError.single(str(folder), "cases folder not found / папка с эталонными случаями не найдена")
    problems: list[Problem] = []
    out = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml"), *folder.glob("*.json")]):
        try:
            out.append(load_case(path))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return out
