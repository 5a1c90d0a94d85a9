"""mzcheck.dask.evaluate_table on a distributed.LocalCluster: what a Dask user meets besides the results
(the contract test compares those): a lazy answer with the declared columns, errors said at once or from
the worker with the row in the whole table, CSV files read in several partitions, empty partitions."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from engines import COLUMNS, province_table, sorted_frame

from mzcheck import bulk
from mzcheck.core.errors import InputError
from mzcheck.load.ruleset import RuleSet

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe", reason="dask is not installed (pip install 'mzcheck[dask]')")
mzdask = pytest.importorskip("mzcheck.dask")


def _csv_files(folder: Path, rows: list[dict[str, Any]], per_file: int) -> str:
    for i in range(0, len(rows), per_file):
        with (folder / f"part-{i // per_file:02d}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(COLUMNS)
            w.writerows([["" if r[c] is None else r[c] for c in COLUMNS] for r in rows[i:i + per_file]])
    return str(folder / "part-*.csv")


def test_the_answer_is_lazy_with_the_result_columns_and_dtypes(rules: RuleSet, dask_client: Any) -> None:
    ddf = dd.from_pandas(pd.DataFrame(province_table(), columns=list(COLUMNS)), npartitions=3)
    results = mzdask.evaluate_table(rules, ddf)
    assert isinstance(results, dd.DataFrame)
    assert list(results.columns) == list(bulk.RESULT_COLUMNS)
    computed = results.compute()
    assert computed.dtypes.to_dict() == mzdask.result_meta(rules).dtypes.to_dict()
    assert len(computed) == len(bulk.evaluate_table(rules, province_table()))


def test_csv_files_read_in_parts_are_one_table(rules: RuleSet, dask_client: Any, tmp_path: Path) -> None:
    rows = province_table()
    pattern = _csv_files(tmp_path, rows, per_file=5)  # 杭州市's rows span two files
    ddf = dd.read_csv(pattern, dtype=str, keep_default_na=False, na_values=[""])
    assert ddf.npartitions == 5
    got = sorted_frame(mzdask.evaluate_table(rules, ddf).compute())
    text = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""])
                      for p in sorted(tmp_path.glob("part-*.csv"))], ignore_index=True)
    pd.testing.assert_frame_equal(got, sorted_frame(bulk.evaluate_table(rules, text)))


def test_a_bad_row_in_a_later_file_is_named_by_its_row_in_the_whole_table(rules: RuleSet, dask_client: Any,
                                                                         tmp_path: Path) -> None:
    rows = province_table()
    rows[17]["地区"] = "火星市"
    ddf = dd.read_csv(_csv_files(tmp_path, rows, per_file=5), dtype=str, keep_default_na=False, na_values=[""])
    with pytest.raises(InputError) as err:
        mzdask.evaluate_table(rules, ddf, name="全省.csv").compute()
    assert str(err.value).startswith("全省.csv:18: C201 jurisdiction: unknown jurisdiction '火星市'")
    with pytest.raises(InputError) as local:
        bulk.evaluate_table(rules, rows, name="全省.csv")
    assert err.value.problems == local.value.problems


def test_a_missing_column_is_refused_before_anything_runs(rules: RuleSet) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"地区": ["杭州市"], "年度": ["2025"], "指标": ["持证护理员数"]}), npartitions=1)
    with pytest.raises(InputError) as err:
        mzdask.evaluate_table(rules, ddf)
    with pytest.raises(InputError) as local:
        bulk.evaluate_table(rules, {"地区": ["杭州市"], "年度": ["2025"], "指标": ["持证护理员数"]})
    assert str(err.value) == str(local.value) and "missing column" in str(err.value)


def test_a_table_that_is_not_a_dask_dataframe_is_refused_with_its_code(rules: RuleSet) -> None:
    with pytest.raises(InputError) as err:
        mzdask.evaluate_table(rules, pd.DataFrame(province_table()))
    assert err.value.code == "B502" and "mzcheck.bulk.evaluate_table" in str(err.value)


def test_empty_partitions_and_an_empty_table_give_no_rows(rules: RuleSet, dask_client: Any) -> None:
    frame = pd.DataFrame(province_table()[:2], columns=list(COLUMNS))
    results = mzdask.evaluate_table(rules, dd.from_pandas(frame, npartitions=2).repartition(npartitions=6)).compute()
    assert set(results["code"]) == {"330100"}
    empty = dd.from_pandas(frame.iloc[:0], npartitions=1)
    assert len(mzdask.evaluate_table(rules, empty).compute()) == 0


def test_dask_knows_a_rule_set_by_a_name_of_its_own_not_by_walking_what_it_keeps() -> None:
    # dask.base.tokenize, called on every graph that holds a rule set, asks RuleSet.__dask_tokenize__: the same
    # name every time for one rule set, another for a copy; never a walk through the answers and wordings kept
    # on the rules as they are used (here, after a check, with an object Dask cannot pickle put among them)
    import dataclasses
    import threading

    from dask.base import tokenize

    import mzcheck
    from mzcheck.load.bundled import bundled_targets

    bundled = mzcheck.load_targets(bundled_targets())
    checked = mzcheck.load_report(Path(__file__).parent.parent / "examples" / "cixi-2024.yaml", bundled)[0]
    mzcheck.evaluate(bundled, checked)
    bundled.rules[0].derived["unpicklable"] = threading.Lock()
    first = tokenize(bundled)
    assert tokenize(bundled) == first
    assert tokenize(dataclasses.replace(bundled)) != first
    assert tokenize(mzcheck.load_targets(bundled_targets())) != first  # another rule set, equal or not
