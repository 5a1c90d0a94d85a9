"""Extraction of one plan, end to end / 从规划文本到规则草稿.

The text is normalised, its layout read, its targets found clause by clause, and the candidates made
drafts against the catalogue; whose plan and which year come from the text when not given.
"""

from __future__ import annotations

from pathlib import Path

from mzcheck.core.codes import extract as X
from mzcheck.core.codes.catalog import UNKNOWN_DIVISION
from mzcheck.core.errors import InputError
from mzcheck.extract.assembly import assemble
from mzcheck.extract.document import find_jurisdiction, find_published, find_title, find_year, title_from_headings
from mzcheck.extract.layout import layout
from mzcheck.extract.model import Extraction
from mzcheck.extract.planfile import read_plan
from mzcheck.extract.text import normalise
from mzcheck.extract.walk import read_targets
from mzcheck.load.rules import load_catalog
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.rules import Jurisdiction


def load_catalogue(path: str | Path | None = None) -> RuleSet:
    """The indicator catalogue and jurisdictions (no rules) of a targets folder, or of the bundled one.

    Drafting needs the catalogue only, so a rule file being edited elsewhere cannot stop it.
    """
    return load_catalog(path, bundled=False) if path is not None else load_catalog()


def extract_text(text: str, *, catalogue: RuleSet | None = None, jurisdiction: str | None = None,
                 year: int | None = None, file: str = "plan.txt", tasks: bool = True) -> Extraction:
    """Draft rules from a plan's text / 从规划文本起草规则.

    ``jurisdiction`` (name, alias or code) and ``year`` (the plan year) are read from the text when not
    given; InputError when they cannot be. ``tasks`` (on by default) drafts yes/no tasks (完成…, 成立…, a dated
    出台/正式运营) as 1 项, the catalogue's convention; ``tasks=False`` leaves them out.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    norm = normalise(text)
    headings = layout(norm).headings
    bureau: str | None = None
    if jurisdiction is not None:
        if not jurisdiction.strip():
            raise InputError.of(X.EMPTY_JURISDICTION)
        j = known_division(jurisdiction, cat)
        place, known = (unambiguous_name(j, cat), True) if j is not None else (jurisdiction.strip(), False)
    else:
        place, known, bureau = find_jurisdiction(norm, cat)
    if year is None:
        year = find_year(norm, headings)
        if year is None:
            raise InputError.of(X.NO_PLAN_YEAR, file=file)
    if not 1949 <= year <= 2100:
        raise InputError.of(X.YEAR_RANGE, year=year)
    publisher = bureau or f"{place}民政局"
    title = find_title(norm, text) or title_from_headings(norm, headings, publisher) or Path(file).stem
    ex = Extraction(file=file, title=title, publisher=publisher, published=find_published(norm), jurisdiction=place,
                    jurisdiction_known=known, year=year, text=text, catalogue=cat)
    found = read_targets(norm, year, tasks)
    ex.skipped = found.skipped
    assemble(ex, found.candidates, cat)
    return ex


def extract_file(path: str | Path, *, catalogue: RuleSet | None = None, jurisdiction: str | None = None,
                 year: int | None = None, tasks: bool = True) -> Extraction:
    """Read a plan file (see :func:`~mzcheck.extract.planfile.read_plan`) and draft its rules."""
    plan = read_plan(path)
    try:
        return extract_text(plan.text, catalogue=catalogue, jurisdiction=jurisdiction, year=year, file=plan.name,
                            tasks=tasks)
    except InputError as exc:
        raise exc.located(plan.path) from None


def known_division(key: str, cat: RuleSet) -> Jurisdiction | None:
    """The division ``key`` names; None for a place the division table does not know (a new county, drafted
    with a provisional entry). An ambiguous name (西湖区: 杭州 or 南昌) or an abolished one is an InputError
    with the candidates or the successor, as in a report."""
    try:
        return cat.resolve(key)
    except InputError as exc:
        if exc.code == UNKNOWN_DIVISION.code:
            return None
        raise


def unambiguous_name(j: Jurisdiction, cat: RuleSet) -> str:
    """How a drafted rule file names ``j`` so that it loads as ``j``: its name where that is unique in China
    (义乌市), else its parent's name before it (杭州市西湖区), else its code."""
    if cat.jurisdiction(j.name) == j:
        return j.name
    parent = cat.jurisdiction(j.parent) if j.parent else None
    if parent is not None and cat.jurisdiction(parent.name + j.name) == j:
        return parent.name + j.name
    return j.code
