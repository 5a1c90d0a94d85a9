"""What generated rule sets are made of: realistic indicators, places and plan quotes / 生成规则集的素材.

The entries are written the way ``indicators.yaml`` and ``jurisdictions.yaml`` hold them, for
:meth:`mzcheck.RuleSet.from_data`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

# (id, zh, en, unit, aliases, noun) — realistic indicators, distinct names
_PLAIN: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, str] | None], ...] = (
    ("elderly_population", "老年人口数", "elderly population", "人", ("老年人口",), ("老年人", "elders")),
    ("certified_carers", "持证护理员数", "certified carers", "人", ("持证养老护理员数",), ("持证护理员", "certified carers")),
    ("nursing_beds", "护理型床位数", "nursing-type beds", "张", (), ("护理型床位", "nursing-type beds")),
    ("institution_beds", "养老机构床位数", "beds in care institutions", "张", (), ("养老机构床位", "institution beds")),
    ("dementia_care_beds", "认知障碍照护床位数", "dementia-care beds", "张", (), None),
    ("care_institutions", "养老机构数", "care institutions", "家", ("养老机构",), None),
    ("assistance_funds", "救助资金", "assistance funds", "元", ("救助资金总额",), None),
    ("assisted_households", "救助户数", "assisted households", "户", (), None),
    ("home_visits", "上门服务人次", "home visits", "人次", (), None),
    ("subsistence_standard", "城乡低保标准", "subsistence allowance standard", "元/月", ("低保标准",), None),
    ("urban_consumption_per_capita", "城镇居民人均消费支出", "urban consumption per head", "元/年", (), None),
    ("service_coverage", "居家养老服务覆盖率", "home-care service coverage", "%", ("服务覆盖率",), None),
)
# (id, zh, en, unit, numerator, denominator, scale)
_DERIVED: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("carers_per_10k_elders", "每万名老年人拥有持证护理员数", "certified carers per 10,000 elders", "人/万名老年人",
     "certified_carers", "elderly_population", 10000),
    ("dementia_beds_per_10k_elders", "每万名老年人拥有认知障碍照护床位数", "dementia-care beds per 10,000 elders",
     "张/万名老年人", "dementia_care_beds", "elderly_population", 10000),
    ("nursing_bed_share", "护理型床位占比", "share of nursing-type beds", "%", "nursing_beds", "institution_beds", 100),
)

ALL_IDS = tuple(a[0] for a in _PLAIN) + tuple(d[0] for d in _DERIVED)
COUNT_IDS = tuple(a[0] for a in _PLAIN if a[3] in ("人", "张", "家", "元", "户", "人次"))  # what "新增…" counts
#: a relative rule: the allowance standard against last (or this) year's consumption per head
RELATIVE = ("subsistence_standard", "urban_consumption_per_capita")
UNIT_OF = {a[0]: a[3] for a in _PLAIN} | {d[0]: d[3] for d in _DERIVED}
# plausible target values in the indicator's own unit: (low, high, decimal places)
RANGE = {"人": (0, 200000, 0), "张": (0, 20000, 0), "家": (0, 500, 0), "元": (0, 10**8, 0), "户": (0, 50000, 0),
         "人次": (0, 10**6, 0), "元/月": (500, 3000, 0), "元/年": (20000, 60000, 0), "%": (0, 100, 2),
         "人/万名老年人": (0, 100, 2), "张/万名老年人": (0, 100, 2)}
# other spellings of a target's unit a plan may use
TARGET_UNITS = {"人": ("人", "万人"), "元": ("元", "万元", "亿元"), "%": ("%", "‰"), "元/月": ("元/月", "元/年")}

# (code, name, en, parent)
Place = tuple[str, str, str, str | None]
PLACES: tuple[Place, ...] = (
    ("330000", "浙江省", "Zhejiang", None),
    ("330100", "杭州市", "Hangzhou", "330000"),
    ("330200", "宁波市", "Ningbo", "330000"),
    ("330600", "绍兴市", "Shaoxing", "330000"),
    ("330106", "西湖区", "Xihu", "330100"),
    ("330110", "余杭区", "Yuhang", "330100"),
    ("330212", "鄞州区", "Yinzhou", "330200"),
    ("330282", "慈溪市", "Cixi", "330200"),
    ("330683", "嵊州市", "Shengzhou", "330600"),
)
CITIES = tuple(p for p in PLACES if p[3] == "330000")

DOCUMENT = {"title": "生成的测试规划", "publisher": "测试民政局", "published": "2025-01-15"}
_QUOTE_CHARS = "到年底全市每万名老年人拥有持证护理员达床位不少于新增养老机构覆盖率提高争取"
# quotes as plans word them, and now and then any text (quotes are free text, kept verbatim)
QUOTES = st.sampled_from((
    "到2025年底,全市每万名老年人拥有持证护理员达到28人", "护理型床位占比不低于80%", "全年新增认知障碍照护专区床位800张",
    "城乡低保标准提高到每人每月1200元", "救助资金不少于0.29亿元", "每个县域确定2-3个集中供养机构",
)) | st.text(st.sampled_from(_QUOTE_CHARS), min_size=2, max_size=12)
RULE_PREFIXES = st.sampled_from(("r", "t", "hz2025", "nb-plan", "x9", "sx_2024"))


def indicator_entries(ids: Iterable[str]) -> list[dict[str, Any]]:
    """Catalog entries for ``ids`` and the components of the derived ones among them."""
    wanted = set(ids)
    for d in _DERIVED:
        if d[0] in wanted:
            wanted |= {d[4], d[5]}
    out: list[dict[str, Any]] = []
    for ind_id, zh, en, unit, aliases, noun in _PLAIN:
        if ind_id in wanted:
            item: dict[str, Any] = {"id": ind_id, "name": {"zh": zh, "en": en}, "unit": unit}
            if aliases:
                item["aliases"] = list(aliases)
            if noun:
                item["noun"] = {"zh": noun[0], "en": noun[1]}
            out.append(item)
    for ind_id, zh, en, unit, numerator, denominator, scale in _DERIVED:
        if ind_id in wanted:
            out.append({"id": ind_id, "name": {"zh": zh, "en": en}, "unit": unit, "numerator": numerator,
                        "denominator": denominator, "scale": scale})
    return out


def jurisdiction_entries(places: Iterable[Place]) -> list[dict[str, Any]]:
    """Division entries, each with its name less the last character as an alias (杭州 for 杭州市)."""
    return [{"code": c, "name": n, "en": e, "aliases": [n[:-1]], "parent": p} for c, n, e, p in places]
