"""A validated rule set: indicators, jurisdictions and compiled rules / 规则集.

Built from rule folders (:func:`mzcheck.load_targets`) or from data in memory (:meth:`RuleSet.from_data`);
read by every later stage. Building validates everything and reports every problem at once, with
``file:line: CODE field: message``: evaluation never meets a malformed rule.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mzcheck.core import yamlio
from mzcheck.core.codes import catalog as C
from mzcheck.core.codes import rules as K
from mzcheck.core.codes import waivers as W
from mzcheck.core.errors import InputError, Problem, problem
from mzcheck.core.messages import did_you_mean
from mzcheck.load.bundled import bundled_file
from mzcheck.load.catalog import compile_indicators
from mzcheck.load.divisions import Divisions, compile_divisions
from mzcheck.load.layers import INDICATORS_FILE, JURISDICTIONS_FILE
from mzcheck.load.rulefiles import compile_rule_file
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.model.rules import Jurisdiction


@dataclass
class RuleSet:
    """Indicators, jurisdictions and rules, validated together / 规则集."""

    indicators: dict[str, CompiledIndicator]
    jurisdictions: Divisions
    rules: list[CompiledRule]
    root: Path | None = None
    layers: list[Path] = field(default_factory=list)  # the folders loaded, bottom first (mzcheck.load_targets)
    # old rule id → the id of the rule that replaces it (``supersedes``): the old one is listed, never checked
    superseded_by: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    # select() answers, by (jurisdiction, year, number of rules): a province's table asks once per report
    _selected: dict[tuple[object, ...], tuple[CompiledRule, ...]] = field(default_factory=dict, repr=False,
                                                                          compare=False)
    _token: str = field(default="", init=False, repr=False, compare=False)  # __dask_tokenize__'s, once asked

    def __dask_tokenize__(self) -> tuple[str, str]:
        """What Dask knows this rule set by as it builds a graph holding it (``dask.base.tokenize``): a name of
        its own, made at the first ask and kept. Without it Dask walks the rule set object by object, with the
        answers and wordings kept on it as it is used (each rule's ``derived``, ``_selected``), which grow with
        every report checked: 12 s for the bundled rules once one report was checked, for every graph. Two rule
        sets are told apart, equal or not (a rule set is not changed once built); a copy made by
        ``dataclasses.replace`` gets a name of its own."""
        if not self._token:
            self._token = os.urandom(16).hex()
        return "mzcheck.RuleSet", self._token

    def __post_init__(self) -> None:
        if not isinstance(self.jurisdictions, Divisions):  # a plain mapping of declared divisions
            self.jurisdictions = Divisions(self.jurisdictions, national=False)
        for ind in self.indicators.values():
            for key in (ind.id, ind.model.name.zh, ind.model.name.en, *ind.model.aliases):
                self._names.setdefault(_key(key), ind.id)

    # ---------------------------------------------------------------------------------- building

    @classmethod
    def from_documents(cls, indicators: Sequence[yamlio.Document], divisions: Sequence[yamlio.Document],
                       rule_files: Iterable[yamlio.Document], root: Path | None = None,
                       national: bool = True) -> RuleSet:
        """A rule set from parsed files, layer by layer: later catalogs and divisions add to earlier ones.

        ``national``: the national division table is known besides the declared divisions.
        Raises :class:`~mzcheck.InputError` with every problem found.
        """
        problems: list[Problem] = []
        known: dict[str, CompiledIndicator] = {}
        origin: dict[str, str] = {}
        for doc in indicators:
            layer = compile_indicators(doc, problems, known)
            for ind_id in layer:
                line = _line_of_id(doc, "indicators", ind_id)
                if ind_id in known:  # a layer may add indicators, never redefine one
                    problems.append(problem(C.INDICATOR_REDEFINED, file=doc.file, line=line, field="id", id=ind_id,
                                            first=origin[ind_id]))
                    continue
                origin[ind_id] = f"{doc.file}:{line}"
                known[ind_id] = layer[ind_id]
        places: dict[str, Jurisdiction] = {}
        for doc in divisions:
            places.update(compile_divisions(doc, problems, Divisions(places, national=national)))
        if problems:
            raise InputError(problems)
        table = Divisions(places, national=national)
        partial = cls(known, table, [], root=root)
        rules: list[CompiledRule] = []
        seen: dict[str, CompiledRule] = {}
        for doc in rule_files:
            for compiled in compile_rule_file(doc, partial, problems):
                first = seen.get(compiled.id)
                if first is not None:
                    problems.append(problem(K.DUPLICATE_RULE, file=compiled.file, line=compiled.line, field="id",
                                            id=compiled.id, first=f"{first.file}:{first.line}"))
                    continue
                seen[compiled.id] = compiled
                rules.append(compiled)
        replaced = _supersessions(rules, seen, problems)
        if problems:
            raise InputError(problems)
        return cls(known, table, rules, root=root, superseded_by=replaced)

    @classmethod
    def from_data(cls, rules: Mapping[str, Any] | Sequence[Mapping[str, Any]] = (), *,
                  indicators: Sequence[Mapping[str, Any]] | None = None,
                  jurisdictions: Sequence[Mapping[str, Any]] | None = None, national: bool | None = None,
                  name: str = "<data>") -> RuleSet:
        """A rule set from Python data, as the files would hold it / 由内存数据构建规则集.

        ``rules`` is one rule file's content (``{"document": …, "rules": [...]}``) or a list of them;
        ``indicators`` and ``jurisdictions`` are the entries of ``indicators.yaml`` and ``jurisdictions.yaml``
        (default: the bundled catalog and divisions). ``national``: whether the national division table is
        known too (default: only when ``jurisdictions`` is not given). Problems are located by field under
        ``name``.
        """
        if not isinstance(rules, (Mapping, Sequence)) or isinstance(rules, (str, bytes)):
            from mzcheck.core import arguments

            raise arguments.wrong("RuleSet.from_data", "rules", arguments.RULES_DATA, rules)
        ind_docs = ([yamlio.Document({"indicators": list(indicators)}, f"{name}:indicators")] if indicators is not None
                    else [yamlio.load(bundled_file(INDICATORS_FILE))])
        div_docs = ([yamlio.Document({"jurisdictions": list(jurisdictions)}, f"{name}:jurisdictions")]
                    if jurisdictions is not None else [yamlio.load(bundled_file(JURISDICTIONS_FILE))])
        files = [rules] if isinstance(rules, Mapping) else list(rules)
        rule_docs = [yamlio.Document(dict(f), name if len(files) == 1 else f"{name}[{i}]") for i, f in enumerate(files)]
        return cls.from_documents(ind_docs, div_docs, rule_docs,
                                  national=jurisdictions is None if national is None else national)

    def layered(self, rules: Mapping[str, Any] | Sequence[Mapping[str, Any]] = (), *,
                indicators: Sequence[Mapping[str, Any]] = (), jurisdictions: Sequence[Mapping[str, Any]] = (),
                name: str = "<data>") -> RuleSet:
        """This rule set's catalog and divisions with a layer on top: more indicators, divisions and rule
        files (in memory, as a folder of one's own would add them). This set's own rules are not kept."""
        base_ind = yamlio.Document({"indicators": [i.model.model_dump(exclude_none=True)
                                                   for i in self.indicators.values()]}, "<catalog>")
        base_div = yamlio.Document({"jurisdictions": [j.model_dump(exclude_none=True)
                                                      for j in self.jurisdictions.declared.values()]}, "<divisions>")
        files = [rules] if isinstance(rules, Mapping) else list(rules)
        rule_docs = [yamlio.Document(dict(f), name if len(files) == 1 else f"{name}[{i}]") for i, f in enumerate(files)]
        return RuleSet.from_documents(
            [base_ind, yamlio.Document({"indicators": list(indicators)}, f"{name}:indicators")],
            [base_div, yamlio.Document({"jurisdictions": list(jurisdictions)}, f"{name}:jurisdictions")],
            rule_docs, root=self.root, national=self.jurisdictions.national)

    # ---------------------------------------------------------------------------------- looking up

    def indicator_id(self, key: str) -> str | None:
        """The indicator id for an id, Chinese name or alias; None when unknown."""
        return self._names.get(_key(key))

    def suggest_indicator(self, key: str) -> list[str]:
        """Close spellings as written in the catalog (id, Chinese name, alias), one per indicator."""
        spellings: dict[str, str] = {}
        for ind in self.indicators.values():
            for text in (ind.id, ind.model.name.zh, *ind.model.aliases):
                spellings.setdefault(text, ind.id)
        out: list[str] = []
        seen: set[str] = set()
        for text in difflib.get_close_matches(key, list(spellings), n=8, cutoff=0.4):
            if spellings[text] not in seen:
                seen.add(spellings[text])
                out.append(text)
        return out[:3]

    def jurisdiction(self, key: str | int) -> Jurisdiction | None:
        """The one division ``key`` names (code, name, parent-qualified name, short form); None otherwise."""
        return self.jurisdictions.find(key)

    def resolve(self, key: str | int, *, under: Jurisdiction | None = None) -> Jurisdiction:
        """The division ``key`` names, or an :class:`~mzcheck.InputError` saying why not (unknown with near
        misses, ambiguous with the candidates, abolished with the successor, not under ``under``)."""
        return self.jurisdictions.resolve(key, under=under)

    def children(self, code: str) -> list[Jurisdiction]:
        """The divisions directly under ``code``."""
        return self.jurisdictions.children(code)

    def rule(self, rule_id: str) -> CompiledRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def chain(self, rule_id: str) -> list[str]:
        """The ids of a rule's revisions, oldest first, through ``rule_id`` to the newest (``[rule_id]`` alone
        when it neither replaces nor is replaced)."""
        older: list[str] = []
        rule = self.rule(rule_id)
        while rule is not None and rule.rule.supersedes is not None and rule.rule.supersedes not in older:
            older.insert(0, rule.rule.supersedes)
            rule = self.rule(rule.rule.supersedes)
        newer: list[str] = []
        at = rule_id
        while at in self.superseded_by and self.superseded_by[at] not in newer:
            at = self.superseded_by[at]
            newer.append(at)
        return [*older, rule_id, *newer]

    def select(self, jurisdiction: str | None = None, year: int | None = None, *,
               superseded: bool = False) -> list[CompiledRule]:
        """Rules set by ``jurisdiction`` (or, each_child, by its parent), due in ``year``; a rule another one
        supersedes only with ``superseded`` (listing, not checking)."""
        key = (jurisdiction, year, id(self.rules), len(self.rules))
        found = self._selected.get(key)
        if found is None:
            found = self._selected[key] = tuple(self._select(jurisdiction, year))
        if not superseded and self.superseded_by:
            return [r for r in found if r.id not in self.superseded_by]
        return list(found)

    def _due_in(self, year: int) -> list[CompiledRule]:
        """The rules due in ``year``, in rule order (an index built once per rule list)."""
        key = ("due", id(self.rules), len(self.rules))
        if key not in self._selected:
            self._selected.clear()  # the rules changed: every remembered answer is stale
            due: dict[int, list[CompiledRule]] = {}
            for r in self.rules:
                due.setdefault(r.rule.due.year, []).append(r)
            for y, rules in due.items():
                self._selected[("due", y, *key[1:])] = tuple(rules)
            self._selected[key] = ()
        return list(self._selected.get(("due", year, *key[1:]), ()))

    def _by_place(self, year: int) -> dict[tuple[str, str], list[tuple[int, CompiledRule]]]:
        """The rules due in ``year`` by ("own", their jurisdiction) and ("each", the parent of the divisions
        they apply to), each with its position in the rule list: built once per rule list, so that a table of
        thousands of reports on thousands of rules looks up each report's few rules directly."""
        key = ("places", id(self.rules), len(self.rules))
        index: Any = self._selected.get(key)
        if index is None:
            self._due_in(year)  # clears what was remembered for another rule list
            index = {}
            for i, r in enumerate(self.rules):
                places = index.setdefault(r.rule.due.year, {})
                places.setdefault(("own", r.jurisdiction.code), []).append((i, r))
                if r.rule.scope == "each_child":
                    places.setdefault(("each", r.jurisdiction.code), []).append((i, r))
            self._selected[key] = index
        return index.get(year, {})  # type: ignore[no-any-return]

    def _select(self, jurisdiction: str | None, year: int | None) -> list[CompiledRule]:
        out = []
        j = self.jurisdiction(jurisdiction) if jurisdiction is not None else None
        if j is not None and year is not None:
            places = self._by_place(year)
            found = places.get(("own", j.code), []) + (places.get(("each", j.parent), []) if j.parent else [])
            return [r for _, r in sorted(found, key=lambda pair: pair[0])]
        for r in self.rules if year is None else self._due_in(year):
            if year is not None and r.rule.due.year != year:
                continue
            if j is not None:
                own = r.jurisdiction.code == j.code
                from_parent = r.rule.scope == "each_child" and r.jurisdiction.code == j.parent
                if not (own or from_parent):
                    continue
            out.append(r)
        return out


def _supersessions(rules: Sequence[CompiledRule], by_id: Mapping[str, CompiledRule],
                   problems: list[Problem]) -> dict[str, str]:
    """old id → new id for every ``supersedes``; an unknown rule, a rule replaced twice or a cycle is a problem."""
    replaced: dict[str, str] = {}
    for r in rules:
        old = r.rule.supersedes
        if old is None:
            continue
        line = r.line
        if old not in by_id:
            close = difflib.get_close_matches(old, list(by_id), n=3)
            problems.append(problem(W.SUPERSEDES_UNKNOWN, file=r.file, line=line, field="supersedes", id=old,
                                    help=did_you_mean(close) or W.SUPERSEDES_UNKNOWN.hint()))
            continue
        if old in replaced:
            problems.append(problem(W.SUPERSEDED_TWICE, file=r.file, line=line, field="supersedes", id=old,
                                    first=replaced[old], second=r.id))
            continue
        replaced[old] = r.id
    reported: set[str] = set()
    for start in replaced:
        path = [start]
        at = start
        while at in replaced:
            at = replaced[at]
            if at in path:
                cycle = [*path[path.index(at):], at]
                if not reported & set(cycle):
                    reported.update(cycle)
                    first = by_id[cycle[1]]
                    problems.append(problem(W.SUPERSEDES_CYCLE, file=first.file, line=first.line,
                                            field="supersedes", chain=" → ".join(cycle)))
                break
            path.append(at)
    return replaced


def _line_of_id(doc: yamlio.Document, key: str, ind_id: str) -> int | None:
    entries = doc.data.get(key, []) if isinstance(doc.data, dict) else []
    for i, item in enumerate(entries):
        if isinstance(item, dict) and item.get("id") == ind_id:
            return doc.line((key, i, "id"))
    return None


def _key(text: str) -> str:
    return "".join(text.split()).lower()


def rule_set_argument(function: str, value: Any) -> RuleSet:
    """``value`` when it is a rule set, else an ArgumentError (B601) naming ``function``'s ``rules``."""
    if isinstance(value, RuleSet):
        return value
    from mzcheck.core import arguments

    raise arguments.wrong(function, "rules", arguments.RULE_SET, value)
