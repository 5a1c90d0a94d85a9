"""Matching a drafted phrase to the catalogue, or proposing a new indicator / 指标匹配.

Conservative: the shared wording must cover most of the catalogue's name, distinguishing marks (4A, 三星,
digits) must agree, and the unit must have the indicator's dimension; when in doubt a new indicator is
proposed rather than a wrong one matched.
"""

from __future__ import annotations

import difflib
import re

from mzcheck.core.units import Unit
from mzcheck.extract.text import key
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledIndicator

_DISTINCT = re.compile(r"[0-9A-Za-z一二三四五六七八九十]")


def _shared(a: str, b: str) -> int:
    """Characters of ``b`` found in ``a`` in the same order, in runs of two or more; 0 when what is left
    of ``b`` is a distinguishing mark (4A级 vs 三星级 居家养老服务中心 are different things)."""
    blocks = [m for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size >= 2]
    covered: set[int] = set()
    for m in blocks:
        covered.update(range(m.b, m.b + m.size))
    rest = "".join(c for i, c in enumerate(b) if i not in covered)
    return 0 if _DISTINCT.search(rest) else len(covered)


_COUNT_DIMS = frozenset({"institution", "item"})


def compatible(unit: Unit, ind: CompiledIndicator, kind: str) -> bool:
    if kind == "growth":
        return unit.text != "百分点" or ind.unit.dimensionless
    if kind == "relative":
        return True
    if unit.dims == ind.unit.dims:
        return True
    return classifier_swap(unit, ind) is not None


def classifier_swap(unit: Unit, ind: CompiledIndicator) -> str | None:
    """个 where the catalogue counts in 项 (or the reverse): the indicator's own unit, else None."""
    a, b = unit.dims, ind.unit.dims
    if (len(a) == 1 and len(b) == 1 and a[0][1] == 1 and b[0][1] == 1 and a[0][0] in _COUNT_DIMS
            and b[0][0] in _COUNT_DIMS and unit.factor == 1 and ind.unit.factor == 1):
        return ind.unit.text
    return None


_COUNTED = re.compile(r"(?:总数|数量|数)$")


_SHARE = re.compile(r"(?:比例|占比|比重)$")
_GENERIC_TAIL = re.compile(r"(?:队伍|团队|建设|工作)$")


def _head(name: str, share: bool = False) -> str:
    """The last character of a name without a counting suffix or a generic word, shares all as 率: what the
    name is of (城市社区助餐点 → 点, 城市社区数 → 区, 养老机构护理型床位占比 → 率). ``share``: the phrase is
    measured in percent, so it names a share even when it does not say so."""
    bare = _SHARE.sub("率", _COUNTED.sub("", _GENERIC_TAIL.sub("", name)))
    if share and not bare.endswith("率"):
        return "率"
    return bare[-1:] if bare else ""


def match_indicator(phrase: str, unit: Unit, kind: str, catalogue: RuleSet,
                     exclude: str | None = None) -> tuple[CompiledIndicator, int] | None:
    """The catalogue indicator that the phrase names, by name and alias, with a unit that fits."""
    p = key(phrase)
    if len(p) < 2:
        return None
    head = _head(p, share=unit.text in ("%", "‰"))
    best: tuple[float, CompiledIndicator] | None = None
    for ind in catalogue.indicators.values():
        if ind.id == exclude or not compatible(unit, ind, kind):
            continue
        for raw in (ind.model.name.zh, *ind.model.aliases):
            k = key(raw)
            if not k:
                continue
            if p == k or p + "数" == k or p == k + "数":
                score = 1000.0 + len(k)
            elif len(k) >= 3 and k in p and len(k) >= 0.5 * len(p):
                if head != _head(k):
                    continue  # 城市社区助餐点 is a kind of 助餐点, not of 城市社区: the last word names the thing
                score = 100.0 + len(k)
            elif len(p) >= 3 and p in k and len(p) >= 0.5 * len(k):
                score = 100.0 + len(p)
            else:
                # shared wording, in order: it must cover most of the catalogue name and much of the phrase, so
                # 城市社区综合服务设施覆盖率 does not become 安葬设施覆盖率 for sharing 设施…覆盖率
                n = _shared(p, k)
                if n < 4 or n < 0.75 * len(k) or 2 * n < 0.7 * (len(p) + len(k)) or head != _head(k):
                    continue
                score = n + n / len(k)
            if best is None or score > best[0]:
                best = (score, ind)
    if best is None:
        return None
    return best[1], int(best[0])


# Enough English to give a proposed indicator a readable id; reviewers rename it.
_GLOSSARY = {
    "认知障碍": "dementia", "护理型": "nursing", "床位": "beds", "养老机构": "care_institutions",
    "养老服务中心": "care_centres", "养老服务": "elderly_care", "养老": "elderly_care", "老年人": "elders",
    "老年": "elderly", "助餐点": "meal_points", "助餐": "meal_service", "食堂": "canteens", "护理员": "carers",
    "持证": "certified", "社会工作": "social_work", "社工": "social_workers", "社会组织": "social_orgs",
    "慈善": "charity", "志愿": "volunteer", "儿童": "children", "未成年人": "minors", "低保": "subsistence_allowance",
    "救助": "relief", "特困": "extreme_poverty", "殡葬": "funeral", "公墓": "cemeteries", "婚姻": "marriage",
    "地名": "place_names", "社区": "community", "乡镇": "township", "街道": "subdistrict", "县域": "county",
    "村": "village", "覆盖率": "coverage", "覆盖": "coverage", "占比": "share", "比例": "share", "率": "rate",
    "标准": "standard", "补贴": "subsidy", "人数": "persons", "家庭": "family", "适老化改造": "age_friendly_homes",
    "改造": "renovation", "中心": "centres", "站": "stations", "基地": "bases", "试点": "pilots", "项目": "projects",
    "培训": "training", "示范": "demonstration", "星级": "star_rated", "医养结合": "integrated_medical_care",
    "康复": "rehabilitation", "精神": "mental", "残疾人": "disabled", "孤儿": "orphans", "服务": "service",
    "机构": "institutions", "设施": "facilities", "区域": "regional", "居家": "home", "农村": "rural", "城市": "urban",
    "城乡": "urban_rural", "失能": "disabled_elders", "照护": "care", "家庭养老": "family_care", "幸福": "happiness",
    "流浪": "homeless", "福利": "welfare", "彩票": "lottery", "移民": "migrants", "婚俗": "marriage_customs",
    "监测": "monitored", "满意": "satisfaction",
}
_GLOSSARY_KEYS = sorted(_GLOSSARY, key=len, reverse=True)


def english_tokens(name: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(name):
        for k in _GLOSSARY_KEYS:
            if name.startswith(k, i):
                t = _GLOSSARY[k]
                if t not in tokens:
                    tokens.append(t)
                i += len(k)
                break
        else:
            i += 1
    return tokens[:5]
