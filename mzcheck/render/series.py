"""``mzcheck history``: a jurisdiction's recorded series as text or JSON / 历史记录输出."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from mzcheck.history.store import SeriesPoint, rational
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.rules import Jurisdiction


def series_object(rules: RuleSet, place: Jurisdiction, points: list[SeriesPoint], path: Path | str) -> dict[str, object]:
    """``mzcheck history --format json``: the series by indicator, values in the indicator's unit."""
    from mzcheck.core.numbers import to_decimal

    by_indicator: dict[str, list[SeriesPoint]] = {}
    for pt in points:
        by_indicator.setdefault(pt.indicator, []).append(pt)
    series = []
    for ind_id, pts in by_indicator.items():
        ind = rules.indicators.get(ind_id)
        factor = ind.unit.factor if ind is not None else Fraction(1)
        series.append({
            "indicator": ind_id,
            "name": {"zh": ind.model.name.zh, "en": ind.model.name.en} if ind is not None else None,
            "unit": ind.unit.label if ind is not None else None,
            "points": [{"as_of": p.as_of, "period": p.period, "value": to_decimal(p.base / factor),
                        "base": rational(p.base), "raw": p.raw, "derived": p.derived, "file": p.file,
                        "recorded_at": p.recorded_at} for p in pts],
        })
    return {"jurisdiction": {"name": place.name, "code": place.code}, "database": str(path), "series": series}


def render_series(rules: RuleSet, place: Jurisdiction, points: list[SeriesPoint], path: Path | str, fmt: str,
                  lang: str) -> str:
    """The recorded series as text (with a sparkline per indicator) or JSON."""
    from mzcheck.core.numbers import format_number
    from mzcheck.render.json import dumps
    from mzcheck.render.text import sparkline

    obj = series_object(rules, place, points, path)
    if fmt == "json":
        return dumps(obj) + "\n"
    zh = lang == "zh"
    lines = [f"{place.name}({place.code}){'历史记录' if zh else ' recorded history'}  {path}", ""]
    series = obj["series"]
    assert isinstance(series, list)
    if not series:
        lines.append("没有记录。" if zh else "Nothing recorded.")
    for s in series:
        pts = s["points"]
        name = s["name"]["zh" if zh else "en"] if s["name"] else s["indicator"]
        values = [p["value"] for p in pts]
        ind = rules.indicators.get(s["indicator"])
        unit = ind.unit.text if ind is not None else ""
        lines.append(f"{name}  [{s['indicator']}, {unit}]  {sparkline(values, min(values), max(values))}")
        for p in pts:
            how = ((f"填报“{p['raw']}”" if zh else f"reported '{p['raw']}'") if p["raw"] else
                   ("由分项计算" if zh else "from its components"))
            lines.append(f"    {p['as_of']}  {format_number(Fraction(p['value']), places=4, group=True):>12}  "
                         f"({p['period']}{'年报表' if zh else ' report'}, {how}"
                         + (f", {p['file']}" if p["file"] else "") + ")")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
