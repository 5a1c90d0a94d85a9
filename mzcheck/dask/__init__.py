"""The bulk check on Dask / 在 Dask 上批量检查: :func:`evaluate_table`.

``mzcheck.dask.evaluate_table(rules, ddf)`` is :func:`mzcheck.bulk.evaluate_table` for a Dask DataFrame in
the report-table layout (jurisdiction, period, indicator, value, unit and the optional columns; Chinese
headers too). It numbers the rows, gives each its report's key (``mzcheck.bulk.partition``), shuffles so the
rows of one report, its child units' rows included, share a partition (and a parent with a rule for each
child unit its children's reports, docs/design/0026-each-child-across-engines.md), and checks each partition
with ``map_partitions``, telling it whether the table holds more than one report (a lazy count of the keys).
The answer is a lazy Dask DataFrame with the columns of :data:`mzcheck.bulk.RESULT_COLUMNS` and the rows the
local path gives, in another order (docs/scale.md).

Needs ``pip install 'mzcheck[dask]'`` (dask[dataframe], distributed for a cluster).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mzcheck import bulk
from mzcheck.bulk import RESULT_COLUMNS
from mzcheck.bulk.partition import KEY, ROW, ReportKeys, check_columns, check_part, report_columns, reported_keys
from mzcheck.core.codes.bulk import ENGINE_MISSING, NOT_AN_ENGINE_TABLE
from mzcheck.core.errors import InputError
from mzcheck.model.waivers import Waivers

if TYPE_CHECKING:
    from mzcheck.load.ruleset import RuleSet

try:
    import dask.dataframe as dd
    import pandas as pd
except ImportError as exc:  # an optional engine: say what to install
    raise ImportError(ENGINE_MISSING(engine="Dask", extra="dask").both()) from exc

__all__ = ["RESULT_COLUMNS", "evaluate_table", "result_meta"]


# text columns as Dask keeps text (Arrow strings): what to_parquet and the rest of Dask expect
_TEXT = {c: "string[pyarrow]" for c in RESULT_COLUMNS if c not in ("period", "actual", "target", "target_high", "gap")}


def result_meta(rules: RuleSet) -> Any:
    """The empty pandas DataFrame of results (columns and dtypes), Dask's ``meta``."""
    empty = bulk.evaluate_table(rules, pd.DataFrame({c: [] for c in ("jurisdiction", "period", "indicator", "value")}))
    return empty.astype(_TEXT)


def evaluate_table(rules: RuleSet, ddf: Any, *, target_year: int | None = None, name: str = "table",
                   waivers: Waivers | None = None) -> Any:
    """Check every report of a Dask DataFrame; a lazy Dask DataFrame of results.

    The same rows as :func:`mzcheck.bulk.evaluate_table` on the whole table, ``waivers`` too (its DataFrame
    shape: floats for actual, target, target_high and gap; text as Arrow strings, as Dask keeps text), in
    partition order rather than table order. A missing column is refused at once; an error in a row is raised when the result is computed, naming the row by its
    position in the whole table (``table:7``), with the problems the local path gives for that report.
    """
    if not isinstance(ddf, dd.DataFrame):
        raise InputError.of(NOT_AN_ENGINE_TABLE, engine="Dask", expected="dask.dataframe.DataFrame",
                            got=type(ddf).__name__)
    columns = [str(c) for c in ddf.columns]
    check_columns(rules, columns, name)
    jurisdiction, period, value = report_columns(columns)
    numbered = ddf.assign(**{ROW: 1})
    numbered[ROW] = numbered[ROW].cumsum()  # the position in the whole table, from 1
    keyed = numbered.map_partitions(_with_keys, ReportKeys(rules), jurisdiction, period,
                                    meta=numbered._meta.assign(**{KEY: pd.Series([], dtype=object)}))
    # whether the table holds more than one report, as the whole table sees it (a single report gathers nothing)
    many = keyed.map_partitions(_reported, value, meta=pd.Series([], dtype=object)).nunique() > 1
    grouped = keyed.shuffle(on=KEY)  # the rows of one report (and of its child units) in one partition
    return grouped.map_partitions(_check, rules, target_year, name, many, waivers, meta=result_meta(rules))


def _with_keys(part: Any, keys: ReportKeys, jurisdiction: str, period: str) -> Any:
    return part.assign(**{KEY: pd.Series(keys(part[jurisdiction].tolist(), part[period].tolist()),
                                         index=part.index, dtype=object)})


def _reported(part: Any, value: str) -> Any:
    return pd.Series(reported_keys(part[KEY].tolist(), part[value].tolist()), dtype=object)


def _check(part: Any, rules: RuleSet, target_year: int | None, name: str, many: Any, waivers: Waivers | None) -> Any:
    ordered = part.sort_values(ROW, kind="stable")  # the table's order: messages and reports as the local path
    results = check_part(rules, ordered.drop(columns=[KEY]), ordered[ROW].tolist(), name=name,
                         target_year=target_year, many=bool(many), waivers=waivers)
    return results.astype(_TEXT)
