"""Checks on a rule set beyond its schema / 规则集校验.

Loading already rejects malformed rules. ``lint`` adds what needs the whole set or the source texts:
quotes that are not verbatim in their document, duplicate rules, and contradictions (two binding rules
on one indicator and jurisdiction that cannot both hold). Findings are data: code, severity, message,
location and a ``help`` line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mzcheck.core.codes import lint as L
from mzcheck.core.compare import Threshold
from mzcheck.core.errors import InputError
from mzcheck.core.files import MAX_PLAN_BYTES, decode_plan, read_bounded
from mzcheck.core.messages import Message
from mzcheck.kinds import KINDS
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


def lint(rules: RuleSet, sources: Path | None = None, scope: Path | None = None) -> list[LintFinding]:
    """Every finding on ``rules``; with ``sources``, also whether each quote is verbatim in its document.

    ``scope``: only the findings on rules of that folder (a layer of one's own on the bundled targets).
    """
    findings: list[LintFinding] = []
    own = RuleSet(rules.indicators, rules.jurisdictions, [r for r in rules.rules if within(r.file, scope)]) \
        if scope is not None else rules
    if sources is not None:
        findings.extend(check_quotes(own, sources))
    findings.extend(f for f in check_duplicates(rules) + check_contradictions(rules)
                    if scope is None or within(f.file, scope))
    return findings


def within(file: str, folder: Path | None) -> bool:
    """Whether ``file`` is ``folder`` or inside it (any file, for no folder)."""
    if folder is None:
        return True
    here, top = Path(file).resolve(), folder.resolve()
    return here == top or top in here.parents


def _normalise_text(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def check_quotes(rules: RuleSet, sources: Path) -> list[LintFinding]:
    out: list[LintFinding] = []
    cache: dict[str, str | InputError | None] = {}
    for r in rules.rules:
        name = r.rule.source.file
        if not name:
            out.append(LintFinding("L004", "warning", L.NO_SOURCE_FILE(), r.file, r.line, r.id))
            continue
        if name not in cache:
            cache[name] = _source_text(sources / name)
        text = cache[name]
        if text is None:
            out.append(LintFinding("L005", "error", L.SOURCE_FILE_MISSING(file=name, folder=sources), r.file, r.line,
                                   r.id))
            continue
        if isinstance(text, InputError):
            said = text.problems[0].message
            zh, en = (said.zh, said.en) if isinstance(said, Message) else (str(said), str(said))
            out.append(LintFinding("L006", "error", L.SOURCE_UNREADABLE(file=name, reason_zh=zh, reason_en=en), r.file,
                                   r.line, r.id))
            continue
        quote = _normalise_text(r.rule.source.quote)
        if quote not in text:
            out.append(LintFinding("L001", "error", L.QUOTE_NOT_VERBATIM(file=name, quote=quote),
                r.file, r.line, r.id, Message(zh=_nearest_hint(quote, text, True), en=_nearest_hint(quote, text, False))))
    return out


def _source_text(path: Path) -> str | InputError | None:
    """A plan's text as lint compares quotes with it (None: no such file), read as extract reads a plan: a
    regular file within the plan size bound, in UTF-8 or GBK/GB18030; the error that stops it otherwise."""
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return _normalise_text(decode_plan(read_bounded(path, MAX_PLAN_BYTES), str(path)))
    except InputError as exc:
        return exc


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
            if KINDS[x.kind].ratio_target else "", x.reference.indicator if x.reference else None)


def _interval(r: CompiledRule) -> Threshold:
    """The rule's threshold in base units, so rules in 万人 and 人 compare."""
    return r.threshold.scaled(r.target_unit.factor)


def _applying(rules: RuleSet) -> list[CompiledRule]:
    """The rules that apply: a superseded rule neither duplicates nor contradicts its revision."""
    return [r for r in rules.rules if r.id not in rules.superseded_by]


def check_duplicates(rules: RuleSet) -> list[LintFinding]:
    out: list[LintFinding] = []
    seen: dict[tuple[Any, ...], CompiledRule] = {}
    for r in _applying(rules):
        key = (*_key(r), _interval(r), r.rule.due)
        if key in seen:
            first = seen[key]
            out.append(LintFinding("L002", "warning", L.DUPLICATE(first=first.id, where=f"{first.file}:{first.line}"),
                                   r.file, r.line, r.id, L.DUPLICATE.hint()))
        else:
            seen[key] = r
    return out


def check_contradictions(rules: RuleSet) -> list[LintFinding]:
    out: list[LintFinding] = []
    groups: dict[tuple[Any, ...], list[CompiledRule]] = {}
    for r in _applying(rules):
        if r.rule.strength == "binding":
            groups.setdefault(_key(r), []).append(r)
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if _interval(a).disjoint(_interval(b)):
                    out.append(LintFinding("L003", "error", L.CONTRADICTION(first=a.id, where=f"{a.file}:{a.line}"),
                                           b.file, b.line, b.id))
    return out
