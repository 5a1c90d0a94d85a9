"""The document's own facts: whose plan, which year, its title and publication date / 文档信息.

Read from the text when not given: the bureau (××市民政局), the plan heading (二、2025年工作计划), the title
line and the publication line (发布日期:2025-02-18).
"""

from __future__ import annotations

import datetime as dt
import re

from mzcheck.core.codes import extract as X
from mzcheck.core.errors import InputError
from mzcheck.extract.layout import ENUMERATOR, Heading
from mzcheck.extract.text import CJK
from mzcheck.load.ruleset import RuleSet

_BUREAU = re.compile(r"([" + CJK + r"]{2,12}?(?:省|市|区|县|自治州|州|盟|旗))民政(?:局|厅)")
_PUBLISHED = re.compile(r"(?:公开日期|发布日期|成文日期|发文时间|发文日期|生成日期|印发日期)[::\s|]*(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})")
_PLAN_YEAR = re.compile(r"(\d{4})\s*年(?:度)?[^,。;:\d]{0,12}?(?:思路|计划|安排|要点|打算|目标|任务)")
_YEAR = re.compile(r"(\d{4})\s*年")
_TITLE_WORDS = re.compile(r"总结|思路|计划|要点|安排|打算|规划|方案")
_TITLE_PUNCT = re.compile(r"[,。;:|]")


def find_jurisdiction(norm: str, catalogue: RuleSet) -> tuple[str, bool, str | None]:
    """(name, known in the catalogue, the bureau as written) from the text; InputError when there is none."""
    written: str | None = None
    for m in _BUREAU.finditer(norm):
        group = m.group(1)
        for i in range(len(group) - 1):
            j = catalogue.jurisdiction(group[i:])
            if j is not None:
                return j.name, True, group[i:] + "民政" + m.group(0)[-1]
        written = written or group
    counts: dict[str, int] = {}
    for j in catalogue.jurisdictions.values():
        n = sum(norm.count(k) for k in {j.name, *j.aliases} if len(k) >= 2)
        if n:
            counts[j.name] = n
    if counts:
        name = max(counts, key=lambda k: counts[k])
        if counts[name] >= 2:
            return name, True, None
    if written:
        return written, False, written + "民政局"
    raise InputError.of(X.NO_JURISDICTION)


def _line_at(norm: str, pos: int) -> str:
    end = norm.find("\n", pos)
    return norm[pos:end if end >= 0 else len(norm)]


def find_year(norm: str, headings: tuple[Heading, ...]) -> int | None:
    """The plan year: from the first plan heading with a year, else from a short line naming one."""
    for h in headings:
        if h.mode == "plan":
            m = _YEAR.search(_line_at(norm, h.start))
            if m:
                return int(m.group(1))
    for line in norm.split("\n"):
        s = line.strip()
        if len(s) <= 60:
            m = _PLAN_YEAR.search(s)
            if m:
                return int(m.group(1))
    return None


def find_title(norm: str, text: str) -> str | None:
    """The title line as written in ``text`` (a short line with a year and 总结/计划/要点 …)."""
    pos = 0
    for line in norm.split("\n"):
        s = line.strip()
        if (6 <= len(s) <= 60 and not ENUMERATOR.match(s) and _YEAR.search(s) and _TITLE_WORDS.search(s)
                and not _TITLE_PUNCT.search(s)):
            i = line.index(s)
            return text[pos + i:pos + i + len(s)]
        pos += len(line) + 1
    return None


def title_from_headings(norm: str, headings: tuple[Heading, ...], publisher: str) -> str | None:
    """杭州市民政局 + 2024年工作总结 + 和 + 2025年工作思路, from the section headings, when there is no title."""
    parts: list[str] = []
    for mode in ("summary", "plan"):
        for h in headings:
            if h.mode == mode:
                line = ENUMERATOR.sub("", _line_at(norm, h.start)).strip()
                if _YEAR.search(line):
                    parts.append(line)
                break
    return publisher + "和".join(parts) if parts else None


def find_published(norm: str) -> dt.date | None:
    """The publication date of a 发布日期/公开日期 … line, if it is a real date."""
    m = _PUBLISHED.search(norm)
    if m is None:
        return None
    try:
        return dt.date(*(int(x) for x in m.groups()))
    except ValueError:
        return None
