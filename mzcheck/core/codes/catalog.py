"""C: the catalog: indicators and divisions / 指标与区划目录."""

from __future__ import annotations

from mzcheck.core.messages import code

NOT_A_LIST = code(
    "C101", "catalog-not-a-list", "应为含“{key}:”列表的映射", "expected a mapping with a list under '{key}:'",
    why=("指标目录和区划目录的顶层是一个键({key}),其下是条目列表。",
         "The catalog files have one top-level key ({key}) holding a list of entries."),
    help=("文件以“{key}:”开头,其下每个条目以“- ”开头", "the file starts with '{key}:' and lists one entry per '- ' line"))
DUPLICATE_INDICATOR = code(
    "C102", "duplicate-indicator", "指标编号重复:{id}", "duplicate indicator id {id!r}",
    why=("每个指标只定义一次;同一编号出现两次时,无法确定以哪一条为准。",
         "Each indicator is defined once; with two entries for one id mzcheck cannot tell which holds."),
    help=("删除或改名其中一条", "remove or rename one of them"))
UNKNOWN_COMPONENT = code(
    "C103", "unknown-component", "未知的分量指标:{part}", "unknown component indicator {part!r}",
    why=("派生指标(比率)的分子和分母必须是目录中的指标。",
         "The numerator and denominator of a derived indicator (a ratio) must be indicators of the catalog."),
    help=("先在目录中定义该指标", "define that indicator in the catalog first"))
RATIO_DIMENSION = code(
    "C104", "ratio-dimension", "单位“{unit}”与 {numerator}/{denominator} 的量纲不符",
    "unit {unit!r} does not have the dimension of {numerator} / {denominator}",
    why=("比率指标的单位须与分子÷分母的量纲一致(如 人/万名老年人 = 人 ÷ 人)。",
         "A ratio's unit must have the dimension of numerator ÷ denominator (人/万名老年人 = persons ÷ persons)."))
SCALE_MISMATCH = code(
    "C105", "scale-mismatch", "比例系数 {scale} 与单位“{unit}”不符(应为 {expected})",
    "scale {scale} disagrees with unit {unit!r} (expected {expected})",
    why=("scale 是分子÷分母换算到指标单位的倍数:百分比为 100,“每万名”为 10000。",
         "scale is the factor from numerator ÷ denominator to the indicator's unit: 100 for a percentage, "
         "10000 for 'per 10,000'."))
UNKNOWN_PARENT = code(
    "C106", "unknown-parent", "上级区划代码不存在:{parent}", "unknown parent code {parent}",
    why=("每个行政区划的 parent 必须是目录中另一个区划的代码。",
         "Each division's parent must be the code of another division of the catalog."))
BUNDLED_MISSING = code(
    "C107", "bundled-missing", "安装中缺少内置 targets/ 目录", "the bundled targets/ folder is missing from this installation",
    why=("mzcheck 随包附带目标规则;该目录丢失说明安装不完整。", "mzcheck ships its targets inside the package; without them the "
         "installation is incomplete."),
    help=("请重新安装,或用 --targets 指定目录", "reinstall mzcheck, or pass --targets DIR"))
NO_TARGETS = code(
    "C108", "no-targets-path", "目标规则路径不存在:{path}", "no such targets folder or file: {path}",
    why=("--targets 指向的目录或文件不存在。", "The folder or file given with --targets does not exist."))
