"""Checks on a rule set beyond its schema / 规则集校验.

Loading already rejects malformed rules. ``lint`` adds what needs the whole set or the source texts:
quotes that are not verbatim in their document, duplicate rules, and contradictions (two binding rules
on one indicator and jurisdiction that cannot both hold). Findings are data: code, severity, message,
location and a ``help`` line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from mzcheck.core.messages import Message
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledRule


@dataclass(frozen=True)
class LintFinding:
    code: str
    severity: str
    message: Message
    file: str
    line: int | None
    rule_id: str
    help: Message | None = None

    def text(self, lang: str = "zh") -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        msg = self.message.zh if lang == "zh" else self.message.en
        out = f"{where}: {self.code} [{self.rule_id}] {msg}"
        if self.help:
            out += f"\n  help: {self.help.zh if lang == 'zh' else self.help.en}"
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "rule_id": self.rule_id, "file": self.file,
                "line": self.line, "message": {"zh": self.message.zh, "en": self.message.en},
                "help": {"zh": self.help.zh, "en": self.help.en} if self.help else None}


def lint(rules: RuleSet, sources: Path | None = None) -> list[LintFinding]:
    """Every finding on ``rules``; with ``sources``, also whether each quote is verbatim in its document."""
    findings: list[LintFinding] = []
    if sources is not None:
        findings.extend(check_quotes(rules, sources))
    findings.extend(check_duplicates(rules))
    findings.extend(check_contradictions(rules))
    return findings


def _normalise_text(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def check_quotes(rules: RuleSet, sources: Path) -> list[LintFinding]:
    out: list[LintFinding] = []
    cache: dict[str, str | None] = {}
    for r in rules.rules:
        name = r.rule.source.file
        if not name:
            out.append(LintFinding("L004", "warning", Message(
                zh="出处未注明原文文件(document.file),无法核对引文",
                en="the source names no file (document.file); the quote cannot be checked"), r.file, r.line, r.id))
            continue
        if name not in cache:
            path = sources / name
            cache[name] = _normalise_text(path.read_text(encoding="utf-8-sig")) if path.exists() else None
        text = cache[name]
        if text is None:
            out.append(LintFinding("L004", "error", Message(zh=f"原文文件 {name} 不在 {sources} 中",
                                                            en=f"source file {name} is not in {sources}"),
                                   r.file, r.line, r.id))
            continue
        quote = _normalise_text(r.rule.source.quote)
        if quote not in text:
            out.append(LintFinding("L001", "error", Message(
                zh=f"引文在原文 {name} 中找不到:“{quote}”", en=f"the quote is not verbatim in {name}: '{quote}'"),
                r.file, r.line, r.id, Message(zh=_nearest_hint(quote, text, True), en=_nearest_hint(quote, text, False))))
    return out


def _nearest_hint(quote: str, text: str, zh: bool) -> str:
    """Where the quote starts to differ from the closest passage of the document."""
    best_at, best_len = -1, 0
    probe = quote[:8]
    start = text.find(probe)
    while start != -1:
        n = 0
        while n < len(quote) and start + n < len(text) and text[start + n] == quote[n]:
            n += 1
        if n > best_len:
            best_at, best_len = start, n
        start = text.find(probe, start + 1)
    if best_at < 0:
        return "原文中没有以此开头的句子;请逐字复制原文" if zh else "no passage starts like this; copy the words exactly"
    found = text[best_at + best_len: best_at + best_len + 12]
    wrote = quote[best_len: best_len + 12]
    return (f"前 {best_len} 个字符一致,之后原文为“{found}”,引文为“{wrote}”" if zh else
            f"the first {best_len} characters match; then the document has '{found}' where the quote has '{wrote}'")


def _key(r: CompiledRule) -> tuple[Any, ...]:
    x = r.rule
    return (x.indicator, r.jurisdiction.code, x.scope, x.kind, x.due.year, r.target_unit.dims, r.target_unit.text
            if x.kind in ("growth", "relative") else "", x.reference.indicator if x.reference else None)


Interval = tuple[Fraction | None, bool, Fraction | None, bool]


def _interval(r: CompiledRule) -> Interval:
    t, f = r.threshold.value, r.target_unit.factor
    c = r.rule.comparator
    if isinstance(t, tuple):
        return (t[0] * f, True, t[1] * f, True)
    v = t * f
    return {">=": (v, True, None, False), ">": (v, False, None, False), "<=": (None, False, v, True),
            "<": (None, False, v, False)}.get(c, (v, True, v, True))


def _disjoint(a: Interval, b: Interval) -> bool:
    def before(hi: Fraction | None, hi_closed: bool, lo: Fraction | None, lo_closed: bool) -> bool:
        if hi is None or lo is None:
            return False
        return hi < lo or (hi == lo and not (hi_closed and lo_closed))
    return before(a[2], a[3], b[0], b[1]) or before(b[2], b[3], a[0], a[1])


def check_duplicates(rules: RuleSet) -> list[LintFinding]:
    out: list[LintFinding] = []
    seen: dict[tuple[Any, ...], CompiledRule] = {}
    for r in rules.rules:
        key = (*_key(r), r.rule.comparator, r.threshold.value * r.target_unit.factor if not isinstance(r.threshold.value, tuple)
               else tuple(x * r.target_unit.factor for x in r.threshold.value), r.rule.due)
        if key in seen:
            first = seen[key]
            out.append(LintFinding("L002", "warning", Message(
                zh=f"与 {first.id}({first.file}:{first.line})重复", en=f"duplicates {first.id} ({first.file}:{first.line})"),
                r.file, r.line, r.id, Message(zh="删除其中一条,或写明两者的区别", en="remove one, or say how they differ")))
        else:
            seen[key] = r
    return out


def check_contradictions(rules: RuleSet) -> list[LintFinding]:
    out: list[LintFinding] = []
    groups: dict[tuple[Any, ...], list[CompiledRule]] = {}
    for r in rules.rules:
        if r.rule.strength == "binding":
            groups.setdefault(_key(r), []).append(r)
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if _disjoint(_interval(a), _interval(b)):
                    out.append(LintFinding("L003", "error", Message(
                        zh=f"与 {a.id}({a.file}:{a.line})矛盾:两条约束性目标不可能同时达到",
                        en=f"contradicts {a.id} ({a.file}:{a.line}): both binding targets cannot hold"),
                        b.file, b.line, b.id))
    return out
