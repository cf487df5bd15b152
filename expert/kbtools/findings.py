"""What a knowledge-base check reports: a coded finding at file:line, and the catalogue of codes.

Every code has a severity, a short name and a one-line message in Russian and English; the researchers'
guide (knowledge_base/README.md) documents each code with a bad and a good example.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from expert.errors import escape_controls
from expert.i18n import choose, kazakh, pick

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class CheckInfo:
    code: str
    name: str
    severity: str
    message: tuple[str, str]  # (ru, en) templates, formatted with the finding's args


CATALOGUE: dict[str, CheckInfo] = {c.code: c for c in [
    CheckInfo("KB001", "invalid-file", ERROR,
              ("{detail}", "{detail}")),
    CheckInfo("KB002", "duplicate-id", ERROR,
              ("{detail}", "{detail}")),
    CheckInfo("KB003", "unknown-reference", ERROR,
              ("{detail}", "{detail}")),
    CheckInfo("KB010", "missing-source", ERROR,
              ("{what} {id}: {reason_ru}", "{what} {id}: {reason_en}")),
    CheckInfo("KB011", "missing-text", ERROR,
              ("{what}: текст «{key}» без перевода на {langs_ru}",
               "{what}: text '{key}' is missing in {langs_en}")),
    CheckInfo("KB012", "undeclared-parameter", ERROR,
              ("параметр ${param} используется, но не объявлен в parameters.yaml",
               "parameter ${param} is used but not declared in parameters.yaml")),
    CheckInfo("KB013", "unused-parameter", WARNING,
              ("параметр {param} объявлен, но ни одно условие и ни один вес его не использует",
               "parameter {param} is declared but no condition or weight uses it")),
    CheckInfo("KB020", "duplicate-rule", WARNING,
              ("правило {rule} повторяет правило {other} ({other_where}): те же условия и те же выводы",
               "rule {rule} repeats rule {other} ({other_where}): same conditions, same conclusions")),
    CheckInfo("KB021", "subsumed-rule", WARNING,
              ("правило {rule} поглощено правилом {other} ({other_where}): всякий раз, когда выполнены его "
               "условия, выполнены и условия {other}, а оно выводит то же самое",
               "rule {rule} is subsumed by rule {other} ({other_where}): whenever its conditions hold, so do "
               "those of {other}, which derives the same")),
    CheckInfo("KB030", "conflicting-rules", ERROR,
              ("{first} и {second} исключают друг друга, но выводятся вместе (правила {rules}) в {count} из "
               "{tried} проверенных профилей, например: {example} (остальные ответы: нет / первый вариант / минимум / "
               "ничего)",
               "{first} and {second} exclude each other but are both derived (rules {rules}) in {count} of "
               "{tried} profiles tried, e.g.: {example} (other answers: no / first option / minimum / none)")),
    CheckInfo("KB040", "dead-rule", ERROR,
              ("правило {rule} никогда не сработает: условия несовместимы ({detail})",
               "rule {rule} can never fire: its conditions cannot hold together ({detail})")),
    CheckInfo("KB041", "underivable-premise", ERROR,
              ("правило {rule} никогда не сработает: ему нужен вывод {fact}, который не выводит ни одно "
               "работающее правило",
               "rule {rule} can never fire: it needs {fact}, which no working rule derives")),
    CheckInfo("KB042", "unreachable-conclusion", WARNING,
              ("вывод {conclusion} объявлен, но {reason_ru}",
               "conclusion {conclusion} is declared but {reason_en}")),
    CheckInfo("KB043", "unused-input", WARNING,
              ("входной признак {input} не используется ни в одном условии",
               "input {input} is used by no condition")),
    CheckInfo("KB050", "gap", ERROR,
              ("{count} из {tried} проверенных профилей ({how_ru}) не получают никакого направления, "
               "например: {example} (остальные ответы: нет / первый вариант / минимум / ничего)",
               "{count} of {tried} profiles tried ({how_en}) reach no direction at all, e.g.: {example} "
               "(other answers: no / first option / minimum / none)")),
    CheckInfo("KB070", "difficulty-as-risk", ERROR,
              ("правило {rule} выводит {conclusion} (ведёт к направлению {direction}) из признака {input} "
               "(трудность или статус) без условия «помощь не оказывается»{support}: трудность или статус сами по "
               "себе — потребность, а не фактор риска",
               "rule {rule} derives {conclusion} (leading to {direction}) from input {input} (a difficulty or a "
               "status) without the condition 'the help is not provided'{support}: a difficulty or a status by "
               "itself is a need, not a risk")),
    CheckInfo("KB060", "cycle-through-negation", ERROR,
              ("{detail}", "{detail}")),
    CheckInfo("KB061", "cycle", WARNING,
              ("правила выводят друг друга по кругу: {cycle} — выводы цикла обосновывают сами себя",
               "rules derive each other in a circle: {cycle} — the conclusions in it justify themselves")),
]}


_WRAP = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")


@dataclass(frozen=True)
class Finding:
    code: str
    path: str
    line: int | None
    args: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    subject: str = ""  # the rule/input/parameter/conclusion id the finding is about, if any

    @property
    def info(self) -> CheckInfo:
        return CATALOGUE[self.code]

    @property
    def severity(self) -> str:
        return self.info.severity

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def message(self, lang: str) -> str:
        """One line: a detail that wraps (a condition written over lines) is joined, control characters escaped."""
        ru, en = self.info.message
        args = self.args
        if lang == "kk":  # texts passed in Russian (``reason_ru``...) are shown in Kazakh too
            args = {k: kazakh(v) if k.endswith("_ru") and isinstance(v, str) and k[:-3] + "_kk" not in args else v
                    for k, v in args.items()}
        return escape_controls(_WRAP.sub(" ", choose(ru, en, lang).format(**args)))

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {"code": self.code, "name": self.info.name, "severity": self.severity, "path": self.path,
                "line": self.line, "subject": self.subject, "message": self.message(lang)}

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.code, self.subject)


@dataclass
class Report:
    """All findings of one ``kb check`` run, plus what the gap search tried."""

    root: str
    findings: list[Finding] = field(default_factory=list)
    loaded: bool = False
    search: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def to_json(self, lang: str) -> str:
        data = {"kb": self.root, "loaded": self.loaded, "errors": len(self.errors), "warnings": len(self.warnings),
                "counts": self.counts, "search": self.search, "findings": [f.to_dict(lang) for f in self.sorted()]}
        return json.dumps(data, ensure_ascii=False, indent=2)


SEVERITY_WORDS = {ERROR: ("ошибка", "error"), WARNING: ("предупреждение", "warning")}


REPORT_TEXTS = {
    "exhaustive": ("полный перебор", "exhaustive"),
    "sample": ("выборка из {size} возможных", "a sample of {size} possible"),
    "search": ("Поиск пробелов и противоречий: проверено профилей: {tried} ({how}; входных признаков: {inputs})",
               "Gap and conflict search: {tried} profiles tried ({how}; {inputs} inputs)"),
    "no_gap": ("Пробелов нет при любых ответах: правило {rule} выводит направление, когда не выведено ни одно "
               "другое.",
               "No gap whatever the answers: rule {rule} derives a direction whenever no other direction is "
               "derived."),
    "not_loaded": ("База знаний не загружается: остальные проверки не выполнялись.",
                   "The knowledge base does not load: the other checks did not run."),
    "totals": ("Ошибок: {errors}, предупреждений: {warnings}.", "{errors} error(s), {warnings} warning(s)."),
}


def render_report(report: Report, lang: str) -> str:
    """One line per finding (``file:line: CODE severity: message``), then a summary."""
    lines = [f"{f.where}: {f.code} {pick(SEVERITY_WORDS, f.severity, lang)}: {f.message(lang)}"
             for f in report.sorted()]
    s = report.search
    if s:
        how = (pick(REPORT_TEXTS, "exhaustive", lang) if s["how"] == "exhaustive"
               else pick(REPORT_TEXTS, "sample", lang, size=f"{s['size']:.3g}"))
        lines.append(pick(REPORT_TEXTS, "search", lang, tried=s["tried"], how=how, inputs=s["inputs"]))
    if s and s.get("fallback_rule") and not any(f.code == "KB050" for f in report.findings):
        lines.append(pick(REPORT_TEXTS, "no_gap", lang, rule=s["fallback_rule"]))
    if not report.loaded:
        lines.append(pick(REPORT_TEXTS, "not_loaded", lang))
    lines.append(pick(REPORT_TEXTS, "totals", lang, errors=len(report.errors), warnings=len(report.warnings)))
    return "\n".join(lines)
