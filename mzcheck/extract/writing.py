"""Writing drafts: the rule file (YAML), the JSON list, a lint-ready folder, and ``--explain`` / 输出草稿.

One YAML writer for every file extract writes: PyYAML's safe dumper (Unicode as written, keys in the order
given, decimals exact), with the comments a reviewer needs added between the dumped entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from mzcheck.core.codes import extract as X
from mzcheck.core.errors import InputError
from mzcheck.core.files import check_output, write_output
from mzcheck.core.messages import Message
from mzcheck.extract.assembly import catalogue_entries
from mzcheck.extract.model import Extraction
from mzcheck.load.layers import INDICATORS_FILE, JURISDICTIONS_FILE
from mzcheck.load.rules import load_catalog
from mzcheck.load.ruleset import RuleSet
from mzcheck.render.rules import rule_object


class _Dumper(yaml.SafeDumper):
    """The safe dumper, with exact decimals and short mappings in flow style."""


class _Flow(dict[str, Any]):
    """A mapping written on one line: ``target: {value: 28, unit: 人/万名老年人}``."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if value == value.to_integral_value():
        return dumper.represent_scalar("tag:yaml.org,2002:int", format(value.to_integral_value(), "f"))
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(_Flow, _flow)


def dump_yaml(data: Any, flow: bool = False) -> str:
    """``data`` as YAML: Unicode as written, keys in the order given, decimals exact; block style, or flow
    style (``{id: …, unit: …}``) with ``flow``."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow,
                     width=10_000)


def _comment(message: Message, indent: str = "") -> list[str]:
    return [f"{indent}# {message.zh}", f"{indent}# {message.en}"]


def _indented(text: str, indent: str) -> list[str]:
    return [indent + line for line in text.splitlines()]


def drafts_yaml(ex: Extraction) -> str:
    """A rule file in the ``targets/rules/`` format: document header, jurisdiction, rules."""
    lines = [*_comment(X.FILE_HEADER(file=ex.file)), *_comment(X.FILE_YEAR(year=ex.year))]
    if not ex.jurisdiction_known:
        lines += _comment(X.UNKNOWN_PLACE(place=ex.jurisdiction))
    if ex.proposed:
        lines += _comment(X.PROPOSED_HEAD())
        for p in ex.proposed:
            entry = dump_yaml({"id": p.id, "name": {"zh": p.name_zh, "en": p.name_en}, "unit": p.unit}, flow=True)
            lines.append(f"#   - {entry.strip()}")
    header = dump_yaml({"document": ex.document(), "jurisdiction": ex.jurisdiction}).splitlines()
    if not ex.published:
        unknown = X.PUBLISHED_UNKNOWN().both()
        header = [f"{line}   # {unknown}" if line.startswith("  published:") else line for line in header]
    lines += header
    if not ex.drafts:
        lines.append("rules: []")
        return "\n".join(lines) + "\n"
    lines.append("rules:")
    mark = X.PROPOSED_MARK()
    for d in ex.drafts:
        lines += _comment(X.RULE_COMMENT(start=d.start, end=d.end, reason_zh=d.reason.zh, reason_en=d.reason.en,
                                         proposed_zh=mark.zh if d.proposed else "",
                                         proposed_en=mark.en if d.proposed else ""), "  ")
        data = d.rule_data()
        data["target"] = _Flow(data["target"])
        for line in _indented(dump_yaml([data]), "  "):
            lines.append(f"{line}   # {d.indicator_name}" if line.startswith("    indicator:") else line)
    return "\n".join(lines) + "\n"


def compiled_drafts(ex: Extraction, catalogue: RuleSet | None = None) -> RuleSet:
    """The drafted rule file compiled with the catalogue and the proposed indicators (InputError if a draft
    does not load, which assembly rules out)."""
    cat = catalogue or ex.catalogue or load_catalog()
    indicators, divisions = catalogue_entries(cat, ex.proposed, ex.jurisdiction)
    return cat.layered(ex.rule_file(), indicators=indicators, jurisdictions=divisions, name=ex.file)


def drafts_json(ex: Extraction, catalogue: RuleSet | None = None) -> list[dict[str, Any]]:
    """The drafts as ``mzcheck targets --format json`` items (:func:`~mzcheck.render.rules.rule_object`), plus
    ``offsets``, ``wording``, ``note``, ``reading``, ``reason``, ``indicator_name`` and ``proposed_indicator``."""
    proposed = {p.id: p for p in ex.proposed}
    rules = compiled_drafts(ex, catalogue).rules
    out: list[dict[str, Any]] = []
    for d, rule in zip(ex.drafts, rules, strict=True):
        p = proposed.get(d.indicator)
        item = rule_object(rule)
        item.update({
            "offsets": [d.start, d.end],
            "wording": d.wording,
            "note": d.note.as_json() if d.note else None,
            "reading": d.reading,
            "reason": d.reason.as_json(),
            "indicator_name": d.indicator_name,
            "proposed_indicator": ({"id": p.id, "name": {"zh": p.name_zh, "en": p.name_en}, "unit": p.unit}
                                   if p else None),
        })
        out.append(item)
    return out


def explain_text(ex: Extraction, lang: str = "zh") -> str:
    """Why each sentence was or was not drafted, in text order / 逐句说明起草与否的原因."""
    entries: list[tuple[int, int, str]] = []
    for d in ex.drafts:
        entries.append((d.start, d.end, X.DRAFTED(rule=d.rule_id, reason=d.reason.text(lang)).text(lang)))
    for start, end, why in ex.skipped:
        entries.append((start, end, X.NOT_DRAFTED(reason=why.text(lang)).text(lang)))
    lines = []
    for start, end, said in sorted(entries, key=lambda e: (e[0], e[1])):
        lines.append(f"[{start}, {end}] {said}")
        lines.append(f"    {ex.text[start:end]}")
    return "\n".join(lines) + ("\n" if lines else "")


def write_folder(ex: Extraction, out: str | Path, catalogue: RuleSet | str | Path | None = None,
                 reads: Sequence[str | Path] = ()) -> Path:
    """Write a folder that ``mzcheck lint OUT --sources <plan's folder>`` accepts / 写出可直接校验的目录.

    ``OUT/rules/<plan>.yaml`` (the drafts), ``OUT/indicators.yaml`` (the proposed indicators: the folder is a
    layer on the catalogue it was drafted with), ``OUT/jurisdictions.yaml`` (a provisional entry for a place the
    catalogue does not know) and ``OUT/sources/<plan>`` (the text as UTF-8, for a GBK plan or a .docx). Returns
    the rule file's path. Each file is written whole or not at all, and never onto one of ``reads`` (the plan,
    the rule and catalog files the run reads).
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError.of(X.OUTPUT_NOT_FOLDER, file=str(folder), path=folder)
    cat = catalogue if isinstance(catalogue, RuleSet) else (ex.catalogue if catalogue is None and ex.catalogue
                                                             else (load_catalog(catalogue, bundled=False) if catalogue else load_catalog()))
    indicators, divisions = catalogue_entries(cat, ex.proposed, ex.jurisdiction)
    head = "\n".join(_comment(X.INDICATORS_HEADER())) + "\n"
    stem = "".join(ch for ch in Path(ex.file).stem if ch.isascii() and (ch.isalnum() or ch in "_.-")) or "plan"
    rule_file = folder / "rules" / f"{stem}.yaml"
    files = {folder / INDICATORS_FILE: head + dump_yaml({"indicators": indicators}),
             folder / JURISDICTIONS_FILE: dump_yaml({"jurisdictions": divisions}),
             folder / "sources" / ex.file: ex.text, rule_file: drafts_yaml(ex)}
    for path in files:
        check_output(path, reads)  # all refused before any is written
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    for path, text in files.items():
        write_output(path, text, reads)
    return rule_file
